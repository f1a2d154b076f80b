/// The outcome of a significance test: its statistic, degrees of freedom and p-value.
///
/// A test that is undefined for its input (an empty group, zero variance everywhere, a table with one row)
/// gives NaN statistic and p, and says why in `note`; it never traps.
public struct TestResult: Sendable, Equatable {
    /// The test's name in `canvass compare` output: `chi_square`, `fisher_exact`, `mann_whitney_u`,
    /// `kruskal_wallis`, `welch_t` or `welch_anova`.
    public let name: String
    /// The test statistic (χ², the odds ratio, U, H, t or F); NaN when the test is undefined.
    public let statistic: Double
    /// The degrees of freedom (the numerator's for Welch's ANOVA), or nil for a test without them.
    public let degreesOfFreedom: Double?
    /// The denominator degrees of freedom of Welch's ANOVA; nil for every other test.
    public let denominatorDegreesOfFreedom: Double?
    /// The two-sided p-value; NaN when the test is undefined.
    public let p: Double
    /// Why the result is NaN, or how the input was read (an exact or approximate method, rows left out).
    public let note: String?

    /// A result with the given values.
    public init(
        name: String, statistic: Double, degreesOfFreedom: Double? = nil, denominatorDegreesOfFreedom: Double? = nil,
        p: Double, note: String? = nil
    ) {
        self.name = name
        self.statistic = statistic
        self.degreesOfFreedom = degreesOfFreedom
        self.denominatorDegreesOfFreedom = denominatorDegreesOfFreedom
        self.p = p
        self.note = note
    }

    /// An undefined result of the named test: NaN statistic and p, with the reason.
    static func undefined(_ name: String, _ reason: String) -> TestResult {
        TestResult(name: name, statistic: .nan, p: .nan, note: reason)
    }

    /// Whether the test could be computed (its p-value is a number).
    public var isDefined: Bool { !p.isNaN }
}

/// A named effect size, such as Cramér's V or Cohen's d; NaN when undefined for the input.
public struct EffectSize: Sendable, Equatable {
    /// The effect's name in `canvass compare` output: `cramers_v`, `rank_biserial`, `cohens_d` or
    /// `epsilon_squared`.
    public let name: String
    /// The effect size.
    public let value: Double

    /// An effect size with the given name and value.
    public init(name: String, value: Double) {
        self.name = name
        self.value = value
    }
}

/// Why a test is undefined for its input, carried to `TestResult.note`.
struct Undefined: Error {
    /// The reason, in words a report can show.
    let reason: String

    init(_ reason: String) { self.reason = reason }
}
