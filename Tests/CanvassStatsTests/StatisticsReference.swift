import Foundation

/// One case of `Fixtures/tests_reference.json`: a routine's inputs and the values scipy, statsmodels or numpy
/// gave (`expected`), with the same values computed exactly by the script (`exact`) where it could.
struct StatisticsCase: Decodable, Sendable {
    /// The routine: `descriptives`, `wilson`, `chi_square`, `fisher_exact`, `mann_whitney_u`,
    /// `kruskal_wallis`, `welch_t`, `welch_anova` or `adjust`.
    let routine: String
    /// A sample (descriptives).
    let values: [Double]?
    /// Quantile probabilities (descriptives).
    let probabilities: [Double]?
    /// Successes, trials and level (Wilson).
    let successes: Int?
    let trials: Int?
    let level: Double?
    /// A table of counts (chi-square, Fisher).
    let table: [[Double]]?
    /// Samples, one per group (rank and mean tests).
    let groups: [[Double]]?
    /// Raw p-values (adjustments).
    let p: [Double]?
    /// The library's values; null (nil) means NaN.
    let expected: Values
    /// The script's independent values, when it computed them.
    let exact: Values?

    /// The values a case can hold; which are present depends on the routine.
    struct Values: Decodable, Sendable {
        let mean: Double?
        let sd: Double?
        let quantiles: [Double?]?
        let lower: Double?
        let upper: Double?
        let statistic: Double?
        let df: Double?
        let df2: Double?
        let p: Double?
        let effect: Double?
        let holm: [Double?]?
        let bh: [Double?]?
        let method: String?
    }
}

/// The cases made by `Fixtures/make_tests_reference.py`, read once.
enum StatisticsReference {
    /// Every case, or none if the fixture could not be read (which the tests report).
    static let cases: [StatisticsCase] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/tests_reference.json")
        struct File: Decodable { let cases: [StatisticsCase] }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        guard let data = try? Data(contentsOf: url), let file = try? decoder.decode(File.self, from: data)
        else { return [] }
        return file.cases
    }()

    /// The cases for one routine.
    static func cases(for routine: String) -> [StatisticsCase] {
        cases.filter { $0.routine == routine }
    }
}

/// The worst errors of one quantity across a routine's cases, and the cases beyond tolerance.
struct ErrorTally {
    /// What is being compared, such as `welch_t p`.
    let quantity: String
    /// The largest error allowed.
    let tolerance: Double
    /// The smallest magnitude for relative comparison: below it errors are absolute (1e-300 for p-values).
    var floor = Double.leastNormalMagnitude
    private(set) var worst = 0.0
    private(set) var worstAgainstLibrary = 0.0
    private(set) var count = 0
    private(set) var failures: [String] = []

    init(_ quantity: String, tolerance: Double, floor: Double = Double.leastNormalMagnitude) {
        self.quantity = quantity
        self.tolerance = tolerance
        self.floor = floor
    }

    /// The error of `value` against `expected`, nil standing for NaN; equal values and two NaNs are exact.
    func error(_ value: Double, _ expected: Double?) -> Double {
        let expected = expected ?? .nan
        if value == expected || (value.isNaN && expected.isNaN) { return 0 }
        return abs(value - expected) / max(abs(expected), floor)
    }

    /// Records `value` against the reference (`exact` when the script computed it, else the library's).
    mutating func check(_ value: Double, exact: Double??, library: Double?, at label: @autoclosure () -> String) {
        let reference = exact ?? library
        let e = error(value, reference)
        count += 1
        worst = e.isNaN ? .infinity : max(worst, e)
        worstAgainstLibrary = max(worstAgainstLibrary, error(value, library))
        if !(e <= tolerance) {
            failures.append("\(label()): got \(value), expected \(reference.map(String.init(describing:)) ?? "NaN")")
        }
    }

    /// One line for the test log.
    var summary: String {
        "\(quantity): \(count) values, worst error \(worst) (against scipy/statsmodels: \(worstAgainstLibrary))"
    }
}
