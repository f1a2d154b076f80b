import CanvassForms
import Foundation
import Testing

@testable import CanvassStats

/// Inputs a review found mishandled: each is now refused, counted as not valid, or counted once.
@Suite("Awkward input and disclosure through tests")
struct ReviewFindingsTests {
    @Test("A ranking longer than its options, or naming one twice or an unknown one, is not valid (never out of range)")
    func badRankings() throws {
        let responses = [
            responseJSON(id: "a", answers: #"{"region":"north","priorities":["x","x","x","x","x","x","cost"]}"#),
            responseJSON(id: "b", answers: #"{"region":"north","priorities":["cost","cost"]}"#),
            responseJSON(id: "c", answers: #"{"region":"south","priorities":["speed","quality","cost"]}"#),
            responseJSON(id: "d", answers: #"{"region":"south","priorities":[]}"#),
        ]
        let comparison = try compare(responses, by: "region", groups: ["north", "south"], questions: ["priorities"])
        let cost = try #require(question("priorities.cost", in: comparison))
        // Only c's ranking counts: cost third.
        #expect(cost.rows.map(\.counts) == [[0, 0], [0, 0], [0, 1]])
        #expect(cost.notes.contains("2 answer(s) not valid in version 3 are not counted"))
        #expect(missingRow("unanswered", of: cost)?.counts == [0, 1])
    }

    @Test("A second answers object or repeat section is malformed; null and [] leave an answer unanswered")
    func duplicates() throws {
        let plan = try AnalysisPlan(form: statsCheckForm)
        var aggregator = ResponseAggregator(plan: plan)
        let twice = #"{"answers":{"region":"north"},"answers":{"region":"south"},"form":"stats-check"}"#
        #expect(throws: MalformedResponse.self) { try aggregator.add(Data(twice.utf8)) }
        let sections = responseJSON(id: "s", answers: #"{"tenders":[{"outcome":"won"}],"tenders":[]}"#)
        #expect(throws: MalformedResponse.self) { try aggregator.add(Data(sections.utf8)) }

        let comparison = try compare([
            responseJSON(id: "a", answers: #"{"satisfaction":3,"satisfaction":null,"channels":["web"],"channels":[]}"#)
        ])
        #expect(missingRow("unanswered", of: question("satisfaction", in: comparison))?.counts == [1])
        #expect(missingRow("unanswered", of: question("channels", in: comparison))?.counts == [1])
        #expect(row("web", of: question("channels", in: comparison))?.counts == [0])
    }

    @Test("Values nested without end are refused, not followed until the stack runs out")
    func deepNesting() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let plan = try AnalysisPlan(form: statsCheckForm)
        var aggregator = ResponseAggregator(plan: plan)
        let response = responseJSON(id: "deep", answers: #"{"comments":"#, form: "stats-check")
        let text = response.replacingOccurrences(of: #"{"comments":"#, with: #"{"unknown":\#(deep)}"#)
        #expect(throws: MalformedResponse.self) { try aggregator.add(Data(text.utf8)) }
    }

    @Test("A number too large for a double is not valid")
    func hugeNumber() throws {
        let comparison = try compare([
            responseJSON(id: "a", answers: #"{"days":1e400}"#), responseJSON(id: "b", answers: #"{"days":2.5}"#),
        ])
        let days = try #require(question("days", in: comparison))
        #expect(days.summary.first?.n == 1)
        #expect(days.summary.first?.mean == 2.5)
        #expect(days.notes.contains("1 answer(s) not valid in version 3 are not counted"))
    }

    @Test("A correction to another form replaces nothing here")
    func correctionOfAnotherForm() throws {
        let plan = try AnalysisPlan(form: statsCheckForm)
        let tallies = try tally(
            plan,
            [
                responseJSON(id: "d", answers: #"{"region":"north"}"#),
                responseJSON(id: "x", answers: "{}", form: "other", deprecates: "d"),
            ])
        #expect(tallies.replaced.isEmpty)
        #expect(tallies.responses == 1)
    }

    @Test("With --min-cell, a test beside hidden counts publishes only p, and pairs with hidden groups go")
    func withheldStatistics() throws {
        var responses: [String] = []
        // north: 12 responses, south: 12, east: 3 (a group under N = 5).
        for i in 0..<12 {
            responses.append(
                responseJSON(
                    id: "n\(i)", answers: #"{"region":"north","satisfaction":\#(i % 5 + 1),"days":\#(Double(i) + 0.5)}"#
                ))
        }
        for i in 0..<12 {
            responses.append(
                responseJSON(
                    id: "s\(i)", answers: #"{"region":"south","satisfaction":\#((i % 3) + 3),"days":\#(Double(i) * 2)}"#
                ))
        }
        for i in 0..<3 {
            responses.append(
                responseJSON(id: "e\(i)", answers: #"{"region":"east","satisfaction":1,"days":\#(Double(i) + 40)}"#))
        }
        let comparison = try compare(
            responses, by: "region", groups: ["north", "south", "east"], questions: ["satisfaction", "days"],
            method: ComparisonMethod(minCell: 5))
        #expect(comparison.groups.map(\.n).contains(nil))
        for id in ["satisfaction", "days"] {
            let q = try #require(question(id, in: comparison))
            let test = try #require(q.test)
            #expect(test.statistic.isNaN && test.df == nil && q.effect == nil, "\(id): \(test)")
            #expect(test.note?.contains("withheld") == true)
            #expect(Double(String(format: "%.2g", test.p)) == test.p)
            // Pairs of a hidden group are left out; the others are published or withheld, never with east.
            #expect(q.pairwise.allSatisfy { $0.a != "east" && $0.b != "east" }, "\(id)")
        }
        // Without --min-cell everything is published.
        let open = try compare(responses, by: "region", groups: ["north", "south", "east"], questions: ["days"])
        #expect(open.questions[0].test?.statistic.isFinite == true)
        #expect(open.questions[0].pairwise.count == 3)
    }

    @Test("Two groups with answers out of three get the two-group test")
    func twoOfThree() throws {
        var responses: [String] = []
        for i in 0..<10 {
            responses.append(
                responseJSON(id: "n\(i)", answers: #"{"region":"north","satisfaction":\#(i % 5 + 1),"staff":\#(i)}"#))
            responses.append(
                responseJSON(
                    id: "s\(i)", answers: #"{"region":"south","satisfaction":\#(5 - i % 3),"staff":\#(i * 3)}"#))
        }
        let comparison = try compare(
            responses, by: "region", groups: ["north", "south", "east"], questions: ["satisfaction", "staff"])
        let satisfaction = try #require(question("satisfaction", in: comparison))
        #expect(satisfaction.test?.name == "mann_whitney_u")
        #expect(satisfaction.effect?.name == "rank_biserial")
        #expect(satisfaction.pairwise.isEmpty)
        let staff = try #require(question("staff", in: comparison))
        #expect(staff.test?.name == "welch_t")
        #expect(staff.effect?.name == "cohens_d")
        #expect(staff.summary.last?.n == 0)
    }
}
