/// The counts of one variable in each group: everything a summary or comparison needs, in memory that does not
/// grow with the number of responses.
public struct VariableTally: Sendable {
    /// Codes per group: the variable's values, its missing values, then unanswered, invalid and answered.
    let width: Int
    /// `counts[group * width + code]`.
    var counts: [Int] = []
    /// For numbers: how often each value was given, per group (bounded: see `NumberTally`).
    var numbers: [NumberTally] = []
    /// For text kept to be shown (`--show-text`): the answers, per group, up to `textLimit`.
    var texts: [[String]] = []

    init(_ variable: Variable) { width = variable.values.count + variable.missingValues.count + 3 }

    /// The code counting unanswered rows.
    var unansweredCode: Int { width - 3 }
    /// The code counting answers the form does not allow (another version's options, a wrong type).
    var invalidCode: Int { width - 2 }
    /// The code counting answered rows (numbers, text) or rows in a `select_multiple` base.
    var answeredCode: Int { width - 1 }

    /// Makes room for `groups` groups.
    mutating func grow(to groups: Int) {
        if counts.count < groups * width { counts += Array(repeating: 0, count: groups * width - counts.count) }
        while numbers.count < groups { numbers.append(NumberTally()) }
        while texts.count < groups { texts.append([]) }
    }

    /// The count of `code` in `group`.
    func count(_ code: Int, in group: Int) -> Int {
        let index = group * width + code
        return index < counts.count ? counts[index] : 0
    }

    /// Adds another tally's counts, its group `g` landing in group `map[g]`.
    mutating func add(_ other: VariableTally, groupMap map: [Int]) {
        grow(to: (map.max() ?? -1) + 1)
        for (from, to) in map.enumerated() {
            for code in 0..<width { counts[to * width + code] += other.count(code, in: from) }
            if from < other.numbers.count {
                numbers[to].merge(other.numbers[from])
            }
            if from < other.texts.count {
                texts[to] += other.texts[from].prefix(max(0, Self.textLimit - texts[to].count))
            }
        }
    }

    /// How many text answers are kept per group.
    static let textLimit = 1000
}

/// What a form version's responses did not fit in the version analysed.
public struct VersionDifferences: Sendable, Equatable {
    /// Responses answering this version.
    public var responses = 0
    /// Answers to questions this version does not have, by question id.
    public var unknownQuestions: [String: Int] = [:]
    /// Answers this version does not allow (an option it does not have, another type), by variable id.
    public var invalidAnswers: [String: Int] = [:]

    mutating func add(_ other: VersionDifferences) {
        responses += other.responses
        unknownQuestions.merge(other.unknownQuestions, uniquingKeysWith: +)
        invalidAnswers.merge(other.invalidAnswers, uniquingKeysWith: +)
    }
}

/// Everything counted from a stream of responses, mergeable across workers.
public struct Tallies: Sendable {
    /// The groups' keys (values of the by question, or form versions), in group order.
    public internal(set) var groupKeys: [String]
    /// One tally per variable of the plan, in its order.
    var variables: [VariableTally]
    /// Responses (or repeat entries, when grouping by a question of a repeat section) read of the form.
    public internal(set) var rows = 0
    /// Of those, how many in each group.
    public internal(set) var groupRows: [Int] = []
    /// Responses of the form read, not counting corrected (replaced) ones.
    public internal(set) var responses = 0
    /// Rows in no group, by reason ("unanswered", a missing value such as "dont_know", "other").
    public internal(set) var ungrouped: [String: Int] = [:]
    /// Responses to other forms, skipped, by form id.
    public internal(set) var otherForms: [String: Int] = [:]
    /// Responses to each form version.
    public internal(set) var versions: [String: VersionDifferences] = [:]
    /// Ids that corrections replaced.
    public internal(set) var replaced: Set<String> = []
    /// Replaced responses left out.
    public internal(set) var replacedSkipped = 0
    /// The earliest and latest time a response was completed (or created), as written.
    public internal(set) var collected: (first: String, last: String)?

    init(plan: AnalysisPlan) {
        switch plan.grouping {
        case .none: groupKeys = ["all"]
        case .question(_, let groups): groupKeys = groups
        case .formVersion(let groups): groupKeys = groups ?? []
        }
        variables = plan.variables.map(VariableTally.init)
        groupRows = Array(repeating: 0, count: groupKeys.count)
        for index in variables.indices { variables[index].grow(to: groupKeys.count) }
    }

    /// Adds another worker's counts.
    public mutating func merge(_ other: Tallies) {
        var map: [Int] = []
        for key in other.groupKeys {
            if let index = groupKeys.firstIndex(of: key) {
                map.append(index)
            } else {
                map.append(groupKeys.count)
                groupKeys.append(key)
            }
        }
        for index in variables.indices { variables[index].add(other.variables[index], groupMap: map) }
        while groupRows.count < groupKeys.count { groupRows.append(0) }
        for (from, to) in map.enumerated() where from < other.groupRows.count { groupRows[to] += other.groupRows[from] }
        rows += other.rows
        responses += other.responses
        ungrouped.merge(other.ungrouped, uniquingKeysWith: +)
        otherForms.merge(other.otherForms, uniquingKeysWith: +)
        for (version, differences) in other.versions { versions[version, default: .init()].add(differences) }
        replaced.formUnion(other.replaced)
        replacedSkipped += other.replacedSkipped
        if let theirs = other.collected {
            collected = collected.map { (min($0.first, theirs.first), max($0.last, theirs.last)) } ?? theirs
        }
    }
}
