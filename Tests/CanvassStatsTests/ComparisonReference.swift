import Foundation

/// `Fixtures/comparison_reference.json`, made by `Fixtures/make_comparison_reference.py`: what a comparison of
/// `Fixtures/comparison_responses.jsonl` must report, computed with scipy, numpy and statsmodels.
struct ComparisonReference: Decodable, Sendable {
    /// The form's YAML text (the same as `statsCheckFormText`).
    let form: String
    /// The responses' file name in `Fixtures`.
    let responsesFile: String
    /// Responses replaced by corrections in the file.
    let replaced: Int
    /// Responses to another form in the file.
    let otherForms: Int
    let cases: [Case]

    /// One comparison: `by` (nil for a summary) and the chosen `groups`, and what it reports.
    struct Case: Decodable, Sendable {
        let name: String
        let by: String?
        let groups: [String]?
        let responses: Int
        let rows: Int
        let ungrouped: [String: Int]
        let groupsOut: [Group]
        let questions: [Question]
    }

    struct Group: Decodable, Sendable {
        let value: String
        let label: String
        let n: Int
    }

    struct Question: Decodable, Sendable {
        let id: String
        let type: String
        let section: String?
        let base: Int
        let bases: [Int]
        let rows: [Row]
        let missing: [Missing]
        let summary: [Summary]
        let test: Test?
        let effect: Effect?
        let pairwise: [Pair]?
    }

    struct Row: Decodable, Sendable {
        let value: String
        let counts: [Int]
        let total: Int
        /// Null where the group's base is 0.
        let percents: [Double?]
        let intervals: [[Double]?]
        let percentsOfResponses: [Double?]?
        let test: Test?
        let effect: Effect?
        let pairwise: [Pair]?
    }

    struct Missing: Decodable, Sendable {
        let value: String
        let counts: [Int]
        let total: Int
    }

    /// A group's descriptives; null stands for NaN (an SD of one value) or for nothing to describe.
    struct Summary: Decodable, Sendable {
        let group: String
        let n: Int
        let mean: Double?
        let sd: Double?
        let min: Double?
        let q1: Double?
        let median: Double?
        let q3: Double?
        let max: Double?
        let top2: Double?
        let bottom2: Double?
        let net: Double?
    }

    struct Test: Decodable, Sendable {
        let name: String
        let statistic: Double?
        let df: Double?
        let df2: Double?
        let p: Double?
        let pAdjusted: Double?
    }

    struct Effect: Decodable, Sendable {
        let name: String
        let value: Double?
    }

    struct Pair: Decodable, Sendable {
        let a: String
        let b: String
        let test: Test
        let effect: Effect?
    }

    /// The fixtures directory.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The reference, read once; nil if it could not be read (the tests say so).
    static let loaded: Result<ComparisonReference, any Error> = Result {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let data = try Data(contentsOf: fixtures.appendingPathComponent("comparison_reference.json"))
        return try decoder.decode(ComparisonReference.self, from: data)
    }
}
