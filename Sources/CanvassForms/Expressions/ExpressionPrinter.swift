import Foundation

/// Writes an expression back as text, with only the parentheses its structure needs.
enum ExpressionPrinter {
    static func print(_ expression: FormExpression) -> String {
        switch expression.kind {
        case .number(let value): return format(value)
        case .string(let value): return value.contains("'") ? "\"\(value)\"" : "'\(value)'"
        case .reference(let id): return "${\(id)}"
        case .current: return "."
        case .negate(let operand):
            let inner = print(operand)
            // `-3` would read back as a negative literal and `--x` is hard to read, so those get parentheses.
            var isLiteral = false
            if case .number = operand.kind { isLiteral = true }
            let wrap = isLiteral || inner.hasPrefix("-") || needsParentheses(operand, below: 7, isRight: false)
            return wrap ? "-(\(inner))" : "-\(inner)"
        case .binary(let op, let left, let right):
            var l = print(left)
            var r = print(right)
            if needsParentheses(left, below: op.precedence, isRight: false) { l = "(\(l))" }
            if needsParentheses(right, below: op.precedence, isRight: true) { r = "(\(r))" }
            return "\(l) \(op.rawValue) \(r)"
        case .call(let function, let arguments):
            return "\(function.rawValue)(\(arguments.map(print).joined(separator: ", ")))"
        }
    }

    /// A child needs parentheses when it binds more loosely than its parent (or equally, on the right).
    private static func needsParentheses(_ child: FormExpression, below precedence: Int, isRight: Bool) -> Bool {
        switch child.kind {
        case .binary(let op, _, _): op.precedence < precedence || (isRight && op.precedence == precedence)
        default: false
        }
    }

    /// A number as an expression literal: no exponent, no trailing `.0`.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        let text = "\(value)"
        guard text.contains("e") else { return text }
        // Spell out very large or small numbers, since the expression language has no exponent notation.
        var digits = Array(String(format: "%.20f", value))
        if digits.contains(".") {
            while digits.last == "0" { digits.removeLast() }
            if digits.last == "." { digits.removeLast() }
        }
        return String(digits)
    }
}
