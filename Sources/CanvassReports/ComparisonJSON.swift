public import CanvassForms
public import CanvassStats

extension Comparison {
    /// The comparison as DESIGN.md's JSON contract (keys are never renamed, only added).
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "form": .string(form), "formVersion": .string(formVersion), "by": by.map(JSONValue.string) ?? .null,
            "responses": Self.count(responses), "rows": Self.count(rows), "unit": .string(unit),
            "groups": .array(
                groups.map { group in
                    .object(["value": .string(group.value), "label": .string(group.label), "n": Self.count(group.n)])
                }),
            "method": .object([
                "ci": .string("wilson"), "level": .number(method.level), "quantiles": .string("type7"),
                "adjust": .string(method.adjust.rawValue), "adjustAcrossQuestions": .bool(method.adjustAcrossQuestions),
                "minCell": .number(Double(method.minCell)),
            ]),
            "questions": .array(questions.map(\.json)),
            "notes": .array(notes.map(JSONValue.string)),
        ]
        if let byLabel { object["byLabel"] = .string(byLabel) }
        return .object(object)
    }

    /// A count, or null where it is suppressed.
    static func count(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }

    static func number(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number(value)
    }
}

extension QuestionComparison {
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "label": .string(label), "type": .string(type),
            "base": Comparison.count(base), "bases": .array(bases.map(Comparison.count)),
            "missing": .object(
                Dictionary(uniqueKeysWithValues: missing.map { ($0.value, Comparison.count($0.total)) })),
            "missingByGroup": .object(
                Dictionary(uniqueKeysWithValues: missing.map { ($0.value, .array($0.counts.map(Comparison.count))) })),
            "rows": .array(rows.map(\.json)),
            "notes": .array(notes.map(JSONValue.string)),
        ]
        if let section { object["section"] = .string(section) }
        if !summary.isEmpty { object["summary"] = .array(summary.map(\.json)) }
        if let test { object["test"] = test.json }
        if let effect { object["effect"] = effect.json }
        if !pairwise.isEmpty { object["pairwise"] = .array(pairwise.map(\.json)) }
        if let texts { object["texts"] = .array(texts.map { .array($0.map(JSONValue.string)) }) }
        return .object(object)
    }
}

extension CountRow {
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "value": .string(value), "label": .string(label), "counts": .array(counts.map(Comparison.count)),
            "percents": .array(percents.map(Comparison.number)), "total": Comparison.count(total),
            "ci": .array(intervals.map { $0.map { .array([.number($0.lower), .number($0.upper)]) } ?? .null }),
        ]
        if let percentsOfResponses {
            object["percentsOfResponses"] = .array(percentsOfResponses.map(Comparison.number))
        }
        if let test { object["test"] = test.json }
        if let effect { object["effect"] = effect.json }
        if !pairwise.isEmpty { object["pairwise"] = .array(pairwise.map(\.json)) }
        return .object(object)
    }
}

extension GroupSummary {
    var json: JSONValue {
        var object: [String: JSONValue] = ["group": .string(group), "n": Comparison.count(n)]
        let fields: [(String, Double?)] = [
            ("mean", mean), ("sd", sd), ("min", min), ("q1", q1), ("median", median), ("q3", q3), ("max", max),
            ("top2", top2), ("bottom2", bottom2), ("net", net),
        ]
        for (key, value) in fields where value != nil { object[key] = Comparison.number(value) }
        if n != nil && mean == nil { object["suppressed"] = .bool(true) }
        return .object(object)
    }
}

extension ReportedTest {
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "name": .string(name), "statistic": Comparison.number(statistic), "p": Comparison.number(p),
        ]
        if let df { object["df"] = Comparison.number(df) }
        if let df2 { object["df2"] = Comparison.number(df2) }
        if let pAdjusted { object["pAdjusted"] = Comparison.number(pAdjusted) }
        if let pAcrossQuestions { object["pAcrossQuestions"] = Comparison.number(pAcrossQuestions) }
        if let note { object["note"] = .string(note) }
        return .object(object)
    }
}

extension EffectSize {
    var json: JSONValue { .object(["name": .string(name), "value": Comparison.number(value)]) }
}

extension PairwiseComparison {
    var json: JSONValue {
        var object: [String: JSONValue] = ["a": .string(a), "b": .string(b), "test": test.json]
        if let effect { object["effect"] = effect.json }
        return .object(object)
    }
}
