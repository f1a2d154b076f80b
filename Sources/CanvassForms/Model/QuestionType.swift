/// The kinds of question a form can ask; semantics follow XLSForm where XLSForm has the concept.
public enum QuestionType: String, Sendable, Hashable, CaseIterable, Codable {
    /// One line of free text.
    case text
    /// Several paragraphs of free text.
    case longText = "long_text"
    /// A whole number.
    case integer
    /// A number that may have a fraction.
    case decimal
    /// A calendar date, `YYYY-MM-DD`.
    case date
    /// An email address.
    case email
    /// Yes or no; stored as `true` or `false`.
    case yesNo = "yes_no"
    /// One option from a choice list.
    case selectOne = "select_one"
    /// Any number of options from a choice list.
    case selectMultiple = "select_multiple"
    /// An ordered scale; answers are the scale's points 1…N or a `missing` option's value.
    case likert
    /// Several Likert items sharing one scale; the answer maps each item to a point.
    case matrix
    /// The options of a choice list put in order of preference.
    case rank
    /// An attachment, such as a written submission as PDF.
    case file
    /// Text shown to the person answering; nothing is asked.
    case note
    /// A hidden value computed from other answers.
    case calculate

    /// Whether the question takes its options from a choice list.
    public var usesChoices: Bool {
        switch self {
        case .selectOne, .selectMultiple, .likert, .matrix, .rank: true
        default: false
        }
    }

    /// Whether a person answers this question (notes and calculations are not answered).
    public var isAnswered: Bool {
        self != .note && self != .calculate
    }

    /// The type of the question's answer inside an expression, or `nil` if it cannot be used in one.
    public var valueType: ValueType? {
        switch self {
        case .text, .longText, .email, .selectOne, .file: .string
        case .integer, .decimal, .likert: .number
        case .date: .date
        case .yesNo: .boolean
        case .selectMultiple, .rank: .list
        case .matrix, .note: nil
        case .calculate: .any
        }
    }

    /// The question type a user probably meant by an unknown name (`select1` → `select_one`).
    public static func suggestion(for name: String) -> QuestionType? {
        let aliases: [String: QuestionType] = [
            "string": .text, "textarea": .longText, "paragraph": .longText, "int": .integer,
            "number": .decimal, "float": .decimal, "boolean": .yesNo, "bool": .yesNo, "yesno": .yesNo,
            "select1": .selectOne, "select": .selectOne, "radio": .selectOne, "checkbox": .selectMultiple,
            "checkboxes": .selectMultiple, "scale": .likert, "grid": .matrix, "ranking": .rank,
            "attachment": .file, "upload": .file, "calculation": .calculate,
        ]
        if let alias = aliases[name.lowercased()] { return alias }
        return closestMatch(to: name, in: allCases.map(\.rawValue)).flatMap(QuestionType.init(rawValue:))
    }
}
