/// How a comparison was computed (printed in every report's method notes).
public struct ComparisonMethod: Sendable, Equatable {
    /// The p-value adjustment across pairs of groups.
    public enum Adjustment: String, Sendable {
        case holm
        case bh
    }

    /// Confidence level of the Wilson intervals.
    public var level = 0.95
    /// The adjustment across pairs.
    public var adjust = Adjustment.holm
    /// Whether question-level p-values are also adjusted across questions (Benjamini–Hochberg).
    public var adjustAcrossQuestions = false
    /// Counts below this (and complements) are suppressed; 0 turns disclosure control off.
    public var minCell = 0

    public init(level: Double = 0.95, adjust: Adjustment = .holm, adjustAcrossQuestions: Bool = false, minCell: Int = 0)
    {
        self.level = level
        self.adjust = adjust
        self.adjustAcrossQuestions = adjustAcrossQuestions
        self.minCell = minCell
    }
}

/// A test's outcome as reported: the statistic, degrees of freedom, p and its adjustments.
public struct ReportedTest: Sendable, Equatable {
    public var name: String
    public var statistic: Double
    public var df: Double?
    public var df2: Double?
    public var p: Double
    /// Adjusted across the pairs of groups (pairwise tests).
    public var pAdjusted: Double?
    /// Adjusted across questions (with `adjustAcrossQuestions`).
    public var pAcrossQuestions: Double?
    /// Exact or approximate, or why the test is undefined.
    public var note: String?

    init(_ result: TestResult) {
        name = result.name
        statistic = result.statistic
        df = result.degreesOfFreedom
        df2 = result.denominatorDegreesOfFreedom
        p = result.p
        note = result.note
    }
}

/// One pair of groups compared.
public struct PairwiseComparison: Sendable, Equatable {
    public var a: String
    public var b: String
    public var test: ReportedTest
    public var effect: EffectSize?
}

/// One answer value's counts in each group. A nil count was suppressed (`--min-cell`).
public struct CountRow: Sendable, Equatable {
    public var value: String
    public var label: String
    public var counts: [Int?]
    /// Percent of each group's base (of cases, for `select_multiple`).
    public var percents: [Double?]
    /// Wilson interval of each percent, in percent.
    public var intervals: [(lower: Double, upper: Double)?]
    /// For `select_multiple`: percent of all options ticked in the group.
    public var percentsOfResponses: [Double?]?
    /// The total across groups.
    public var total: Int?
    /// For `select_multiple`: this option ticked or not, across groups.
    public var test: ReportedTest?
    public var effect: EffectSize?
    public var pairwise: [PairwiseComparison] = []

    public static func == (a: CountRow, b: CountRow) -> Bool {
        a.value == b.value && a.counts == b.counts && a.percents == b.percents && a.total == b.total
            && a.test == b.test && a.effect == b.effect && a.pairwise == b.pairwise
            && a.percentsOfResponses == b.percentsOfResponses
            && a.intervals.map { $0.map { [$0.lower, $0.upper] } }
                == b.intervals.map { $0.map { [$0.lower, $0.upper] } }
    }
}

/// A missing value's (or the unanswered) count in each group; not in any base.
public struct MissingRow: Sendable, Equatable {
    public var value: String
    public var label: String
    public var counts: [Int?]
    public var total: Int?
}

/// A group's descriptive statistics for a scale or a number. Nil throughout when suppressed.
public struct GroupSummary: Sendable, Equatable {
    public var group: String
    public var n: Int?
    public var mean: Double?
    public var sd: Double?
    public var min: Double?
    public var q1: Double?
    public var median: Double?
    public var q3: Double?
    public var max: Double?
    /// Scales: percent in the top two and bottom two points, and their difference.
    public var top2: Double?
    public var bottom2: Double?
    public var net: Double?
}

/// Everything reported about one variable.
public struct QuestionComparison: Sendable, Equatable {
    public var id: String
    public var label: String
    public var type: String
    /// The repeat section, when each row is a repeat entry.
    public var section: String?
    /// Valid answers, in all groups and in each.
    public var base: Int?
    public var bases: [Int?]
    public var rows: [CountRow] = []
    public var missing: [MissingRow] = []
    public var summary: [GroupSummary] = []
    public var test: ReportedTest?
    public var effect: EffectSize?
    public var pairwise: [PairwiseComparison] = []
    /// Text answers, per group, when asked to show them.
    public var texts: [[String]]?
    /// Anything the reader should know (answers not valid in this version, suppression).
    public var notes: [String] = []
}

/// A group of the comparison.
public struct ComparisonGroup: Sendable, Equatable {
    public var value: String
    public var label: String
    /// Responses (or repeat entries) in the group; nil when suppressed.
    public var n: Int?
}

/// A summary (one group) or comparison (two or more) of a form's responses.
public struct Comparison: Sendable, Equatable {
    public static func == (a: Comparison, b: Comparison) -> Bool {
        a.form == b.form && a.formVersion == b.formVersion && a.by == b.by && a.responses == b.responses
            && a.rows == b.rows && a.groups == b.groups && a.method == b.method && a.questions == b.questions
            && a.notes == b.notes && a.collected?.first == b.collected?.first && a.collected?.last == b.collected?.last
    }

    public var form: String
    public var formVersion: String
    public var formTitle: String
    /// The grouping question, or `formVersion`; nil for a summary.
    public var by: String?
    public var byLabel: String?
    /// Responses read of the form (corrections counted once); nil when fewer than `--min-cell`.
    public var responses: Int?
    /// Rows analysed: responses, or repeat entries when grouping by a question of a repeat section.
    public var rows: Int?
    /// When the responses were completed: the earliest and latest time given.
    public var collected: (first: String, last: String)?
    /// What a row is ("response" or the repeat section's noun).
    public var unit: String
    public var groups: [ComparisonGroup]
    public var method: ComparisonMethod
    public var questions: [QuestionComparison]
    /// Notes on the input: other forms skipped, other versions, rows in no group, questions left out.
    public var notes: [String]
}
