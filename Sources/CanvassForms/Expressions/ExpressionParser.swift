/// A mistake in an expression's syntax, with where it is.
public struct ExpressionSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 0-based character offset of the problem in the expression text.
    public var offset: Int
    /// What is wrong and how to fix it.
    public var message: String

    public var description: String { "column \(offset + 1): \(message)" }
}

/// Parses XLSForm expressions by recursive descent, one function per precedence level.
public struct ExpressionParser {
    /// How deeply parentheses, minus signs and function calls may nest.
    public static let maximumNesting = 50
    /// How many binary operators one expression may have.
    public static let maximumOperators = 250

    private var tokens: [Token]
    private var index = 0
    // Evaluating, printing and even freeing a tree recurses once per level, so a tree thousands of levels deep (from
    // pathological nesting or a very long chain of `+`) overflows the stack; these limits keep every tree shallow.
    private var nesting = 0
    private var operators = 0

    /// Parses `text`, or throws the first syntax error with its offset.
    public static func parse(_ text: String) throws(ExpressionSyntaxError) -> FormExpression {
        var parser = ExpressionParser(tokens: try Lexer.tokens(of: text))
        guard parser.tokens.count > 1 else {
            throw ExpressionSyntaxError(offset: 0, message: "the expression is empty")
        }
        let expression = try parser.parseBinary(minimumPrecedence: 1)
        let next = parser.peek
        switch next.kind {
        case .end:
            break
        case .rightParen:
            throw ExpressionSyntaxError(offset: next.offset, message: "this ')' has no matching '('")
        default:
            throw ExpressionSyntaxError(
                offset: next.offset,
                message: "found \(next.kind.describe) after a complete expression; is an operator missing?")
        }
        return expression
    }

    private init(tokens: [Token]) {
        self.tokens = tokens
    }

    private var peek: Token { tokens[index] }

    private mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private mutating func parseBinary(minimumPrecedence: Int) throws(ExpressionSyntaxError) -> FormExpression {
        var left = try parseUnary()
        while case .operator(let op) = peek.kind, op.precedence >= minimumPrecedence {
            let token = advance()
            operators += 1
            guard operators <= Self.maximumOperators else {
                throw ExpressionSyntaxError(
                    offset: token.offset,
                    message: "this expression has more than \(Self.maximumOperators) operators;"
                        + " split it into calculate questions")
            }
            let right = try parseBinary(minimumPrecedence: op.precedence + 1)
            left = FormExpression(.binary(op, left, right), offset: left.offset)
        }
        return left
    }

    private mutating func parseUnary() throws(ExpressionSyntaxError) -> FormExpression {
        nesting += 1
        defer { nesting -= 1 }
        // Each '(', '-' or function call around a value is one level; the outermost value is not nested.
        if nesting > Self.maximumNesting {
            switch peek.kind {
            case .leftParen, .operator(.subtract), .name:
                throw ExpressionSyntaxError(
                    offset: peek.offset,
                    message: "this expression nests more than \(Self.maximumNesting) levels deep;"
                        + " split it into calculate questions")
            default:
                break
            }
        }
        if case .operator(.subtract) = peek.kind {
            let minus = advance()
            // A minus sign written straight before a number is part of it, so `-3` prints and parses back as one
            // literal; `-(3)` stays a negation.
            if case .number(let value) = peek.kind {
                _ = advance()
                return FormExpression(.number(-value), offset: minus.offset)
            }
            let operand = try parseUnary()
            return FormExpression(.negate(operand), offset: minus.offset)
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(ExpressionSyntaxError) -> FormExpression {
        let token = advance()
        switch token.kind {
        case .number(let value): return FormExpression(.number(value), offset: token.offset)
        case .string(let value): return FormExpression(.string(value), offset: token.offset)
        case .reference(let id): return FormExpression(.reference(id), offset: token.offset)
        case .dot: return FormExpression(.current, offset: token.offset)
        case .leftParen:
            let inner = try parseBinary(minimumPrecedence: 1)
            // Point at the '(' itself when the text ends without closing it: a column written into the message
            // would count from the start of the expression, not of the line the reader sees.
            if case .end = peek.kind {
                throw ExpressionSyntaxError(offset: token.offset, message: "this '(' is never closed; add a ')'")
            }
            try expect(.rightParen, "')' to close an earlier '('")
            return inner
        case .name(let name):
            guard let function = Function(rawValue: name) else {
                let known = Function.allCases.map(\.rawValue)
                let hint = closestMatch(to: name, in: known).map { "; did you mean '\($0)'?" } ?? ""
                if case .leftParen = peek.kind {
                    throw ExpressionSyntaxError(offset: token.offset, message: "unknown function '\(name)'\(hint)")
                }
                throw ExpressionSyntaxError(
                    offset: token.offset,
                    message: "unexpected word '\(name)'; write a reference to another question as ${\(name)}"
                        + " and text in quotes, as '\(name)'")
            }
            guard case .leftParen = peek.kind else {
                // Often a question id written without ${…} that happens to be a function's name, such as count.
                let reference = function.arity == 0 ? "" : "; to refer to a question write ${\(name)}"
                throw ExpressionSyntaxError(
                    offset: token.offset,
                    message: "'\(name)' is a function, so it needs brackets: \(function.signature)\(reference)")
            }
            _ = advance()
            var arguments: [FormExpression] = []
            if case .rightParen = peek.kind {
                _ = advance()
            } else {
                while true {
                    arguments.append(try parseBinary(minimumPrecedence: 1))
                    if case .comma = peek.kind {
                        _ = advance()
                        continue
                    }
                    try expect(.rightParen, "',' or ')' in the call to \(name)()")
                    break
                }
            }
            guard arguments.count == function.arity else {
                let count = function.arity == 1 ? "1 argument" : "\(function.arity) arguments"
                throw ExpressionSyntaxError(
                    offset: token.offset,
                    message: "\(name)() takes \(count), but was given \(arguments.count); write \(function.signature)")
            }
            return FormExpression(.call(function, arguments), offset: token.offset)
        case .end:
            throw ExpressionSyntaxError(
                offset: token.offset, message: "the expression ends too soon; a value is missing")
        default:
            throw ExpressionSyntaxError(
                offset: token.offset, message: "expected a value, found \(token.kind.describe)")
        }
    }

    private mutating func expect(_ kind: Token.Kind, _ what: String) throws(ExpressionSyntaxError) {
        let token = advance()
        guard token.kind == kind else {
            throw ExpressionSyntaxError(offset: token.offset, message: "expected \(what), found \(token.kind.describe)")
        }
    }
}

/// One token of an expression.
struct Token: Hashable {
    enum Kind: Hashable {
        case number(Double)
        case string(String)
        case reference(String)
        case name(String)
        case `operator`(BinaryOperator)
        case dot
        case leftParen
        case rightParen
        case comma
        case end

        var describe: String {
            switch self {
            case .number(let value): "the number \(ExpressionPrinter.format(value))"
            case .string(let value): "the text '\(value)'"
            case .reference(let id): "${\(id)}"
            case .name(let name): "'\(name)'"
            case .operator(let op): "'\(op.rawValue)'"
            case .dot: "'.'"
            case .leftParen: "'('"
            case .rightParen: "')'"
            case .comma: "','"
            case .end: "the end of the expression"
            }
        }
    }

    var kind: Kind
    var offset: Int
}

/// Splits expression text into tokens.
enum Lexer {
    static func tokens(of text: String) throws(ExpressionSyntaxError) -> [Token] {
        let chars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var i = 0

        func isNameStart(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic && c.isASCII || c == "_" }
        func isNameChar(_ c: Unicode.Scalar) -> Bool {
            isNameStart(c) || ("0"..."9").contains(c)
        }
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }

        while i < chars.count {
            let c = chars[i]
            let start = i
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                i += 1
                continue
            }
            if c == "$" {
                guard i + 1 < chars.count, chars[i + 1] == "{" else {
                    throw ExpressionSyntaxError(offset: i, message: "'$' must start a reference such as ${question_id}")
                }
                var j = i + 2
                while j < chars.count, chars[j] != "}" { j += 1 }
                guard j < chars.count else {
                    throw ExpressionSyntaxError(offset: i, message: "this reference has no closing '}'")
                }
                let id = String(String.UnicodeScalarView(chars[(i + 2)..<j]))
                guard let first = id.unicodeScalars.first, isNameStart(first), id.unicodeScalars.allSatisfy(isNameChar)
                else {
                    throw ExpressionSyntaxError(
                        offset: i,
                        message: "'${\(id)}' is not a valid reference; question ids are letters, digits and '_'")
                }
                tokens.append(Token(kind: .reference(id), offset: start))
                i = j + 1
                continue
            }
            if isDigit(c) || (c == "." && i + 1 < chars.count && isDigit(chars[i + 1])) {
                var j = i
                while j < chars.count, isDigit(chars[j]) { j += 1 }
                if j < chars.count, chars[j] == "." {
                    j += 1
                    while j < chars.count, isDigit(chars[j]) { j += 1 }
                }
                let literal = String(String.UnicodeScalarView(chars[i..<j]))
                guard let value = Double(literal), value.isFinite else {
                    throw ExpressionSyntaxError(offset: i, message: "'\(literal)' is not a number")
                }
                tokens.append(Token(kind: .number(value), offset: start))
                i = j
                continue
            }
            if c == "'" || c == "\"" {
                var j = i + 1
                while j < chars.count, chars[j] != c { j += 1 }
                guard j < chars.count else {
                    throw ExpressionSyntaxError(offset: i, message: "this text has no closing \(c) quote")
                }
                tokens.append(Token(kind: .string(String(String.UnicodeScalarView(chars[(i + 1)..<j]))), offset: start))
                i = j + 1
                continue
            }
            if isNameStart(c) {
                var j = i
                // Function names may contain hyphens (count-selected), but only between letters.
                while j < chars.count,
                    isNameChar(chars[j])
                        || (chars[j] == "-" && j + 1 < chars.count && isNameStart(chars[j + 1]) && j > i)
                {
                    j += 1
                }
                let word = String(String.UnicodeScalarView(chars[i..<j]))
                switch word {
                case "and": tokens.append(Token(kind: .operator(.and), offset: start))
                case "or": tokens.append(Token(kind: .operator(.or), offset: start))
                case "div": tokens.append(Token(kind: .operator(.divide), offset: start))
                case "mod": tokens.append(Token(kind: .operator(.modulo), offset: start))
                default: tokens.append(Token(kind: .name(word), offset: start))
                }
                i = j
                continue
            }
            let next: Unicode.Scalar? = i + 1 < chars.count ? chars[i + 1] : nil
            let kind: Token.Kind
            var length = 1
            switch c {
            case "(": kind = .leftParen
            case ")": kind = .rightParen
            case ",": kind = .comma
            case ".": kind = .dot
            case "+": kind = .operator(.add)
            case "-": kind = .operator(.subtract)
            case "*": kind = .operator(.multiply)
            case "=":
                kind = .operator(.equal)
                if next == "=" {
                    throw ExpressionSyntaxError(offset: i, message: "use a single '=' to compare values")
                }
            case "!":
                guard next == "=" else {
                    throw ExpressionSyntaxError(offset: i, message: "'!' on its own is not an operator; use not(…)")
                }
                kind = .operator(.notEqual)
                length = 2
            case "<":
                kind = next == "=" ? .operator(.lessOrEqual) : .operator(.less)
                length = next == "=" ? 2 : 1
            case ">":
                kind = next == "=" ? .operator(.greaterOrEqual) : .operator(.greater)
                length = next == "=" ? 2 : 1
            case "/":
                throw ExpressionSyntaxError(offset: i, message: "'/' is not an operator; divide with 'div'")
            case "%":
                throw ExpressionSyntaxError(offset: i, message: "'%' is not an operator; use 'mod' for a remainder")
            case "&":
                let written = next == "&" ? "&&" : "&"
                throw ExpressionSyntaxError(
                    offset: i, message: "'\(written)' is not an operator; join conditions with 'and'")
            case "|":
                let written = next == "|" ? "||" : "|"
                throw ExpressionSyntaxError(
                    offset: i, message: "'\(written)' is not an operator; join conditions with 'or'")
            default:
                throw ExpressionSyntaxError(offset: i, message: "unexpected character '\(c)'")
            }
            tokens.append(Token(kind: kind, offset: start))
            i += length
        }
        tokens.append(Token(kind: .end, offset: chars.count))
        return tokens
    }
}
