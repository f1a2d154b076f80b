import CanvassForms
import CanvassStats
import Foundation
import Testing

/// A random small dataset of the test form: 2 to 4 regions of 0 to 14 responses each, with answers skewed so that
/// tables have many small counts. No answer is invalid, so every additive relation a reader sees is complete.
private struct RandomDataset {
    let seed: UInt64
    let groups: [String]
    let minCell: Int
    let responses: [String]

    init(seed: UInt64) {
        self.seed = seed
        var generator = SeededGenerator(seed: seed)
        func below(_ n: Int) -> Int { Int(generator.next() % UInt64(n)) }
        let regions = ["north", "south", "east", "west"].shuffled(using: &generator)
        groups = Array(regions.prefix(2 + below(3)))
        minCell = 2 + below(5)
        var responses: [String] = []
        for region in groups {
            // Sizes from 0 up, often just under or at the threshold.
            let size = [0, 1, 2, 3, 4, 5, 6, 8, 10, 14][below(10)]
            for _ in 0..<size {
                var answers = ["\"region\":\"\(region)\""]
                switch below(6) {
                case 0: break
                case 1, 2: answers.append("\"member\":true")
                default: answers.append("\"member\":false")
                }
                let weights = [0, 1, 1, 2, 2, 2, 3, 4, 4, 4, 5, 6, 7]
                switch weights[below(weights.count)] {
                case 0: break
                case 6: answers.append("\"satisfaction\":\"dont_know\"")
                case 7: answers.append("\"satisfaction\":null")
                case let point: answers.append("\"satisfaction\":\(point)")
                }
                let options = ["web", "phone", "email", "post"]
                switch below(8) {
                case 0: break
                case 1: answers.append("\"channels\":[\"dont_know\"]")
                case 2: answers.append("\"channels\":[\"none\"]")
                default:
                    let chosen = options.filter { _ in below(3) == 0 }
                    answers.append("\"channels\":[\(chosen.map { "\"\($0)\"" }.joined(separator: ","))]")
                }
                if below(4) != 0 { answers.append("\"days\":\(below(20))") }
                if below(3) == 0 { answers.append("\"comments\":\"x\"") }
                responses.append(
                    responseJSON(id: "r\(responses.count)", answers: "{\(answers.joined(separator: ","))}"))
            }
        }
        self.responses = responses
    }

    /// The comparison with `minCell` (or none).
    func comparison(minCell: Int? = nil) throws -> Comparison {
        try compare(
            responses, by: "region", groups: groups,
            questions: ["member", "satisfaction", "channels", "days", "comments"],
            method: ComparisonMethod(minCell: minCell ?? self.minCell))
    }
}

/// The seeds of the property tests.
private let seeds: [UInt64] = Array(1...300)

/// What a reader of a published comparison knows: every number shown, and every number worked out from them
/// through additive relations (cells to a row's or a column's total), one subtraction after another.
private struct ReaderKnowledge {
    private(set) var names: [String] = []
    private(set) var truth: [Int] = []
    private(set) var published: [Bool] = []
    private(set) var known: [Bool] = []
    private(set) var isTotal: [Bool] = []
    private(set) var relations: [[Int]] = []

    /// Adds a number (nil when suppressed or not published), a group's or a total across groups, and returns
    /// its index.
    mutating func add(_ name: String, shown: Int?, truth value: Int, isTotal total: Bool = false) -> Int {
        names.append(name)
        isTotal.append(total)
        truth.append(value)
        published.append(shown != nil)
        known.append(shown != nil)
        return names.count - 1
    }

    /// Adds a relation: the members add up to the last.
    mutating func relate(_ members: [Int]) { relations.append(members) }

    /// Works out everything a chain of subtractions gives.
    mutating func close() {
        var changed = true
        while changed {
            changed = false
            for relation in relations {
                let unknown = relation.filter { !known[$0] }
                if unknown.count == 1 {
                    known[unknown[0]] = true
                    changed = true
                }
            }
        }
    }

    /// The suppressed numbers between 1 and `minimum` − 1 a reader can work out: groups' counts, or totals.
    func disclosed(minimum: Int, totals: Bool) -> [String] {
        names.indices.filter { !published[$0] && known[$0] && truth[$0] > 0 && truth[$0] < minimum }
            .filter { isTotal[$0] == totals }
            .map { "\(names[$0]) = \(truth[$0])" }
    }
}

/// The reader's knowledge of a comparison (`truth` is the same comparison without suppression): the group sizes
/// adding up to all rows, and in each question each group's column (values to the base; base, missing options
/// and unanswered to the group's size), each row across groups to its total, and the totals column.
private func knowledge(_ shown: Comparison, _ truth: Comparison) -> ReaderKnowledge {
    var reader = ReaderKnowledge()
    let sizes = zip(shown.groups, truth.groups).map { reader.add("n[\($0.value)]", shown: $0.n, truth: $1.n ?? -1) }
    let rows = reader.add("rows", shown: shown.rows, truth: truth.rows ?? -1, isTotal: true)
    reader.relate(sizes + [rows])
    for (q, t) in zip(shown.questions, truth.questions) {
        let groups = q.bases.indices
        func cells(_ name: String, _ counts: [Int?], _ total: Int?, _ trueCounts: [Int?], _ trueTotal: Int?) -> [Int] {
            let row = groups.map {
                reader.add("\(q.id) \(name)[\($0)]", shown: counts[$0], truth: trueCounts[$0] ?? -1)
            }
            let total = reader.add("\(q.id) \(name) total", shown: total, truth: trueTotal ?? -1, isTotal: true)
            reader.relate(row + [total])
            return row + [total]
        }
        let values = zip(q.rows, t.rows).map { cells($0.value, $0.counts, $0.total, $1.counts, $1.total) }
        let missing = zip(q.missing, t.missing).map { cells($0.value, $0.counts, $0.total, $1.counts, $1.total) }
        let base = cells("base", q.bases, q.base, t.bases, t.base)
        let sumsToBase = !values.isEmpty && q.type != "select_multiple"
        for g in Array(groups) + [groups.count] {
            if sumsToBase { reader.relate(values.map { $0[g] } + [base[g]]) }
            reader.relate([base[g]] + missing.map { $0[g] } + [g < groups.count ? sizes[g] : rows])
        }
    }
    reader.close()
    return reader
}

/// Every published count of a question with the true value, and where it is.
private func publishedCounts(_ q: QuestionComparison, _ truth: QuestionComparison) -> [(String, Int?, Int)] {
    var result: [(String, Int?, Int)] = []
    for (row, trueRow) in zip(q.rows, truth.rows) {
        for (g, (count, value)) in zip(row.counts, trueRow.counts).enumerated() {
            result.append(("\(row.value)[\(g)]", count, value ?? -1))
        }
        result.append(("\(row.value) total", row.total, trueRow.total ?? -1))
    }
    for (row, trueRow) in zip(q.missing, truth.missing) {
        for (g, (count, value)) in zip(row.counts, trueRow.counts).enumerated() {
            result.append(("\(row.value)[\(g)]", count, value ?? -1))
        }
        result.append(("\(row.value) total", row.total, trueRow.total ?? -1))
    }
    for (g, (base, value)) in zip(q.bases, truth.bases).enumerated() {
        result.append(("base[\(g)]", base, value ?? -1))
    }
    result.append(("base", q.base, truth.base ?? -1))
    return result
}

@Suite("Disclosure control (--min-cell)")
struct DisclosureControlTests {
    @Test("No published count is between 1 and N − 1, and every published count is the true one", arguments: seeds)
    func primary(seed: UInt64) throws {
        let data = RandomDataset(seed: seed)
        let shown = try data.comparison()
        let truth = try data.comparison(minCell: 0)
        let n = data.minCell
        for (group, trueGroup) in zip(shown.groups, truth.groups) {
            let size = try #require(trueGroup.n)
            #expect(group.n == nil || group.n == size, "seed \(seed): group \(group.value)")
            if size > 0 && size < n {
                #expect(group.n == nil, "seed \(seed), N \(n): group \(group.value) of \(size) is shown")
            }
        }
        for (q, t) in zip(shown.questions, truth.questions) {
            for (place, count, value) in publishedCounts(q, t) {
                guard let count else { continue }
                #expect(count == value, "seed \(seed): \(q.id) \(place)")
                #expect(count == 0 || count >= n, "seed \(seed), N \(n): \(q.id) \(place) = \(count) is shown")
            }
        }
    }

    @Test("No count under N can be worked back by subtraction, through any chain of relations", arguments: seeds)
    func secondary(seed: UInt64) throws {
        let data = RandomDataset(seed: seed)
        let reader = knowledge(try data.comparison(), try data.comparison(minCell: 0))
        let disclosed = reader.disclosed(minimum: data.minCell, totals: false)
        #expect(disclosed.isEmpty, "seed \(seed), N \(data.minCell): \(disclosed)")
    }

    @Test("Nor can a total across groups under N (when all rows number N or more)", arguments: seeds)
    func totals(seed: UInt64) throws {
        let data = RandomDataset(seed: seed)
        let shown = try data.comparison()
        guard let rows = shown.rows, rows >= data.minCell else { return }
        let reader = knowledge(shown, try data.comparison(minCell: 0))
        let disclosed = reader.disclosed(minimum: data.minCell, totals: true)
        #expect(disclosed.isEmpty, "seed \(seed), N \(data.minCell), \(shown.rows) rows: \(disclosed)")
    }

    @Test("Percents and intervals of suppressed counts, or of suppressed bases, are not shown", arguments: seeds)
    func percents(seed: UInt64) throws {
        let data = RandomDataset(seed: seed)
        let shown = try data.comparison()
        let truth = try data.comparison(minCell: 0)
        for (q, t) in zip(shown.questions, truth.questions) {
            for (row, trueRow) in zip(q.rows, t.rows) {
                for g in row.counts.indices {
                    let hidden = row.counts[g] == nil || q.bases[g] == nil
                    if row.counts[g] == nil {
                        #expect(
                            row.percentsOfResponses?[g] == nil,
                            "seed \(seed): \(q.id) \(row.value)[\(g)] % of responses")
                    }
                    if hidden {
                        #expect(row.percents[g] == nil, "seed \(seed): \(q.id) \(row.value)[\(g)] percent")
                        #expect(row.intervals[g] == nil, "seed \(seed): \(q.id) \(row.value)[\(g)] interval")
                    } else {
                        #expect(row.percents[g] == trueRow.percents[g], "seed \(seed): \(q.id) \(row.value)[\(g)]")
                    }
                }
            }
            // A summary is shown only for a published base (its n would give the base back), and its n is that base.
            for (g, summary) in q.summary.enumerated() where summary.n != nil || summary.mean != nil {
                #expect(
                    q.bases[g] != nil && summary.n == q.bases[g],
                    "seed \(seed), N \(data.minCell): \(q.id) summary \(g) has n \(String(describing: summary.n)), base \(String(describing: q.bases[g])) (true \(String(describing: t.bases[g])))"
                )
                #expect(shown.groups[g].n != nil, "seed \(seed): \(q.id) summary of a suppressed group")
            }
        }
    }

    @Test("Percents of responses do not give back a suppressed count of a select_multiple", arguments: seeds)
    func percentsOfResponses(seed: UInt64) throws {
        let data = RandomDataset(seed: seed)
        let shown = try data.comparison()
        let q = try #require(question("channels", in: shown))
        for g in q.bases.indices {
            // A shown count with its percent of all ticks gives the group's number of ticks, the options' sum.
            let ticksKnown = q.rows.contains { row in
                (row.counts[g] ?? 0) > 0 && row.percentsOfResponses?[g] != nil
            }
            let suppressed = q.rows.filter { $0.counts[g] == nil }.count
            #expect(
                !ticksKnown || suppressed != 1,
                "seed \(seed), N \(data.minCell): group \(g): \(q.rows.map { $0.counts[g].map(String.init) ?? "*" }) with % of responses \(q.rows.map { $0.percentsOfResponses?[g] as Any })"
            )
        }
    }

    @Test(
        "A scale's summary (mean, top two, bottom two) is not shown beside suppressed counts it would give back",
        arguments: seeds)
    func summaries(seed: UInt64) throws {
        let data = RandomDataset(seed: seed)
        let shown = try data.comparison()
        let q = try #require(question("satisfaction", in: shown))
        for (g, summary) in q.summary.enumerated() where summary.mean != nil || summary.top2 != nil {
            let suppressed = q.rows.filter { $0.counts[g] == nil }.map(\.value)
            #expect(
                suppressed.isEmpty,
                "seed \(seed), N \(data.minCell): group \(g) shows mean \(summary.mean ?? .nan), top2 \(summary.top2 ?? .nan) with \(q.rows.map { $0.counts[g].map(String.init) ?? "*" }) (n \(String(describing: summary.n)))"
            )
        }
    }

    @Test("With --min-cell 0 or 1 nothing is suppressed")
    func off() throws {
        for seed in seeds.prefix(40) {
            let data = RandomDataset(seed: seed)
            for minCell in [0, 1] {
                let comparison = try data.comparison(minCell: minCell)
                #expect(comparison.groups.allSatisfy { $0.n != nil })
                for q in comparison.questions {
                    #expect(publishedCounts(q, q).allSatisfy { $0.1 != nil }, "seed \(seed): \(q.id)")
                    #expect(!q.notes.contains { $0.contains("suppressed") })
                }
            }
        }
    }

    @Test("A small count is starred and so is a complement; the note says why")
    func example() throws {
        // North: 1 member of 9; south: 5 of 10. Minimum 3.
        var answers: [String] = []
        for i in 0..<9 {
            answers.append(responseJSON(id: "n\(i)", answers: "{\"region\":\"north\",\"member\":\(i == 0)}"))
        }
        for i in 0..<10 {
            answers.append(responseJSON(id: "s\(i)", answers: "{\"region\":\"south\",\"member\":\(i < 5)}"))
        }
        let comparison = try compare(
            answers, by: "region", groups: ["north", "south"], questions: ["member"],
            method: ComparisonMethod(minCell: 3))
        let member = try #require(question("member", in: comparison))
        let yes = try #require(row("yes", of: member))
        #expect(yes.counts[0] == nil)
        #expect(yes.percents[0] == nil)
        // The yes row's total and north's column would give the 1 back: each needs a second star.
        #expect(yes.counts[1] == nil || yes.total == nil)
        #expect(row("no", of: member)?.counts[0] == nil || member.bases[0] == nil)
        #expect(
            member.notes.contains("* counts under 3, and others they could be worked out from, are suppressed"),
            "\(member.notes)")
        #expect(comparison.groups.map(\.n) == [9, 10])
    }
}
