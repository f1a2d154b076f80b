public import CanvassStats
import Foundation

extension Comparison {
    /// The significance level the findings use (each question's own test, not adjusted across questions).
    public static let findingsLevel = 0.05

    /// What a question's test found, in plain words, for a committee: which groups differ and in which direction,
    /// with the test behind it, or that there is no significant difference. Nil when nothing was tested.
    ///
    /// With three or more groups, the two groups named are a pair whose own (adjusted) test is significant.
    /// Where a figure is suppressed, the sentence names no group.
    public func finding(for question: QuestionComparison) -> String? {
        guard let sentence = sentence(for: question), let first = sentence.first else { return nil }
        return first.uppercased() + sentence.dropFirst()
    }

    private func sentence(for question: QuestionComparison) -> String? {
        let optionTests = question.rows.compactMap { row in row.test.map { ($0, row.effect, row.pairwise, row) } }
        let headline =
            question.test.map { ($0, question.effect, question.pairwise) }
            ?? optionTests.first.map { ($0.0, $0.1, $0.2) }
        guard let (test, effect, pairs) = headline, test.p.isFinite else { return nil }
        let topic = Self.topic(question.label)
        if question.type == "select_multiple" {
            // Each option was tested: the one that differs most clearly.
            let significant = optionTests.filter { $0.0.p < Self.findingsLevel }.sorted { $0.0.p < $1.0.p }
            guard let (best, bestEffect, bestPairs, row) = significant.first else {
                return "No option of \(topic) was ticked significantly more often in one group than another."
            }
            return shareFinding(
                topic: topic, row: row, test: best, effect: bestEffect, pairs: bestPairs,
                lead: "\"\(row.label)\" was ticked by")
        }
        let evidence = Self.evidence(test, effect)
        guard test.p < Self.findingsLevel else {
            return "No significant difference between the groups in \(topic) (\(evidence))."
        }
        // A hidden figure would make any named comparison misleading (the extreme group may be the hidden one).
        let hidden = question.summary.contains { $0.n == nil } || question.rows.contains { $0.counts.contains(nil) }
        if hidden { return "The groups differ in \(topic) (\(evidence)); some figures are suppressed." }
        switch question.type {
        case "likert", "rank", "integer", "decimal":
            let means = Dictionary(
                question.summary.compactMap { s in s.mean.map { (s.group, $0) } }, uniquingKeysWith: { a, _ in a })
            guard let (high, low) = namedPair(pairs, means: means) else {
                return "The groups differ in \(topic) (\(evidence)), but no two groups differ significantly once "
                    + "the pairs are adjusted."
            }
            let (a, b) = (means[high] ?? .nan, means[low] ?? .nan)
            switch question.type {
            case "rank":
                // Rank 1 is first: the lower mean is nearer first.
                return "\(phrase(low)) ranked \(topic) nearer first than \(phrase(high)): mean rank "
                    + "\(Self.number(b)) against \(Self.number(a)) (\(evidence))."
            case "likert":
                let end = question.rows.last?.label ?? "the top of the scale"
                return "\(phrase(high)) leaned more towards \"\(end)\" than \(phrase(low)) on \(topic): mean "
                    + "\(Self.number(a)) against \(Self.number(b)) on a 1–\(question.rows.count) scale (\(evidence))."
            default:
                return "\(phrase(high)) gave higher answers than \(phrase(low)) to \(topic): mean \(Self.number(a)) "
                    + "against \(Self.number(b)) (\(evidence))."
            }
        default:
            return shareFinding(
                topic: topic, row: nil, test: test, effect: effect, pairs: pairs, question: question,
                lead: "")
        }
    }

    /// The answer whose share differs most between two groups that differ significantly.
    private func shareFinding(
        topic: String, row: CountRow?, test: ReportedTest, effect: EffectSize?, pairs: [PairwiseComparison],
        question: QuestionComparison? = nil, lead: String
    ) -> String {
        let evidence = Self.evidence(test, effect)
        let rows = row.map { [$0] } ?? question?.rows ?? []
        if rows.contains(where: { $0.counts.contains(nil) }) {
            return "The groups differ in \(topic) (\(evidence)); some figures are suppressed."
        }
        let allowed = allowedPairs(pairs)
        var best: (row: CountRow, high: Int, low: Int, gap: Double)?
        for candidate in rows {
            for (i, a) in candidate.percents.enumerated() {
                for (j, b) in candidate.percents.enumerated() where i != j {
                    guard let a, let b, a > b, allowed(groups[i].value, groups[j].value) else { continue }
                    if a - b > best?.gap ?? -1 { best = (candidate, i, j, a - b) }
                }
            }
        }
        guard let best, let high = best.row.percents[best.high], let low = best.row.percents[best.low] else {
            return "The groups differ in \(topic) (\(evidence)), but no two groups differ significantly once the "
                + "pairs are adjusted."
        }
        let (a, b) = (phrase(groups[best.high].value), phrase(groups[best.low].value))
        if row != nil {
            return "\(lead) \(Self.percent(high))% of \(a) against \(Self.percent(low))% of \(b) (\(evidence))."
        }
        return "\"\(best.row.label)\" was the answer of \(Self.percent(high))% of \(a) against "
            + "\(Self.percent(low))% of \(b) to \(topic) (\(evidence))."
    }

    /// Whether two groups may be named: with pairs tested, only a pair whose adjusted p is significant.
    private func allowedPairs(_ pairs: [PairwiseComparison]) -> (String, String) -> Bool {
        guard !pairs.isEmpty else { return { _, _ in true } }
        let significant = Set(
            pairs.filter { ($0.test.pAdjusted ?? $0.test.p) < Self.findingsLevel }.map { [$0.a, $0.b].sorted() })
        return { a, b in significant.contains([a, b].sorted()) }
    }

    /// The pair with the largest difference in means among those that may be named: (higher, lower).
    private func namedPair(_ pairs: [PairwiseComparison], means: [String: Double]) -> (String, String)? {
        let allowed = allowedPairs(pairs)
        var best: (String, String, Double)?
        for a in means.keys.sorted() {
            for b in means.keys.sorted() where a != b {
                guard let x = means[a], let y = means[b], x > y, allowed(a, b) else { continue }
                if x - y > best?.2 ?? -1 { best = (a, b, x - y) }
            }
        }
        return best.map { ($0.0, $0.1) }
    }

    /// How a group is named in a sentence: those who gave that answer to the grouping question.
    func phrase(_ value: String) -> String {
        let label = groups.first { $0.value == value }?.label ?? value
        if by == "formVersion" { return "responses to version \(label)" }
        return "those answering \"\(label)\""
    }

    /// "Mann–Whitney p < 0.001, r = 0.44" (the effect's size, whichever group is higher).
    static func evidence(_ test: ReportedTest, _ effect: EffectSize?) -> String {
        let names = [
            "chi_square": "chi-square", "fisher_exact": "Fisher's exact test", "mann_whitney_u": "Mann–Whitney",
            "kruskal_wallis": "Kruskal–Wallis", "welch_t": "Welch's t", "welch_anova": "Welch's ANOVA",
        ]
        let effects = ["cramers_v": "V", "rank_biserial": "r", "cohens_d": "d", "epsilon_squared": "ε²"]
        var text = "\(names[test.name] ?? test.name) " + pText(test.p)
        if let effect, effect.value.isFinite {
            text += ", \(effects[effect.name] ?? effect.name) = " + String(format: "%.2f", abs(effect.value))
        }
        return text
    }

    /// "p < 0.001", or p to three significant figures.
    static func pText(_ p: Double) -> String {
        p < 0.001 ? "p < 0.001" : "p = " + String(format: "%.3g", p)
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
