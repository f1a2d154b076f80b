import CanvassForms
import Foundation
import PropertyBased
import Testing

/// Generators of expression trees, of the answers they are evaluated against, and of text to parse.
private enum ExpressionGen {
    /// A generator with its shrinking type-erased, so generators of one kind can be mixed freely.
    typealias Erased<T> = Generator<T, AnySequence<Any>>

    /// Runs one of `options`, each as often as its weight says.
    static func weighted<T>(_ options: [(Double, Erased<T>)]) -> Erased<T> {
        Gen<T>.frequency(options.map { (weight: $0.0, gen: $0.1) }).eraseToAny()
    }

    /// One of `values`, chosen at random.
    static func element<T: Sendable>(of values: [T]) -> Erased<T> {
        Gen<T?>.element(of: values).compactMap { $0 }.eraseToAny()
    }

    /// Some digits shifted `places` places to the right of the decimal point.
    static func decimal(_ digits: ClosedRange<Int>, places: ClosedRange<Int>) -> Erased<Double> {
        zip(Gen.int(in: digits), Gen.int(in: places))
            .map { mantissa, places in Double(mantissa) / pow(10, Double(places)) }
            .eraseToAny()
    }

    /// Numbers as forms write them (whole, a few decimals, negative) and the extremes the printer must spell out.
    static let number: Erased<Double> = weighted([
        (3, Gen.int(in: -1000...1000).map { Double($0) }.eraseToAny()),
        (3, decimal(-99_999...99_999, places: 1...6)),
        (1, Gen.double(in: -1000...1000).eraseToAny()),
        (1, Gen.double(in: -0.001...0.001).eraseToAny()),
        (1, decimal(-999...999, places: 5...30)),
        (1, Gen.double(in: -1e22...1e22).eraseToAny()),
        (1, Gen.int(in: -99_999_999...99_999_999).map { Double($0) * 1e8 }.eraseToAny()),
    ])

    /// Text with quotes, brackets, operators and non-ASCII characters, but never both kinds of quote.
    static let text: Erased<String> = weighted([
        (1, element(of: ["", "yes", "no", "a", "b", "2026-03-15", "[0-9]+", "^a.*$", "("])),
        (
            3,
            element(of: Array("abXY 09_-+.,()${}'\"\\é漢😀\n"))
                .string(of: 0...8)
                .map { $0.contains("'") && $0.contains("\"") ? $0.filter { $0 != "\"" } : $0 }
                .eraseToAny()
        ),
    ])

    /// Question ids: a letter or '_', then letters, digits and '_'; some spelt like keywords or functions.
    static let questionID: Erased<String> = weighted([
        (1, element(of: ["and", "or", "div", "mod", "not", "today", "count_selected", "x"])),
        (
            3,
            zip(element(of: Array("abqxyzAQ_")), element(of: Array("abqz0129_")).string(of: 0...6))
                .map { first, rest in String(first) + rest }
                .eraseToAny()
        ),
    ])

    /// The nodes with no children.
    static let leaf: Erased<FormExpression> = weighted([
        (3, number.map { FormExpression(.number($0)) }.eraseToAny()),
        (2, text.map { FormExpression(.string($0)) }.eraseToAny()),
        (3, questionID.map { FormExpression(.reference($0)) }.eraseToAny()),
        (1, Gen.always(FormExpression(.current)).eraseToAny()),
    ])

    /// Trees at most `depth` levels deep, with every kind of node, every operator and every function.
    static func expression(depth: Int) -> Erased<FormExpression> {
        guard depth > 0 else { return leaf }
        let child = expression(depth: depth - 1)
        let calls: [(Double, Erased<FormExpression>)] = Function.allCases.map { function in
            (1, child.array(of: function.arity).map { FormExpression(.call(function, $0)) }.eraseToAny())
        }
        return weighted([
            (2, leaf),
            (1, child.map { FormExpression(.negate($0)) }.eraseToAny()),
            (
                4,
                zip(Gen<BinaryOperator>.case, child, child)
                    .map { FormExpression(.binary($0.0, $0.1, $0.2)) }
                    .eraseToAny()
            ),
            (3, weighted(calls)),
        ])
    }

    /// Dates as `YYYY-MM-DD`.
    static let date: Erased<String> = zip(Gen.int(in: 1990...2040), Gen.int(in: 1...12), Gen.int(in: 1...28))
        .map { String(format: "%04d-%02d-%02d", $0.0, $0.1, $0.2) }
        .eraseToAny()

    /// Any answer a question may have, including none.
    static let answer: Erased<Value> = weighted([
        (2, Gen.always(Value.empty).eraseToAny()),
        (3, number.map { Value.number($0) }.eraseToAny()),
        (3, text.map { Value.string($0) }.eraseToAny()),
        (2, Gen.bool.map { Value.boolean($0) }.eraseToAny()),
        (2, date.map { Value.date($0) }.eraseToAny()),
        (2, element(of: ["a", "b", "c", "yes", "no", ""]).array(of: 0...3).map { Value.list($0) }.eraseToAny()),
    ])

    /// An expression and everything it can see while it is evaluated.
    static let scenario: Erased<Scenario> = zip(
        expression(depth: 4),
        answer.array(of: 1...6),
        answer,
        Gen.int(in: 0...20),
        answer.array(of: 0...5),
        date
    )
    .map { Scenario(expression: $0.0, pool: $0.1, current: $0.2, repeatCount: $0.3, repeatAnswers: $0.4, today: $0.5) }
    .eraseToAny()

    /// The characters expressions are written with, and a few they must reject.
    static let expressionCharacters = Array("0123456789 .,()'\"${}_-+*=!<>/&|%#abcdeilnorstuvxyz\té")

    /// Fragments of expressions, valid and not, so joined-up fragments often come close to parsing.
    static let fragments = [
        "(", ")", "${a}", "${b_2}", "${", "}", "'x'", "'", "\"", "\"it's\"", "1", "2.5", "-", ".", ".5", "+", "*",
        " div ", " mod ", " and ", " or ", "=", "==", "!=", "!", "<", "<=", ">", ">=", ",", " ", "not(", "selected(",
        "if(", "count-selected(", "string-length(", "regex(", "coalesce(", "today()", "true()", "count(", "sum(",
        "selectd(", "yes", "/", "&&", "é", "999999999999999999999",
    ]

    /// A printed expression with one character replaced by a fragment (or deleted, or a space put in).
    static let mutated: Erased<String> = zip(expression(depth: 3), Gen.int(in: 0...10_000), element(of: fragments))
        .map { expression, position, fragment in
            var scalars = Array(expression.description.unicodeScalars)
            let at = position % (scalars.count + 1)
            let replacement = position.isMultiple(of: 3) ? (position.isMultiple(of: 2) ? "" : " ") : fragment
            scalars.replaceSubrange(at..<min(at + 1, scalars.count), with: replacement.unicodeScalars)
            return String(String.UnicodeScalarView(scalars))
        }
        .eraseToAny()

    /// Random text made of expression characters or fragments, or a printed expression with a mistake in it.
    static let source: Erased<String> = weighted([
        (1, element(of: expressionCharacters).string(of: 0...30).eraseToAny()),
        (2, element(of: fragments).array(of: 0...14).map { $0.joined() }.eraseToAny()),
        (2, mutated),
    ])
}

/// An expression with the answers, `.`, repeat sections and date it is evaluated with.
private struct Scenario: Sendable, CustomStringConvertible {
    var expression: FormExpression
    var answers: [String: Value]
    var current: Value
    var repeatCount: Int
    var repeatAnswers: [Value]
    var today: String

    /// Gives each question the expression refers to one of the `pool` values, in the order they are referred to.
    init(
        expression: FormExpression, pool: [Value], current: Value, repeatCount: Int, repeatAnswers: [Value],
        today: String
    ) {
        self.expression = expression
        var answers: [String: Value] = [:]
        for (id, _) in expression.references where answers[id] == nil {
            answers[id] = pool[answers.count % pool.count]
        }
        self.answers = answers
        self.current = current
        self.repeatCount = repeatCount
        self.repeatAnswers = repeatAnswers
        self.today = today
    }

    var context: EvaluationContext {
        let answers = answers
        let repeatCount = repeatCount
        let repeatAnswers = repeatAnswers
        return EvaluationContext(
            answer: { answers[$0] ?? .empty },
            repeatCount: { _ in repeatCount },
            repeatAnswers: { _ in repeatAnswers },
            current: current,
            today: today
        )
    }

    var description: String {
        "\(expression) with \(answers), . = \(current), \(repeatCount) instances of \(repeatAnswers), today \(today)"
    }
}

@Suite("Expression properties")
struct ExpressionPropertyTests {
    @Test("the generated expressions have every kind of node, operator and function")
    func generatorCoverage() async {
        var seen: Set<String> = []
        await propertyCheck(count: 500, input: ExpressionGen.expression(depth: 4)) { expression in
            expression.visit { node in
                switch node.kind {
                case .number(let value) where value < 0: seen.insert("negative number")
                case .number(let value) where value != value.rounded(): seen.insert("decimal")
                case .number: seen.insert("whole number")
                case .string(let value) where value.contains("'"): seen.insert("text with '")
                case .string(let value) where value.contains("\""): seen.insert("text with \"")
                case .string: seen.insert("text")
                case .reference: seen.insert("reference")
                case .current: seen.insert(".")
                case .negate: seen.insert("negate")
                case .binary(let op, _, _): seen.insert(op.rawValue)
                case .call(let function, _): seen.insert(function.rawValue + "()")
                }
            }
        }
        let kinds = ["negative number", "decimal", "whole number", "text with '", "text with \"", "text", "reference"]
        let expected = Set(kinds + [".", "negate"])
            .union(BinaryOperator.allCases.map(\.rawValue))
            .union(Function.allCases.map { $0.rawValue + "()" })
        #expect(expected.subtracting(seen).isEmpty, "never generated: \(expected.subtracting(seen).sorted())")
    }

    @Test("printing any expression and parsing the text gives the same expression")
    func printThenParseRoundTrips() async {
        await propertyCheck(count: 1000, input: ExpressionGen.expression(depth: 4)) { expression in
            let text = expression.description
            do {
                let parsed = try ExpressionParser.parse(text)
                #expect(parsed == expression, "\(text) parsed as \(parsed.kind), not \(expression.kind)")
                #expect(parsed.description == text)
            } catch {
                Issue.record("\(text) does not parse: \(error)")
            }
        }
    }

    @Test("numbers print without an exponent and parse back exactly")
    func numbersRoundTrip() async {
        await propertyCheck(count: 1000, input: ExpressionGen.number) { number in
            let text = FormExpression(.number(number)).description
            #expect(!text.contains("e") && !text.hasSuffix(".0"), "\(number) printed as \(text)")
            let parsed = try? ExpressionParser.parse(text)
            #expect(parsed == FormExpression(.number(number)), "\(number) printed as \(text)")
        }
    }

    @Test("evaluating any expression in any context gives one answer, of the kind its operator promises")
    func evaluationIsTotalAndDeterministic() async {
        await propertyCheck(count: 1000, input: ExpressionGen.scenario) { scenario in
            let context = scenario.context
            let first = scenario.expression.evaluate(in: context)
            #expect(scenario.expression.evaluate(in: context) == first)
            let reparsed = try ExpressionParser.parse(scenario.expression.description)
            #expect(reparsed.evaluate(in: context) == first)
            if case .number(let value) = first {
                #expect(value.isFinite)
            }
            switch scenario.expression.kind {
            case .binary(let op, _, _) where !op.isArithmetic:
                #expect(first.isBoolean, "\(op.rawValue) gave \(first)")
            case .binary:
                #expect(first.isNumberOrEmpty)
            case .negate:
                #expect(first.isNumberOrEmpty)
            case .call(let function, _) where [.not, .selected, .regex, .true, .false].contains(function):
                #expect(first.isBoolean, "\(function.rawValue)() gave \(first)")
            case .call(let function, _) where [.countSelected, .stringLength, .count, .sum].contains(function):
                #expect(first.isNumberOrEmpty, "\(function.rawValue)() gave \(first)")
            default:
                break
            }
        }
    }

    @Test("parsing arbitrary text gives an expression or a syntax error inside the text")
    func parsingArbitraryTextNeverTraps() async {
        var parsed = 0
        var rejected = 0
        await propertyCheck(count: 2000, input: ExpressionGen.source) { text in
            let expression: FormExpression
            do throws(ExpressionSyntaxError) {
                expression = try ExpressionParser.parse(text)
            } catch {
                rejected += 1
                #expect((0...text.unicodeScalars.count).contains(error.offset), "\(error) in \(text)")
                #expect(!error.message.isEmpty)
                return
            }
            parsed += 1
            // What parses prints canonically and evaluates without trapping.
            let reparsed = try? ExpressionParser.parse(expression.description)
            #expect(reparsed == expression, "\(expression) from \(text) does not parse back")
            _ = expression.evaluate(in: .answers(["a": .number(1), "b_2": .list(["x"])], current: .string("x")))
        }
        // Both outcomes must be common, or the check says little.
        #expect(parsed >= 100, "only \(parsed) of 2000 parsed")
        #expect(rejected >= 100, "only \(rejected) of 2000 were rejected")
    }
}

extension Value {
    fileprivate var isBoolean: Bool {
        if case .boolean = self { return true }
        return false
    }

    fileprivate var isNumberOrEmpty: Bool {
        switch self {
        case .number, .empty: true
        default: false
        }
    }
}
