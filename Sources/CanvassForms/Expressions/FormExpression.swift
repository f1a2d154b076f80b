/// A parsed XLSForm expression (`${bid_count} > 0 and selected(${barriers}, 'lot_size')`).
///
/// The same tree is evaluated in Swift and emitted as JavaScript, so the two can never disagree.
/// Equality ignores where a node was written.
public struct FormExpression: Sendable, Hashable, CustomStringConvertible {
    /// What a node is.
    public indirect enum Kind: Sendable, Hashable {
        /// A number literal.
        case number(Double)
        /// A string literal.
        case string(String)
        /// `${id}`: the answer to another question (or, for `count()`, a repeat section).
        case reference(String)
        /// `.`: the answer to the question being checked.
        case current
        /// `-x`.
        case negate(FormExpression)
        /// `a op b`.
        case binary(BinaryOperator, FormExpression, FormExpression)
        /// `name(arguments…)`.
        case call(Function, [FormExpression])
    }

    /// The node.
    public var kind: Kind
    /// Where the node starts, as a 0-based character offset into the expression text.
    public var offset: Int

    /// Creates a node.
    public init(_ kind: Kind, offset: Int = 0) {
        self.kind = kind
        self.offset = offset
    }

    public static func == (lhs: FormExpression, rhs: FormExpression) -> Bool { lhs.kind == rhs.kind }
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }

    /// The expression written out in canonical form, with only the parentheses it needs.
    public var description: String { ExpressionPrinter.print(self) }

    /// Every `${id}` the expression refers to, each with the node that names it, in the order written.
    public var references: [(id: String, node: FormExpression)] {
        var found: [(String, FormExpression)] = []
        visit { node in
            if case .reference(let id) = node.kind { found.append((id, node)) }
        }
        return found
    }

    /// Whether the expression uses `.`.
    public var usesCurrent: Bool {
        var found = false
        visit { if case .current = $0.kind { found = true } }
        return found
    }

    /// Calls `body` on this node and every node below it, parents first.
    public func visit(_ body: (FormExpression) -> Void) {
        body(self)
        switch kind {
        case .number, .string, .reference, .current: break
        case .negate(let operand): operand.visit(body)
        case .binary(_, let left, let right):
            left.visit(body)
            right.visit(body)
        case .call(_, let arguments):
            for argument in arguments { argument.visit(body) }
        }
    }
}

/// The binary operators, with XPath's precedence.
public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    /// `or`: either condition.
    case or
    /// `and`: both conditions.
    case and
    /// `=`
    case equal = "="
    /// `!=`
    case notEqual = "!="
    /// `<`
    case less = "<"
    /// `<=`
    case lessOrEqual = "<="
    /// `>`
    case greater = ">"
    /// `>=`
    case greaterOrEqual = ">="
    /// `+`
    case add = "+"
    /// `-`
    case subtract = "-"
    /// `*`
    case multiply = "*"
    /// `div`: division.
    case divide = "div"
    /// `mod`: the remainder.
    case modulo = "mod"

    /// Binding strength: higher binds tighter. All binary operators associate to the left.
    public var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .equal, .notEqual: 3
        case .less, .lessOrEqual, .greater, .greaterOrEqual: 4
        case .add, .subtract: 5
        case .multiply, .divide, .modulo: 6
        }
    }

    /// Whether the operator does arithmetic.
    public var isArithmetic: Bool { precedence >= 5 }
    /// Whether the operator orders two values.
    public var isRelational: Bool { precedence == 4 }
    /// Whether the operator tests equality.
    public var isEquality: Bool { precedence == 3 }
    /// Whether the operator joins conditions.
    public var isLogical: Bool { precedence <= 2 }
}

/// The functions an expression may call.
public enum Function: String, Sendable, Hashable, CaseIterable {
    /// `not(c)`: true when `c` is not.
    case not
    /// `selected(${q}, 'v')`: whether option `v` was chosen.
    case selected
    /// `count-selected(${q})`: how many options were ticked.
    case countSelected = "count-selected"
    /// `string-length(t)`: characters (Unicode scalars) in `t`.
    case stringLength = "string-length"
    /// `regex(t, 'p')`: whether pattern `p` matches anywhere in `t`.
    case regex
    /// `if(c, a, b)`: `a` when `c` holds, else `b`.
    case `if`
    /// `coalesce(a, b)`: `a`, or `b` when `a` is empty.
    case coalesce
    /// `today()`: today's date.
    case today
    /// `true()`.
    case `true`
    /// `false()`.
    case `false`
    /// `count(${section})`: how many instances a repeat section has.
    case count
    /// `sum(${q})`: the total of a number question over its repeat section.
    case sum

    /// How many arguments the function takes.
    public var arity: Int {
        switch self {
        case .today, .true, .false: 0
        case .not, .countSelected, .stringLength, .count, .sum: 1
        case .selected, .regex, .coalesce: 2
        case .if: 3
        }
    }

    /// How the function is written with its arguments, for messages (`selected(${question}, 'value')`).
    public var signature: String {
        switch self {
        case .not: "not(condition)"
        case .selected: "selected(${question}, 'value')"
        case .countSelected: "count-selected(${question})"
        case .stringLength: "string-length(text)"
        case .regex: "regex(text, 'pattern')"
        case .if: "if(condition, then, else)"
        case .coalesce: "coalesce(value, fallback)"
        case .today: "today()"
        case .true: "true()"
        case .false: "false()"
        case .count: "count(${repeat_section})"
        case .sum: "sum(${question_in_repeat})"
        }
    }
}

/// The type of a value inside an expression, used to check expressions before anyone answers.
public enum ValueType: String, Sendable, Hashable {
    /// A number.
    case number
    /// Text.
    case string
    /// A yes/no condition.
    case boolean
    /// A date.
    case date
    /// The options ticked in a `select_multiple` or ordered in a `rank`.
    case list
    /// Not known until answered (e.g. a calculation whose type depends on a cycle); agrees with anything.
    case any

    /// The type as a user would call it, for messages.
    public var noun: String {
        switch self {
        case .number: "a number"
        case .string: "text"
        case .boolean: "a yes/no condition"
        case .date: "a date"
        case .list: "a list of ticked options"
        case .any: "a value"
        }
    }

    /// Whether values of the two types can meet.
    public func agrees(with other: ValueType) -> Bool {
        self == other || self == .any || other == .any
    }
}
