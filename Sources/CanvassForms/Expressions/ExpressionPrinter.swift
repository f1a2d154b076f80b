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
            if needsParentheses(operand, below: 7, isRight: false) { return "-(\(inner))" }
            // `--x` is hard to read, but `-(-x)` would nest deeper than the `--x` it was parsed from, and could pass
            // the parser's nesting limit; a space keeps the two signs apart instead.
            if inner.hasPrefix("-") { return "- \(inner)" }
            // `-3` would read back as a negative literal.
            if case .number = operand.kind { return "-(\(inner))" }
            return "-\(inner)"
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
        if value == value.rounded(), abs(value) < 1e16 {
            return String(Int64(value))
        }
        let text = "\(value)"
        guard let e = text.firstIndex(of: "e"), let exponent = Int(text[text.index(after: e)...]) else { return text }
        // Spell out very large or small numbers, since the expression language has no exponent notation. Moving the
        // point within Swift's shortest round-tripping digits keeps every digit that matters: a fixed number of
        // decimal places would turn 1e-30 into 0.
        let negative = text.hasPrefix("-")
        let mantissa = text[..<e].drop { $0 == "-" }
        let whole = mantissa.prefix { $0 != "." }
        var digits = Array(whole) + Array(mantissa.dropFirst(whole.count + 1))
        var point = whole.count + exponent
        if point < 1 {
            digits.insert(contentsOf: repeatElement("0", count: 1 - point), at: 0)
            point = 1
        }
        if point > digits.count { digits.append(contentsOf: repeatElement("0", count: point - digits.count)) }
        var fraction = digits[point...]
        while fraction.last == "0" { fraction.removeLast() }
        let integer = String(digits[..<point])
        return (negative ? "-" : "") + integer + (fraction.isEmpty ? "" : "." + String(fraction))
    }
}
