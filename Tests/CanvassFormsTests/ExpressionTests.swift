import CanvassForms
import Testing

/// Parses and evaluates `text`.
private func evaluate(_ text: String, in context: EvaluationContext = .answers([:])) throws -> Value {
    try ExpressionParser.parse(text).evaluate(in: context)
}

private func ref(_ id: String) -> FormExpression { FormExpression(.reference(id)) }

private func number(_ value: Double) -> FormExpression { FormExpression(.number(value)) }

private func binary(_ op: BinaryOperator, _ left: FormExpression, _ right: FormExpression) -> FormExpression {
    FormExpression(.binary(op, left, right))
}

/// An expression and what it should give.
private struct Example: Sendable, CustomTestStringConvertible {
    var text: String
    var value: Value

    init(_ text: String, _ value: Value) {
        self.text = text
        self.value = value
    }

    var testDescription: String { text }
}

/// An expression with a mistake, and the error a form author should read.
private struct Mistake: Sendable, CustomTestStringConvertible {
    var text: String
    var offset: Int
    var message: String

    init(_ text: String, at offset: Int, _ message: String) {
        self.text = text
        self.offset = offset
        self.message = message
    }

    var testDescription: String { text.isEmpty ? "(empty)" : text }
}

@Suite("Expression parsing")
struct ExpressionParsingTests {
    @Test(
        "operators bind with XPath's precedence and associate to the left",
        arguments: [
            Example("1 + 2 * 3", .number(7)),
            Example("2 * 3 - 1", .number(5)),
            Example("(1 + 2) * 3", .number(9)),
            Example("10 - 4 - 3", .number(3)),
            Example("100 div 10 div 2", .number(5)),
            Example("7 div 2", .number(3.5)),
            Example("7 mod 4 * 2", .number(6)),
            Example("-7 mod 3", .number(-1)),
            Example("-2 * 3", .number(-6)),
            Example("-(2 + 3) * 2", .number(-10)),
            Example("2 - -3", .number(5)),
            Example("1 + 1 = 2", .boolean(true)),
            Example("1 < 2 = true()", .boolean(true)),
            Example("not(1 > 2) and 3 >= 3", .boolean(true)),
            Example("true() or false() and false()", .boolean(true)),
            Example("false() and false() or true()", .boolean(true)),
        ]
    )
    fileprivate func precedence(_ example: Example) throws {
        #expect(try evaluate(example.text) == example.value)
    }

    @Test("'or' binds more loosely than 'and', and '-' groups to the left")
    func treeShape() throws {
        #expect(
            try ExpressionParser.parse("${a} or ${b} and ${c}")
                == binary(.or, ref("a"), binary(.and, ref("b"), ref("c"))))
        #expect(
            try ExpressionParser.parse("${a} and ${b} or ${c}")
                == binary(.or, binary(.and, ref("a"), ref("b")), ref("c")))
        #expect(
            try ExpressionParser.parse("${a} - ${b} - ${c}")
                == binary(.subtract, binary(.subtract, ref("a"), ref("b")), ref("c")))
        #expect(
            try ExpressionParser.parse("${a} div ${b} * ${c}")
                == binary(.multiply, binary(.divide, ref("a"), ref("b")), ref("c")))
    }

    @Test("a minus sign before a number is part of the literal; before anything else it negates")
    func negativeLiterals() throws {
        #expect(try ExpressionParser.parse("-3") == number(-3))
        #expect(try ExpressionParser.parse("- 3") == number(-3))
        #expect(try ExpressionParser.parse("-(3)") == FormExpression(.negate(number(3))))
        #expect(try ExpressionParser.parse("-${a}") == FormExpression(.negate(ref("a"))))
        #expect(try ExpressionParser.parse("1 - 3") == binary(.subtract, number(1), number(3)))
    }

    @Test("nodes record the offset where they start")
    func offsets() throws {
        let expression = try ExpressionParser.parse("  ${a} >= 10 and selected(${b}, 'x')")
        #expect(expression.offset == 2)
        #expect(expression.references.map(\.id) == ["a", "b"])
        #expect(expression.references.map(\.node.offset) == [2, 26])
        guard case .binary(_, _, let right) = expression.kind else {
            Issue.record("\(expression) is not a binary expression")
            return
        }
        #expect(right.offset == 17)
    }

    @Test(
        "expressions print in canonical form, with only the parentheses they need",
        arguments: [
            ("((1 + 2)) * 3", "(1 + 2) * 3"),
            ("(1 + 2) * 3", "(1 + 2) * 3"),
            ("1 + (2 * 3)", "1 + 2 * 3"),
            ("1 - (2 - 3)", "1 - (2 - 3)"),
            ("(1 - 2) - 3", "1 - 2 - 3"),
            ("8 div (4 div 2)", "8 div (4 div 2)"),
            ("(${a} or ${b}) and ${c}", "(${a} or ${b}) and ${c}"),
            ("${a} or (${b} and ${c})", "${a} or ${b} and ${c}"),
            ("-(3)", "-(3)"),
            ("-3", "-3"),
            ("- 3", "-3"),
            ("-(-3)", "- -3"),
            ("- -3", "- -3"),
            ("--${a}", "- -${a}"),
            ("-(-(${a}))", "- -${a}"),
            ("-(-(${a} + 1))", "- -(${a} + 1)"),
            ("-(-3 + ${a})", "-(-3 + ${a})"),
            ("-(${a} + 1)", "-(${a} + 1)"),
            ("${a}>=1and${b}!=\"x\"", "${a} >= 1 and ${b} != 'x'"),
            ("\"it's\"", "\"it's\""),
            ("'say \"hi\"'", "'say \"hi\"'"),
            ("count-selected( ${q} )  >  0", "count-selected(${q}) > 0"),
            ("if(.>0,'y','n')", "if(. > 0, 'y', 'n')"),
            (".5 + 1.50 + 2.0", "0.5 + 1.5 + 2"),
            ("0.0000001", "0.0000001"),
            ("0.000000000000000000000001", "0.000000000000000000000001"),
            ("-0.00000000000000123", "-0.00000000000000123"),
            ("100000000000000000000", "100000000000000000000"),
            ("1000000000000000", "1000000000000000"),
            ("1234567890123456.5", "1234567890123456.5"),
            ("today()", "today()"),
        ]
    )
    func canonicalPrinting(text: String, printed: String) throws {
        #expect(try ExpressionParser.parse(text).description == printed)
    }

    @Test(
        "every syntax error says where and what is wrong",
        arguments: [
            Mistake("", at: 0, "the expression is empty"),
            Mistake("   ", at: 0, "the expression is empty"),
            Mistake("(1 + 2", at: 0, "this '(' is never closed; add a ')'"),
            Mistake("1 + (2 * (3 - ${a})", at: 4, "this '(' is never closed; add a ')'"),
            Mistake("(1 + 2 3)", at: 7, "expected ')' to close an earlier '(', found the number 3"),
            Mistake("${a} == 1", at: 5, "use a single '=' to compare values"),
            Mistake("${a} && ${b}", at: 5, "'&&' is not an operator; join conditions with 'and'"),
            Mistake("${a} || ${b}", at: 5, "'||' is not an operator; join conditions with 'or'"),
            Mistake("${a} / 2", at: 5, "'/' is not an operator; divide with 'div'"),
            Mistake("${a} & ${b}", at: 5, "'&' is not an operator; join conditions with 'and'"),
            Mistake("${a} | ${b}", at: 5, "'|' is not an operator; join conditions with 'or'"),
            Mistake("${a} % 2", at: 5, "'%' is not an operator; use 'mod' for a remainder"),
            Mistake("!(${a} = 1)", at: 0, "'!' on its own is not an operator; use not(…)"),
            Mistake("selectd(${q}, 'a')", at: 0, "unknown function 'selectd'; did you mean 'selected'?"),
            Mistake(
                "string_length(${q}) > 3", at: 0, "unknown function 'string_length'; did you mean 'string-length'?"),
            Mistake("${a} + uuid()", at: 7, "unknown function 'uuid'"),
            Mistake(
                "selected(${q})", at: 0,
                "selected() takes 2 arguments, but was given 1; write selected(${question}, 'value')"),
            Mistake("not()", at: 0, "not() takes 1 argument, but was given 0; write not(condition)"),
            Mistake("today(1)", at: 0, "today() takes 0 arguments, but was given 1; write today()"),
            Mistake(
                "1 + if(${a} > 1, 'big')", at: 4,
                "if() takes 3 arguments, but was given 2; write if(condition, then, else)"),
            Mistake("${q} = 'abc", at: 7, "this text has no closing ' quote"),
            Mistake("${q} = \"abc", at: 7, "this text has no closing \" quote"),
            Mistake(
                "${q} = yes", at: 7,
                "unexpected word 'yes'; write a reference to another question as ${yes} and text in quotes, as 'yes'"),
            Mistake("1 +", at: 3, "the expression ends too soon; a value is missing"),
            Mistake("1 + )", at: 4, "expected a value, found ')'"),
            Mistake(")", at: 0, "expected a value, found ')'"),
            Mistake("1 2", at: 2, "found the number 2 after a complete expression; is an operator missing?"),
            Mistake("${a} ${b}", at: 5, "found ${b} after a complete expression; is an operator missing?"),
            Mistake(
                "${a} = 'x' 'y'", at: 11, "found the text 'y' after a complete expression; is an operator missing?"),
            Mistake("(1))", at: 3, "this ')' has no matching '('"),
            Mistake("$a", at: 0, "'$' must start a reference such as ${question_id}"),
            Mistake("1 + ${a", at: 4, "this reference has no closing '}'"),
            Mistake("${1a} = 1", at: 0, "'${1a}' is not a valid reference; question ids are letters, digits and '_'"),
            Mistake("${a} # 1", at: 5, "unexpected character '#'"),
            Mistake("'café' # 1", at: 7, "unexpected character '#'"),
            Mistake("today", at: 0, "'today' is a function, so it needs brackets: today()"),
            Mistake(
                "count > 1", at: 0,
                "'count' is a function, so it needs brackets: count(${repeat_section});"
                    + " to refer to a question write ${count}"),
            Mistake("if(${a} 1, 2)", at: 8, "expected ',' or ')' in the call to if(), found the number 1"),
        ]
    )
    fileprivate func syntaxErrors(_ mistake: Mistake) {
        let error = #expect(throws: ExpressionSyntaxError.self) { try ExpressionParser.parse(mistake.text) }
        #expect(error?.message == mistake.message)
        #expect(error?.offset == mistake.offset)
    }

    @Test("a number too large to hold is a syntax error")
    func hugeNumber() {
        let digits = "1" + String(repeating: "0", count: 400)
        let error = #expect(throws: ExpressionSyntaxError.self) { try ExpressionParser.parse("2 * \(digits)") }
        #expect(error?.message == "'\(digits)' is not a number")
        #expect(error?.offset == 4)
    }

    @Test("parentheses, minus signs and function calls may nest 50 levels deep, and no deeper")
    func nestingLimit() throws {
        let answers = EvaluationContext.answers(["a": .number(2), "yes": .boolean(true)])
        let parenthesised = String(repeating: "(", count: 50) + "1 + ${a}" + String(repeating: ")", count: 50)
        #expect(try ExpressionParser.parse(parenthesised).description == "1 + ${a}")
        #expect(try evaluate(parenthesised, in: answers) == .number(3))
        let negated = try ExpressionParser.parse(String(repeating: "-", count: 50) + "${a}")
        #expect(negated.evaluate(in: answers) == .number(2))
        #expect(try ExpressionParser.parse(negated.description) == negated)
        let called = String(repeating: "not(", count: 50) + "${yes}" + String(repeating: ")", count: 50)
        #expect(try evaluate(called, in: answers) == .boolean(true))

        let message = "this expression nests more than 50 levels deep; split it into calculate questions"
        let tooDeep = [
            (String(repeating: "(", count: 51) + "1" + String(repeating: ")", count: 51), 50),
            (String(repeating: "-", count: 51) + "${a}", 50),
            (String(repeating: "not(", count: 51) + "${yes}" + String(repeating: ")", count: 51), 200),
            // Far too deep to recurse into: the parser stops at the limit instead of overflowing the stack.
            (String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000), 50),
            (String(repeating: "-", count: 100_000) + "1", 50),
        ]
        for (text, offset) in tooDeep {
            let error = #expect(throws: ExpressionSyntaxError.self) { try ExpressionParser.parse(text) }
            #expect(error?.message == message)
            #expect(error?.offset == offset)
        }
    }

    @Test("an expression may have 250 operators, and no more")
    func operatorLimit() throws {
        let terms = Array(repeating: "${a}", count: 251).joined(separator: " + ")
        let sum = try ExpressionParser.parse(terms)
        #expect(sum.evaluate(in: .answers(["a": .number(2)])) == .number(502))
        #expect(try ExpressionParser.parse(sum.description) == sum)
        #expect(sum.references.count == 251)

        let message = "this expression has more than 250 operators; split it into calculate questions"
        let tooLong = [
            (terms + " + 1", terms.unicodeScalars.count + 1),
            // Far too long to evaluate by recursion: the parser stops at the limit instead.
            (Array(repeating: "1", count: 100_000).joined(separator: " + "), 1002),
        ]
        for (text, offset) in tooLong {
            let error = #expect(throws: ExpressionSyntaxError.self) { try ExpressionParser.parse(text) }
            #expect(error?.message == message)
            #expect(error?.offset == offset)
        }
    }

    @Test("a syntax error describes itself by column")
    func errorDescription() {
        let error = #expect(throws: ExpressionSyntaxError.self) { try ExpressionParser.parse("${a} == 1") }
        #expect(error?.description == "column 6: use a single '=' to compare values")
    }
}

@Suite("Expression evaluation")
struct ExpressionEvaluationTests {
    @Test("an unanswered question is empty: never greater or less, equal to '' and 0 of anything")
    func emptyAnswers() throws {
        let none = EvaluationContext.answers([:])
        #expect(try evaluate("${x} > 0", in: none) == .boolean(false))
        #expect(try evaluate("${x} < 0", in: none) == .boolean(false))
        #expect(try evaluate("${x} = 0", in: none) == .boolean(false))
        #expect(try evaluate("${x} = ''", in: none) == .boolean(true))
        #expect(try evaluate("${x} != ''", in: none) == .boolean(false))
        #expect(try evaluate("not(${x} > 0)", in: none) == .boolean(true))
        #expect(try evaluate("${x} + 1", in: none) == .empty)
        #expect(try evaluate("-${x}", in: none) == .empty)
        #expect(try evaluate("string-length(${x})", in: none) == .number(0))
        #expect(try evaluate("count-selected(${x})", in: none) == .number(0))
        #expect(try evaluate("${x}", in: none) == .empty)
        // Empty text and an empty list are unanswered too.
        #expect(try evaluate("${x} = ''", in: .answers(["x": .string("")])) == .boolean(true))
        #expect(try evaluate("${x} = ''", in: .answers(["x": .list([])])) == .boolean(true))
        #expect(try evaluate("${x} != ''", in: .answers(["x": .string("a")])) == .boolean(true))
        #expect(try evaluate("${x} = ''", in: .answers(["x": .number(0)])) == .boolean(false))
    }

    @Test("a condition is true only when it is a true boolean")
    func truth() throws {
        #expect(try evaluate("${x} and true()", in: .answers(["x": .string("yes")])) == .boolean(false))
        #expect(try evaluate("${x} and true()", in: .answers(["x": .number(1)])) == .boolean(false))
        #expect(try evaluate("${x} and true()", in: .answers(["x": .boolean(true)])) == .boolean(true))
        #expect(try evaluate("${x} or false()", in: .answers([:])) == .boolean(false))
    }

    @Test("division or remainder by zero, and overflow, give empty")
    func divisionByZero() throws {
        #expect(try evaluate("1 div 0") == .empty)
        #expect(try evaluate("1 mod 0") == .empty)
        #expect(try evaluate("0 div 0") == .empty)
        #expect(try evaluate("${n} div 0 > 1", in: .answers(["n": .number(5)])) == .boolean(false))
        let huge = "1" + String(repeating: "0", count: 300)
        #expect(try evaluate("\(huge) * \(huge)") == .empty)
        #expect(try evaluate("'a' + 1") == .empty)
    }

    @Test("the current answer is '.'")
    func current() throws {
        let constraint = ". >= 0 and . <= 365"
        #expect(try evaluate(constraint, in: .answers([:], current: .number(7.5))) == .boolean(true))
        #expect(try evaluate(constraint, in: .answers([:], current: .number(400))) == .boolean(false))
        #expect(try evaluate(constraint, in: .answers([:], current: .empty)) == .boolean(false))
    }

    @Test("selected() tests a ticked option, or a single choice")
    func selected() throws {
        let ticked = EvaluationContext.answers(["q": .list(["lot_size", "timescales"]), "one": .string("small")])
        #expect(try evaluate("selected(${q}, 'timescales')", in: ticked) == .boolean(true))
        #expect(try evaluate("selected(${q}, 'price')", in: ticked) == .boolean(false))
        #expect(try evaluate("selected(${one}, 'small')", in: ticked) == .boolean(true))
        #expect(try evaluate("selected(${one}, 'large')", in: ticked) == .boolean(false))
        #expect(try evaluate("selected(${none}, 'small')", in: ticked) == .boolean(false))
        #expect(try evaluate("count-selected(${q})", in: ticked) == .number(2))
        #expect(try evaluate("count-selected(${none})", in: ticked) == .number(0))
    }

    @Test("string-length() counts Unicode scalars")
    func stringLength() throws {
        #expect(try evaluate("string-length('hello')") == .number(5))
        #expect(try evaluate("string-length('h\u{E9}llo')") == .number(5))
        #expect(try evaluate("string-length('he\u{301}llo')") == .number(6))
        #expect(try evaluate("string-length('👍🏽')") == .number(2))
        #expect(try evaluate("string-length(${d})", in: .answers(["d": .date("2026-03-15")])) == .number(10))
        #expect(try evaluate("string-length(${n})", in: .answers(["n": .number(12)])) == .empty)
    }

    @Test("regex() finds the pattern anywhere in the text, unless it is anchored")
    func regex() throws {
        #expect(try evaluate("regex('abc123', '[0-9]+')") == .boolean(true))
        #expect(try evaluate("regex('abc', 'b')") == .boolean(true))
        #expect(try evaluate("regex('abc', '^b')") == .boolean(false))
        #expect(try evaluate("regex('abc', '^abc$')") == .boolean(true))
        #expect(try evaluate("regex('abcd', '^abc$')") == .boolean(false))
        let email = "regex(${e}, '^[^@ ]+@[^@ ]+$')"
        #expect(try evaluate(email, in: .answers(["e": .string("ann@example.org")])) == .boolean(true))
        #expect(try evaluate(email, in: .answers(["e": .string("ann at example.org")])) == .boolean(false))
        #expect(try evaluate(email, in: .answers([:])) == .boolean(false))
        // A pattern that does not compile matches nothing.
        #expect(try evaluate("regex('(', '(')") == .boolean(false))
    }

    @Test("if() and coalesce() choose a value")
    func choices() throws {
        let context = EvaluationContext.answers(["n": .number(12), "name": .string("Ann")])
        #expect(try evaluate("if(${n} > 10, 'big', 'small')", in: context) == .string("big"))
        #expect(try evaluate("if(${n} > 20, 'big', 'small')", in: context) == .string("small"))
        #expect(try evaluate("if(${x} > 0, 1, 2)", in: context) == .number(2))
        #expect(try evaluate("coalesce(${x}, 'none')", in: context) == .string("none"))
        #expect(try evaluate("coalesce(${name}, 'none')", in: context) == .string("Ann"))
        #expect(try evaluate("coalesce('', 5)", in: context) == .number(5))
        #expect(try evaluate("coalesce(${x}, ${y})", in: context) == .empty)
    }

    @Test("today() is the context's date, and dates compare in date order")
    func dates() throws {
        let context = EvaluationContext(
            answer: { id in
                switch id {
                case "start": .date("2026-01-31")
                case "end": .date("2026-11-02")
                default: .empty
                }
            },
            today: "2026-03-15"
        )
        #expect(try evaluate("today()", in: context) == .date("2026-03-15"))
        #expect(try evaluate("today() = '2026-03-15'", in: context) == .boolean(true))
        #expect(try evaluate("${start} < today()", in: context) == .boolean(true))
        #expect(try evaluate("${end} <= today()", in: context) == .boolean(false))
        #expect(try evaluate("${start} < ${end}", in: context) == .boolean(true))
        #expect(try evaluate("${start} >= '2026-02-01'", in: context) == .boolean(false))
        #expect(try evaluate("${missing} < today()", in: context) == .boolean(false))
    }

    @Test("a yes/no answer equals 'yes' or 'no'")
    func yesNo() throws {
        let yes = EvaluationContext.answers(["consent": .boolean(true)])
        let no = EvaluationContext.answers(["consent": .boolean(false)])
        #expect(try evaluate("${consent} = 'yes'", in: yes) == .boolean(true))
        #expect(try evaluate("${consent} = 'no'", in: yes) == .boolean(false))
        #expect(try evaluate("'no' = ${consent}", in: no) == .boolean(true))
        #expect(try evaluate("${consent} != 'yes'", in: no) == .boolean(true))
        #expect(try evaluate("${consent} = true()", in: yes) == .boolean(true))
        #expect(try evaluate("if(${consent}, 'a', 'b')", in: no) == .string("b"))
    }

    @Test("count() and sum() read a repeat section through the context")
    func repeats() throws {
        let context = EvaluationContext(
            repeatCount: { $0 == "tenders" ? 3 : 0 },
            repeatAnswers: { id in
                id == "value" ? [.number(2), .empty, .number(3.5), .string("x"), .string("")] : []
            }
        )
        #expect(try evaluate("count(${tenders})", in: context) == .number(3))
        #expect(try evaluate("count(${other})", in: context) == .number(0))
        #expect(try evaluate("count(${tenders}) >= 2", in: context) == .boolean(true))
        #expect(try evaluate("sum(${value})", in: context) == .number(5.5))
        #expect(try evaluate("sum(${other})", in: context) == .number(0))
        // count() and sum() need a reference, not a value.
        #expect(try evaluate("count(1)", in: context) == .empty)
        #expect(try evaluate("sum(2 + 3)", in: context) == .empty)
    }

    @Test("values describe themselves as a form author writes them")
    func valueDescriptions() {
        #expect(Value.number(7.5).description == "7.5")
        #expect(Value.number(3).description == "3")
        #expect(Value.number(-0.0000002).description == "-0.0000002")
        #expect(Value.string("a").description == "'a'")
        #expect(Value.boolean(true).description == "true")
        #expect(Value.list(["a", "b"]).description == "[a b]")
        #expect(Value.empty.description == "empty")
    }
}
