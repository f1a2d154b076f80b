/// A value while an expression is evaluated.
///
/// An unanswered question is `empty`, as in XLSForm, where it is the empty string.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    /// No answer.
    case empty
    /// A number.
    case number(Double)
    /// Text.
    case string(String)
    /// Yes or no.
    case boolean(Bool)
    /// A calendar date as `YYYY-MM-DD`, which sorts as text in date order.
    case date(String)
    /// The options ticked in a `select_multiple`, or the order given in a `rank`.
    case list([String])

    /// The value with empty text and empty lists folded into `empty`, so `${q} = ''` tests "not answered".
    var normalized: Value {
        switch self {
        case .string(""), .list([]): .empty
        default: self
        }
    }

    /// Whether the value counts as true in a condition: only a true boolean does.
    public var isTrue: Bool {
        if case .boolean(true) = self { return true }
        return false
    }

    /// Whether the value is absent.
    public var isEmpty: Bool { normalized == .empty }

    public var description: String {
        switch self {
        case .empty: "empty"
        case .number(let value): ExpressionPrinter.format(value)
        case .string(let value): "'\(value)'"
        case .boolean(let value): value ? "true" : "false"
        case .date(let value): value
        case .list(let values): "[\(values.joined(separator: " "))]"
        }
    }
}
