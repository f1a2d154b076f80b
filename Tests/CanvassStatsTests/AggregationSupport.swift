import CanvassForms
import CanvassStats
import Foundation
import Testing

/// The form of the aggregation and comparison tests: every kind of variable, a missing option on a scale and
/// an exclusive missing option on a `select_multiple`, and a repeat section.
///
/// `Fixtures/make_comparison_reference.py` holds the same text (the reference test checks they agree).
let statsCheckFormText = """
    form: stats-check
    version: "3"
    title: Comparison reference form
    choices:
      region:
        - north: North
        - south: South
        - east: East
        - west: West
        - {value: dont_know, label: "Don't know", missing: true}
      agree:
        - sd: Strongly disagree
        - d: Disagree
        - n: Neither agree nor disagree
        - a: Agree
        - sa: Strongly agree
        - {value: dont_know, label: "Don't know", missing: true}
      channels:
        - web: Web
        - phone: Phone
        - email: E-mail
        - post: Post
        - {value: none, label: None of these, exclusive: true}
        - {value: dont_know, label: "Don't know", missing: true, exclusive: true}
      priorities:
        - cost: Cost
        - quality: Quality
        - speed: Speed
      outcome:
        - won: Won
        - lost: Lost
        - withdrew: Withdrew
        - {value: not_sure, label: Not sure, missing: true}
      ease:
        - very_hard: Very hard
        - hard: Hard
        - easy: Easy
        - very_easy: Very easy
    sections:
      - id: about
        title: About you
        questions:
          - id: region
            type: select_one
            choices: region
            label: Where are you based?
          - id: member
            type: yes_no
            label: Are you a member?
          - id: satisfaction
            type: likert
            choices: agree
            label: I am satisfied with the service.
          - id: services
            type: matrix
            choices: agree
            label: The service is
            items:
              - speed: quick
              - clarity: clear
          - id: staff
            type: integer
            label: How many staff do you have?
          - id: days
            type: decimal
            label: How many days did your last bid take?
          - id: channels
            type: select_multiple
            choices: channels
            label: How do you hear about tenders?
          - id: priorities
            type: rank
            choices: priorities
            label: Rank these in order of importance.
          - id: comments
            type: text
            label: Anything else?
      - id: tenders
        title: Your tenders
        repeat: {min: 0, max: 6, noun: tender}
        questions:
          - id: outcome
            type: select_one
            choices: outcome
            label: What was the outcome?
          - id: ease
            type: likert
            choices: ease
            label: How easy was the bid?
          - id: value
            type: decimal
            label: What was the contract worth (£k)?
          - id: bid_again
            type: yes_no
            label: Would you bid again?

    """

/// The test form, loaded once.
let statsCheckForm: Form = {
    do {
        return try Form.load(text: statsCheckFormText, path: "stats-check.yaml")
    } catch {
        Issue.record("the test form does not load: \(error)")
        return Form(id: "broken", version: "0", title: LocalizedText("broken"), sections: [])
    }
}()

/// One response's JSON text, with the usual envelope around `answers` (given as JSON text).
func responseJSON(
    id: String, answers: String, form: String = "stats-check", version: String = "3", deprecates: String? = nil
) -> String {
    let replaced = deprecates.map { "\"\($0)\"" } ?? "null"
    return """
        {"answers":\(answers),"canvass":1,"createdAt":"2026-01-01T00:00:00Z","deprecates":\(replaced),\
        "form":"\(form)","formVersion":"\(version)","id":"\(id)"}
        """
}

/// The tallies of responses given as JSON texts, read by one aggregator.
func tally(_ plan: AnalysisPlan, _ responses: [String], excluding: Set<String> = []) throws -> Tallies {
    var aggregator = ResponseAggregator(plan: plan, excluding: excluding)
    for response in responses { try aggregator.add(Data(response.utf8)) }
    return aggregator.tallies
}

/// The comparison of responses given as JSON texts.
func compare(
    _ responses: [String], form: Form = statsCheckForm, by: String? = nil, groups: [String]? = nil,
    questions: [String]? = nil, method: ComparisonMethod = ComparisonMethod()
) throws -> Comparison {
    let plan = try AnalysisPlan(form: form, by: by, groups: groups, questions: questions)
    return Comparison(plan: plan, tallies: try tally(plan, responses), method: method)
}

/// The question `id` of a comparison (recording an issue if it is not there).
func question(_ id: String, in comparison: Comparison, sourceLocation: Testing.SourceLocation = #_sourceLocation)
    -> QuestionComparison?
{
    let found = comparison.questions.first { $0.id == id }
    if found == nil {
        Issue.record("no question \(id) in \(comparison.questions.map(\.id))", sourceLocation: sourceLocation)
    }
    return found
}

/// A row of a question's table by value.
func row(_ value: String, of question: QuestionComparison?) -> CountRow? {
    question?.rows.first { $0.value == value }
}

/// A missing row of a question's table by value (`unanswered` or a missing option).
func missingRow(_ value: String, of question: QuestionComparison?) -> MissingRow? {
    question?.missing.first { $0.value == value }
}

/// A temporary directory, removed when the test is done with it.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("canvass-stats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `name` in the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// Writes `bytes` to `name` in the directory and returns its path.
    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let file = path + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }
}

/// A small seeded generator (SplitMix64), so property-style tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Whether two doubles agree to `relative` (both NaN agree; below `absolute` any two agree).
func close(_ a: Double?, _ b: Double?, relative: Double, absolute: Double = 0) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case (let a?, let b?):
        if a.isNaN && b.isNaN { return true }
        if a == b { return true }
        let difference = abs(a - b)
        return difference <= absolute || difference <= relative * max(abs(a), abs(b))
    default: return false
    }
}
