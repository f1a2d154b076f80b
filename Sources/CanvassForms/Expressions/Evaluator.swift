import Foundation

/// What an expression can see while it is evaluated: the answers so far, and the answer being checked.
public struct EvaluationContext: Sendable {
    /// The value of `${id}` where the expression is evaluated (the same repeat instance, inside a repeat).
    public var answer: @Sendable (String) -> Value
    /// For `count(${section})`: how many instances a repeat section has.
    public var repeatCount: @Sendable (String) -> Int
    /// For `sum(${question})`: the question's answer in every instance of its repeat section.
    public var repeatAnswers: @Sendable (String) -> [Value]
    /// The value of `.`.
    public var current: Value
    /// The value of `today()`, as `YYYY-MM-DD`.
    public var today: String

    /// Creates a context; by default nothing is answered and `today()` is the current UTC date.
    public init(
        answer: @escaping @Sendable (String) -> Value = { _ in .empty },
        repeatCount: @escaping @Sendable (String) -> Int = { _ in 0 },
        repeatAnswers: @escaping @Sendable (String) -> [Value] = { _ in [] },
        current: Value = .empty,
        today: String = EvaluationContext.todayUTC()
    ) {
        self.answer = answer
        self.repeatCount = repeatCount
        self.repeatAnswers = repeatAnswers
        self.current = current
        self.today = today
    }

    /// A context over a plain dictionary of answers.
    public static func answers(_ values: [String: Value], current: Value = .empty) -> EvaluationContext {
        EvaluationContext(answer: { values[$0] ?? .empty }, current: current)
    }

    /// Today's date in UTC as `YYYY-MM-DD`.
    public static func todayUTC() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }
}

extension FormExpression {
    /// Evaluates the expression. It never traps: a value of the wrong kind, a missing answer or a division by
    /// zero gives `empty`, which is false in a condition.
    ///
    /// These rules are the contract the JavaScript emitted for the web page follows too.
    public func evaluate(in context: EvaluationContext) -> Value {
        switch kind {
        case .number(let value): return .number(value)
        case .string(let value): return .string(value)
        case .reference(let id): return context.answer(id)
        case .current: return context.current
        case .negate(let operand):
            guard case .number(let value) = operand.evaluate(in: context).normalized else { return .empty }
            return .number(-value)
        case .binary(let op, let left, let right):
            return Self.apply(op, left, right, in: context)
        case .call(let function, let arguments):
            return Self.call(function, arguments, in: context)
        }
    }

    private static func apply(
        _ op: BinaryOperator, _ left: FormExpression, _ right: FormExpression, in context: EvaluationContext
    )
        -> Value
    {
        switch op {
        case .and:
            return .boolean(left.evaluate(in: context).isTrue && right.evaluate(in: context).isTrue)
        case .or:
            return .boolean(left.evaluate(in: context).isTrue || right.evaluate(in: context).isTrue)
        default:
            break
        }
        let a = left.evaluate(in: context).normalized
        let b = right.evaluate(in: context).normalized
        if op.isArithmetic {
            guard case .number(let x) = a, case .number(let y) = b else { return .empty }
            let result: Double
            switch op {
            case .add: result = x + y
            case .subtract: result = x - y
            case .multiply: result = x * y
            case .divide: result = x / y
            default: result = x.truncatingRemainder(dividingBy: y)
            }
            return result.isFinite ? .number(result) : .empty
        }
        if op.isEquality {
            let same = equal(a, b)
            return .boolean(op == .equal ? same : !same)
        }
        guard let order = compare(a, b) else { return .boolean(false) }
        switch op {
        case .less: return .boolean(order < 0)
        case .lessOrEqual: return .boolean(order <= 0)
        case .greater: return .boolean(order > 0)
        default: return .boolean(order >= 0)
        }
    }

    /// Equality across kinds the way a form author means it: a yes/no answer equals 'yes' or 'no'.
    private static func equal(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.empty, .empty): return true
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)), (.date(let x), .date(let y)),
            (.date(let x), .string(let y)), (.string(let x), .date(let y)):
            return x == y
        case (.boolean(let x), .boolean(let y)): return x == y
        case (.boolean(let x), .string(let y)), (.string(let y), .boolean(let x)):
            return (x ? "yes" : "no") == y
        case (.list(let x), .list(let y)): return x == y
        default: return false
        }
    }

    /// The order of two values of comparable kinds, or `nil` when they cannot be ordered.
    private static func compare(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.date(let x), .date(let y)), (.date(let x), .string(let y)), (.string(let x), .date(let y)):
            return x < y ? -1 : (x > y ? 1 : 0)
        default: return nil
        }
    }

    private static func call(_ function: Function, _ arguments: [FormExpression], in context: EvaluationContext)
        -> Value
    {
        func argument(_ index: Int) -> Value {
            index < arguments.count ? arguments[index].evaluate(in: context).normalized : .empty
        }
        switch function {
        case .not:
            return .boolean(!argument(0).isTrue)
        case .true:
            return .boolean(true)
        case .false:
            return .boolean(false)
        case .today:
            return .date(context.today)
        case .selected:
            guard case .string(let wanted) = argument(1) else { return .boolean(false) }
            switch argument(0) {
            case .list(let values): return .boolean(values.contains(wanted))
            case .string(let value): return .boolean(value == wanted)
            default: return .boolean(false)
            }
        case .countSelected:
            if case .list(let values) = argument(0) { return .number(Double(values.count)) }
            return .number(0)
        case .stringLength:
            switch argument(0) {
            case .string(let text), .date(let text): return .number(Double(text.unicodeScalars.count))
            case .empty: return .number(0)
            default: return .empty
            }
        case .regex:
            guard case .string(let text) = argument(0), case .string(let pattern) = argument(1),
                let regex = try? NSRegularExpression(pattern: pattern)
            else { return .boolean(false) }
            let range = NSRange(text.startIndex..<text.endIndex, in: text)
            return .boolean(regex.firstMatch(in: text, range: range) != nil)
        case .if:
            return argument(0).isTrue ? argument(1) : argument(2)
        case .coalesce:
            let first = argument(0)
            return first == .empty ? argument(1) : first
        case .count:
            guard arguments.count == 1, case .reference(let id) = arguments[0].kind else { return .empty }
            return .number(Double(context.repeatCount(id)))
        case .sum:
            guard arguments.count == 1, case .reference(let id) = arguments[0].kind else { return .empty }
            var total = 0.0
            for value in context.repeatAnswers(id) {
                if case .number(let x) = value.normalized { total += x }
            }
            return .number(total)
        }
    }
}
