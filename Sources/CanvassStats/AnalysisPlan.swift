public import CanvassForms

/// One thing an analysis counts: a question, or one statement of a matrix, or one option of a ranking.
public struct Variable: Sendable {
    /// How answers are counted, by question type.
    public enum Kind: Sendable, Equatable {
        /// `select_one` and `yes_no`: one category per answer.
        case categorical
        /// `likert`, a matrix statement, a ranking's option: scale points 1…n, ranked in tests.
        case ordinal
        /// `integer` and `decimal`.
        case numeric
        /// `select_multiple`: any number of options per answer.
        case multiple
        /// Free text, dates, e-mail addresses and files: only whether it was answered.
        case text
    }

    /// The id in output: the question's, `matrix.statement` for a matrix statement, `rank.option` for a ranking.
    public let id: String
    /// The question it comes from.
    public let question: Question
    /// The matrix statement or ranking option, for those.
    public let part: String?
    /// What is counted.
    public let kind: Kind
    /// The repeat section it is in, if it is in one (then one row per repeat instance).
    public let section: String?
    /// The question's text (with the statement or option for those).
    public let label: String
    /// The answers that count: the scale points' or options' values, in the form's order.
    public let values: [String]
    /// Their labels.
    public let valueLabels: [String]
    /// The `missing: true` options (don't know, prefer not to say): counted, shown, never in a base.
    public let missingValues: [String]
    /// Their labels.
    public let missingLabels: [String]

    /// The question type's name, as in the form.
    public var type: String { part == nil ? question.type.rawValue : (question.type == .rank ? "rank" : "likert") }

    /// The code of an answer value (its position in `values`, then `missingValues`), if it is one.
    func code(of value: String) -> Int? {
        if let index = values.firstIndex(of: value) { return index }
        return missingValues.firstIndex(of: value).map { values.count + $0 }
    }
}

/// Why an analysis cannot be set up as asked.
public struct PlanError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and how to put it right.
    public let description: String

    init(_ description: String) { self.description = description }
}

/// What to count: the form's questions as variables, and how responses are split into groups.
public struct AnalysisPlan: Sendable {
    /// How responses are grouped.
    public enum Grouping: Sendable {
        /// One group of every response (`summary`).
        case none
        /// By the answer to a question: its substantive values, or the ones chosen.
        case question(Variable, groups: [String])
        /// By the form version each response answered.
        case formVersion(groups: [String]?)
    }

    /// The form analysed.
    public let form: Form
    /// The variables counted, in the form's order (or the order of `questions`).
    public let variables: [Variable]
    /// The grouping.
    public let grouping: Grouping
    /// Questions left out of the comparison and why (for the method notes).
    public let notes: [String]
    /// Whether text answers are kept to be shown.
    public let keepsText: Bool

    /// Plans the analysis of `form`, of all its answered questions or only `questions`, grouped `by` a
    /// question id or `formVersion`, keeping only `groups` (values of the by question, in that order).
    public init(
        form: Form, by: String? = nil, groups: [String]? = nil, questions: [String]? = nil, keepsText: Bool = false
    ) throws(PlanError) {
        self.form = form
        self.keepsText = keepsText
        var notes: [String] = []
        if let questions {
            for id in questions where form.question(id) == nil {
                throw PlanError("\(form.id) has no question '\(id)'\(Self.suggestion(id, form)); check --questions")
            }
        }
        let grouping: Grouping
        var groupSection: String?
        switch by {
        case nil:
            grouping = .none
        case "formVersion":
            grouping = .formVersion(groups: groups)
        case let id?:
            guard let question = form.question(id) else {
                throw PlanError("\(form.id) has no question '\(id)'\(Self.suggestion(id, form)); check --by")
            }
            guard [.selectOne, .yesNo, .likert].contains(question.type) else {
                throw PlanError(
                    "--by \(id) is a \(question.type.rawValue) question; group by a select_one, yes_no or likert "
                        + "question, or by formVersion")
            }
            let section = form.section(containing: id)
            groupSection = section?.isRepeat == true ? section?.id : nil
            let variable = Self.variables(for: question, in: form, section: groupSection)[0]
            let chosen = groups ?? variable.values
            for value in chosen where !variable.values.contains(value) {
                let known = variable.values.joined(separator: ", ")
                throw PlanError("--groups: '\(value)' is not an answer to \(id); its answers are \(known)")
            }
            guard Set(chosen).count == chosen.count else { throw PlanError("--groups names a value twice") }
            grouping = .question(variable, groups: chosen)
        }
        var variables: [Variable] = []
        for section in form.sections {
            let sectionID = section.isRepeat ? section.id : nil
            for question in section.questions where question.type.isAnswered {
                if let questions, !questions.contains(question.id) { continue }
                if question.id == by { continue }
                // Grouped by a question of a repeat section, only that section's entries have a group; grouped by
                // a response's answer, every repeat entry takes its response's group.
                if let groupSection, sectionID != groupSection {
                    notes.append(Self.ungroupedNote(question.id, section: sectionID, by: by ?? "", groupSection))
                    continue
                }
                variables.append(contentsOf: Self.variables(for: question, in: form, section: sectionID))
            }
        }
        if let questions {
            // In the order asked for (a matrix's statements stay together, in the form's order).
            let rank = Dictionary(questions.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            variables = variables.enumerated().sorted {
                (rank[$0.element.question.id] ?? 0, $0.offset) < (rank[$1.element.question.id] ?? 0, $1.offset)
            }.map(\.element)
        }
        if variables.isEmpty { throw PlanError("there is nothing to analyse: no answered question is left") }
        self.variables = variables
        self.grouping = grouping
        self.notes = notes
    }

    /// The grouping question's id, `formVersion`, or nil.
    public var byID: String? {
        switch grouping {
        case .none: nil
        case .question(let variable, _): variable.id
        case .formVersion: "formVersion"
        }
    }

    private static func ungroupedNote(_ id: String, section: String?, by: String, _ groupSection: String) -> String {
        "\(id) is not compared: \(by) is asked once per \(groupSection) entry and \(id) "
            + (section == nil ? "once per response" : "in the \(section ?? "") section")
    }

    private static func suggestion(_ id: String, _ form: Form) -> String {
        let ids = form.questions.filter(\.type.isAnswered).map(\.id) + ["formVersion"]
        return closestMatch(to: id, in: ids).map { " (did you mean '\($0)'?)" } ?? ""
    }

    static func variables(for question: Question, in form: Form, section: String?) -> [Variable] {
        let label = question.label?.text ?? question.id
        let choices = form.choices(for: question)
        let substantive = choices?.substantive ?? []
        let missing = choices?.missing ?? []
        func make(
            _ kind: Variable.Kind, id: String = question.id, part: String? = nil, label: String = label,
            values: [String], valueLabels: [String]
        ) -> Variable {
            Variable(
                id: id, question: question, part: part, kind: kind, section: section, label: label,
                values: values, valueLabels: valueLabels, missingValues: missing.map(\.value),
                missingLabels: missing.map(\.label.text))
        }
        switch question.type {
        case .selectOne:
            return [make(.categorical, values: substantive.map(\.value), valueLabels: substantive.map(\.label.text))]
        case .yesNo:
            return [make(.categorical, values: ["yes", "no"], valueLabels: ["Yes", "No"])]
        case .likert:
            return [make(.ordinal, values: substantive.map(\.value), valueLabels: substantive.map(\.label.text))]
        case .matrix:
            return question.items.map { item in
                make(
                    .ordinal, id: "\(question.id).\(item.id)", part: item.id, label: "\(label): \(item.label.text)",
                    values: substantive.map(\.value), valueLabels: substantive.map(\.label.text))
            }
        case .rank:
            let positions = substantive.indices.map { "\($0 + 1)" }
            return substantive.map { option in
                Variable(
                    id: "\(question.id).\(option.value)", question: question, part: option.value, kind: .ordinal,
                    section: section, label: "\(label): \(option.label.text) (rank)", values: positions,
                    valueLabels: positions, missingValues: [], missingLabels: [])
            }
        case .selectMultiple:
            return [make(.multiple, values: substantive.map(\.value), valueLabels: substantive.map(\.label.text))]
        case .integer, .decimal:
            return [make(.numeric, values: [], valueLabels: [])]
        case .text, .longText, .email, .date, .file:
            return [make(.text, values: [], valueLabels: [])]
        case .note, .calculate:
            return []
        }
    }
}
