public import CanvassStats
import Foundation

extension Comparison {
    /// What a question's test found, in plain words, for a committee: the direction of a difference and the test
    /// behind it, or that there is no significant difference. Nil when nothing was tested.
    public func finding(for question: QuestionComparison, significance: Double = 0.05) -> String? {
        guard let test = question.test, test.p.isFinite else { return nil }
        let evidence = Self.evidence(test, question.effect)
        let topic = Self.topic(question.label)
        guard test.p < significance else {
            return "No significant difference between the groups in \(topic) (\(evidence))."
        }
        let labels = Dictionary(groups.map { ($0.value, $0.label) }, uniquingKeysWith: { first, _ in first })
        let summaries = question.summary.filter { $0.mean != nil }
        switch question.type {
        case "likert", "rank":
            if summaries.count >= 2, let high = summaries.max(by: { ($0.mean ?? 0) < ($1.mean ?? 0) }),
                let low = summaries.min(by: { ($0.mean ?? 0) < ($1.mean ?? 0) })
            {
                let word = question.type == "rank" ? "ranked it further from first" : "answered higher on the scale"
                return "\(labels[high.group] ?? high.group) \(word) than \(labels[low.group] ?? low.group) on "
                    + "\(topic): mean \(Self.number(high.mean)) against \(Self.number(low.mean)) (\(evidence))."
            }
        case "integer", "decimal":
            if summaries.count >= 2, let high = summaries.max(by: { ($0.mean ?? 0) < ($1.mean ?? 0) }),
                let low = summaries.min(by: { ($0.mean ?? 0) < ($1.mean ?? 0) })
            {
                return "\(labels[high.group] ?? high.group) gave higher answers than \(labels[low.group] ?? low.group) "
                    + "to \(topic): mean \(Self.number(high.mean)) against \(Self.number(low.mean)) (\(evidence))."
            }
        default:
            // The answer whose share differs most between two groups.
            var best: (row: CountRow, high: Int, low: Int, gap: Double)?
            for row in question.rows {
                let shares = row.percents.enumerated().compactMap { g, p in p.map { (g, $0) } }
                guard let high = shares.max(by: { $0.1 < $1.1 }), let low = shares.min(by: { $0.1 < $1.1 }) else {
                    continue
                }
                if high.1 - low.1 > best?.gap ?? -1 { best = (row, high.0, low.0, high.1 - low.1) }
            }
            if let best, let high = best.row.percents[best.high], let low = best.row.percents[best.low] {
                return "The groups answered \(topic) differently: \"\(best.row.label)\" was "
                    + "\(Self.percent(high))% of \(groups[best.high].label) against \(Self.percent(low))% of "
                    + "\(groups[best.low].label) (\(evidence))."
            }
        }
        return "The groups differ in \(topic) (\(evidence))."
    }

    /// "Mann–Whitney p < 0.001, r = 0.44".
    static func evidence(_ test: ReportedTest, _ effect: EffectSize?) -> String {
        let names = [
            "chi_square": "chi-square", "fisher_exact": "Fisher's exact test", "mann_whitney_u": "Mann–Whitney",
            "kruskal_wallis": "Kruskal–Wallis", "welch_t": "Welch's t", "welch_anova": "Welch's ANOVA",
        ]
        let effects = ["cramers_v": "V", "rank_biserial": "r", "cohens_d": "d", "epsilon_squared": "ε²"]
        let p = test.p < 0.001 ? "p < 0.001" : "p = " + String(format: "%.3f", test.p)
        var text = "\(names[test.name] ?? test.name) \(p)"
        if let effect, effect.value.isFinite {
            text += ", \(effects[effect.name] ?? effect.name) = " + String(format: "%.2f", effect.value)
        }
        return text
    }

    /// The question as a topic: its text without a closing question mark.
    static func topic(_ label: String) -> String {
        var text = label.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("?") || text.hasSuffix(".") { text.removeLast() }
        return "\"\(text)\""
    }

    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return abs(value) >= 100 ? String(format: "%.0f", value) : String(format: "%.2f", value)
    }
}
