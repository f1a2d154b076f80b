import CanvassForms
import CanvassStats
import Foundation
import Testing

/// Statistics (percents, intervals, descriptives, test statistics, effects) must match to 1e-12 relative;
/// p-values to 1e-9 relative, or absolutely below 1e-300.
private let statisticTolerance = 1e-12
private let pTolerance = 1e-9

/// Compares a comparison with the reference, collecting every difference with where it is.
private struct ReferenceChecker {
    var differences: [String] = []
    var worstStatistic = 0.0
    var worstP = 0.0
    var checkedValues = 0

    /// NaN is reported as null in the reference.
    private func defined(_ value: Double?) -> Double? {
        guard let value, !value.isNaN else { return nil }
        return value
    }

    private func error(_ a: Double, _ b: Double) -> Double {
        a == b ? 0 : abs(a - b) / max(abs(a), abs(b))
    }

    mutating func same<T: Equatable>(_ got: T, _ expected: T, _ at: @autoclosure () -> String) {
        checkedValues += 1
        if got != expected { differences.append("\(at()): got \(got), expected \(expected)") }
    }

    mutating func statistic(_ got: Double?, _ expected: Double?, _ at: @autoclosure () -> String) {
        checkedValues += 1
        let (got, expected) = (defined(got), defined(expected))
        guard let got, let expected else {
            if got != nil || expected != nil {
                differences.append("\(at()): got \(String(describing: got)), expected \(String(describing: expected))")
            }
            return
        }
        if got.isInfinite || expected.isInfinite {
            if got != expected { differences.append("\(at()): got \(got), expected \(expected)") }
            return
        }
        let e = error(got, expected)
        worstStatistic = max(worstStatistic, e)
        if e > statisticTolerance {
            differences.append("\(at()): got \(got), expected \(expected) (relative error \(e))")
        }
    }

    mutating func p(_ got: Double?, _ expected: Double?, _ at: @autoclosure () -> String) {
        checkedValues += 1
        let (got, expected) = (defined(got), defined(expected))
        guard let got, let expected else {
            if got != nil || expected != nil {
                differences.append(
                    "\(at()): p got \(String(describing: got)), expected \(String(describing: expected))")
            }
            return
        }
        if abs(got - expected) <= 1e-300 { return }
        let e = error(got, expected)
        worstP = max(worstP, e)
        if e > pTolerance { differences.append("\(at()): p got \(got), expected \(expected) (relative error \(e))") }
    }

    mutating func test(_ got: ReportedTest?, _ expected: ComparisonReference.Test?, _ at: String) {
        guard let got, let expected else {
            if got != nil || expected != nil {
                differences.append(
                    "\(at): test got \(String(describing: got)), expected \(String(describing: expected))")
            }
            return
        }
        same(got.name, expected.name, "\(at) test name")
        statistic(got.statistic, expected.statistic, "\(at) \(got.name) statistic")
        statistic(got.df, expected.df, "\(at) \(got.name) df")
        statistic(got.df2, expected.df2, "\(at) \(got.name) df2")
        p(got.p, expected.p, "\(at) \(got.name)")
        p(got.pAdjusted, expected.pAdjusted, "\(at) \(got.name) adjusted")
    }

    mutating func effect(_ got: EffectSize?, _ expected: ComparisonReference.Effect?, _ at: String) {
        guard let got, let expected else {
            if got != nil || expected != nil {
                differences.append(
                    "\(at): effect got \(String(describing: got)), expected \(String(describing: expected))")
            }
            return
        }
        same(got.name, expected.name, "\(at) effect name")
        statistic(got.value, expected.value, "\(at) \(got.name)")
    }

    mutating func pairwise(_ got: [PairwiseComparison], _ expected: [ComparisonReference.Pair]?, _ at: String) {
        let expected = expected ?? []
        same(got.count, expected.count, "\(at) number of pairs")
        for (g, e) in zip(got, expected) {
            let place = "\(at) pair \(e.a)–\(e.b)"
            same([g.a, g.b], [e.a, e.b], "\(place) groups")
            test(g.test, e.test, place)
            effect(g.effect, e.effect, place)
        }
    }

    mutating func question(_ got: QuestionComparison, _ expected: ComparisonReference.Question, _ at: String) {
        same(got.type, expected.type, "\(at) type")
        same(got.section, expected.section, "\(at) section")
        same(got.base, expected.base, "\(at) base")
        same(got.bases, expected.bases.map { Optional($0) }, "\(at) bases")
        same(got.rows.map(\.value), expected.rows.map(\.value), "\(at) row values")
        for (row, reference) in zip(got.rows, expected.rows) {
            let place = "\(at) row \(reference.value)"
            same(row.counts, reference.counts.map { Optional($0) }, "\(place) counts")
            same(row.total, reference.total, "\(place) total")
            same(row.percents.count, reference.percents.count, "\(place) percents")
            for (g, (percent, expected)) in zip(row.percents, reference.percents).enumerated() {
                statistic(percent, expected, "\(place) percent [\(g)]")
            }
            for (g, (interval, expected)) in zip(row.intervals, reference.intervals).enumerated() {
                statistic(interval?.lower, expected?[0], "\(place) interval lower [\(g)]")
                statistic(interval?.upper, expected?[1], "\(place) interval upper [\(g)]")
            }
            same(row.percentsOfResponses == nil, reference.percentsOfResponses == nil, "\(place) % of responses given")
            for (g, (percent, expected)) in zip(row.percentsOfResponses ?? [], reference.percentsOfResponses ?? [])
                .enumerated()
            {
                statistic(percent, expected, "\(place) % of responses [\(g)]")
            }
            test(row.test, reference.test, place)
            effect(row.effect, reference.effect, place)
            pairwise(row.pairwise, reference.pairwise, place)
        }
        same(got.missing.map(\.value), expected.missing.map(\.value), "\(at) missing values")
        for (row, reference) in zip(got.missing, expected.missing) {
            same(row.counts, reference.counts.map { Optional($0) }, "\(at) missing \(reference.value) counts")
            same(row.total, reference.total, "\(at) missing \(reference.value) total")
        }
        same(got.summary.map(\.group), expected.summary.map(\.group), "\(at) summary groups")
        for (s, e) in zip(got.summary, expected.summary) {
            let place = "\(at) summary \(e.group)"
            same(s.n, e.n, "\(place) n")
            statistic(s.mean, e.mean, "\(place) mean")
            statistic(s.sd, e.sd, "\(place) sd")
            statistic(s.min, e.min, "\(place) min")
            statistic(s.q1, e.q1, "\(place) q1")
            statistic(s.median, e.median, "\(place) median")
            statistic(s.q3, e.q3, "\(place) q3")
            statistic(s.max, e.max, "\(place) max")
            statistic(s.top2, e.top2, "\(place) top2")
            statistic(s.bottom2, e.bottom2, "\(place) bottom2")
            statistic(s.net, e.net, "\(place) net")
        }
        test(got.test, expected.test, at)
        effect(got.effect, expected.effect, at)
        pairwise(got.pairwise, expected.pairwise, at)
    }

    /// Records the differences as issues (the first 40, then how many more).
    func report(_ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for difference in differences.prefix(40) {
            Issue.record("\(what): \(difference)", sourceLocation: sourceLocation)
        }
        if differences.count > 40 {
            Issue.record("\(what): \(differences.count - 40) more differences", sourceLocation: sourceLocation)
        }
        print("\(what): \(checkedValues) values, worst statistic error \(worstStatistic), worst p error \(worstP)")
    }
}

@Suite("Comparisons of a dataset against scipy, numpy and statsmodels")
struct ComparisonReferenceTests {
    private static func reference() throws -> ComparisonReference {
        switch ComparisonReference.loaded {
        case .success(let reference): return reference
        case .failure(let error):
            Issue.record("Fixtures/comparison_reference.json could not be read: \(error)")
            throw error
        }
    }

    /// The comparison of the fixture's responses for a reference case, read by `workers`.
    private static func comparison(_ c: ComparisonReference.Case, workers: Int = 4) throws -> (Tallies, Comparison) {
        let reference = try reference()
        let plan = try AnalysisPlan(form: statsCheckForm, by: c.by, groups: c.groups)
        let path = ComparisonReference.fixtures.appendingPathComponent(reference.responsesFile).path
        let tallies = try ResponseReading.tally(plan, files: [ResponseFile(path: path)], workers: workers)
        return (tallies, Comparison(plan: plan, tallies: tallies))
    }

    static let caseNames = ["summary", "by_region", "by_region_two", "by_outcome", "by_outcome_two", "by_member"]

    @Test("The fixture was read and describes the test form")
    func fixture() throws {
        let reference = try Self.reference()
        #expect(reference.form == statsCheckFormText)
        #expect(reference.cases.map(\.name) == Self.caseNames)
        var names: Set<String> = []
        for q in reference.cases.flatMap(\.questions) {
            if let test = q.test { names.insert(test.name) }
            for pair in q.pairwise ?? [] { names.insert(pair.test.name) }
            for row in q.rows {
                if let test = row.test { names.insert(test.name) }
                for pair in row.pairwise ?? [] { names.insert(pair.test.name) }
            }
        }
        // Every test of the conventions is exercised.
        #expect(names == ["chi_square", "fisher_exact", "mann_whitney_u", "kruskal_wallis", "welch_t", "welch_anova"])
    }

    @Test("Groups, bases, counts, percents, intervals, descriptives, tests and effects match", arguments: caseNames)
    func matches(name: String) throws {
        let reference = try Self.reference()
        let c = try #require(reference.cases.first { $0.name == name })
        let (tallies, comparison) = try Self.comparison(c)
        var checker = ReferenceChecker()
        checker.same(comparison.by, c.by, "by")
        checker.same(comparison.responses, c.responses, "responses")
        checker.same(comparison.rows, c.rows, "rows")
        checker.same(tallies.ungrouped, c.ungrouped, "ungrouped")
        checker.same(comparison.groups.map(\.value), c.groupsOut.map(\.value), "group values")
        checker.same(comparison.groups.map(\.label), c.groupsOut.map(\.label), "group labels")
        checker.same(comparison.groups.map(\.n), c.groupsOut.map { Optional($0.n) }, "group sizes")
        // A repeat section's questions grouped by their response's answer are checked on their own, below.
        let expected = c.questions.filter { c.by == nil || $0.section == nil || c.by == "outcome" }
        let compared = comparison.questions.filter { c.by == nil || c.by == "outcome" || $0.section == nil }
        checker.same(compared.map(\.id), expected.map(\.id), "questions compared")
        for reference in expected {
            guard let got = comparison.questions.first(where: { $0.id == reference.id }) else { continue }
            checker.question(got, reference, reference.id)
        }
        checker.report(name)
    }

    @Test(
        "A repeat section's questions are compared, each entry grouped by its response's answer",
        arguments: ["by_region", "by_region_two", "by_member"])
    func repeatEntriesByResponse(name: String) throws {
        let reference = try Self.reference()
        let c = try #require(reference.cases.first { $0.name == name })
        let (_, comparison) = try Self.comparison(c)
        let expected = c.questions.filter { $0.section != nil }
        #expect(expected.map(\.id) == ["outcome", "ease", "value", "bid_again"])
        let missing = expected.map(\.id).filter { id in !comparison.questions.contains { $0.id == id } }
        #expect(
            missing.isEmpty,
            "not compared: \(missing); notes: \(comparison.notes.filter { $0.contains("not compared") })")
        var checker = ReferenceChecker()
        for reference in expected {
            guard let got = comparison.questions.first(where: { $0.id == reference.id }) else { continue }
            checker.question(got, reference, reference.id)
        }
        checker.report(name)
    }

    @Test("The notes count the corrections, the other form and the older version")
    func notes() throws {
        let reference = try Self.reference()
        let c = try #require(reference.cases.first { $0.name == "by_region" })
        let (tallies, comparison) = try Self.comparison(c)
        #expect(tallies.replacedSkipped == reference.replaced)
        #expect(tallies.otherForms == ["other-form": reference.otherForms])
        #expect(comparison.notes.contains("3 response(s) to the form 'other-form' were skipped"), "\(comparison.notes)")
        #expect(
            comparison.notes.contains("6 response(s) replaced by a correction were left out"))
        let version = comparison.notes.first { $0.hasPrefix("version 2: ") }
        #expect(
            version?.contains("answers to questions not in 3 were left out: legacy_question (4)") == true,
            "\(version ?? "")")
        #expect(version?.contains("answers 3 does not allow were counted as not valid: satisfaction (1)") == true)
        #expect(comparison.notes.contains("32 response(s) are in no group of region: dont_know 15, unanswered 17"))
    }
}
