import CanvassForms
import CanvassQuestionnaires
import CanvassTesting
import Foundation
import Testing

/// The web questionnaire's JavaScript and the validator must never disagree: thousands of seeded random
/// expressions over random answers are evaluated by the Swift evaluator and, compiled, by node; every result
/// must be the same value.
@Suite("Expressions compiled to JavaScript")
struct ExpressionJavaScriptTests {
    /// Random expressions and answers (the same for a seed).
    struct Generator {
        var random: SplitMix64

        mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }

        mutating func value() -> Value {
            switch random.next() % 7 {
            case 0: return .empty
            case 1: return .number(pick([0, 1, -2, 2.5, 10, 0.1, 1e-7, 3]))
            case 2: return .string(pick(["", "a", "b", "yes", "no", "ab12", "café", "2026-01-01"]))
            case 3: return .boolean(random.next() % 2 == 0)
            case 4: return .date(pick(["2025-12-31", "2026-01-01", "2026-11-29"]))
            case 5: return .list(pick([[], ["a"], ["a", "b"], ["b", "c", "a"]]))
            default: return .number(Double(Int(random.next() % 200)) / 8 - 5)
            }
        }

        mutating func expression(depth: Int) -> FormExpression {
            if depth == 0 || random.next() % 4 == 0 {
                switch random.next() % 5 {
                case 0: return FormExpression(.number(pick([0, 1, 2, -1, 0.5, 3.25, 100, 7])))
                case 1: return FormExpression(.string(pick(["", "a", "b", "yes", "no", "2026-01-01", "c"])))
                case 2: return FormExpression(.current)
                default: return FormExpression(.reference(pick(["a", "b", "c", "d"])))
                }
            }
            switch random.next() % 4 {
            case 0: return FormExpression(.negate(expression(depth: depth - 1)))
            case 1, 2:
                return FormExpression(
                    .binary(pick(BinaryOperator.allCases), expression(depth: depth - 1), expression(depth: depth - 1)))
            default:
                let function = pick(Function.allCases)
                let arguments: [FormExpression]
                switch function {
                case .count, .sum: arguments = [FormExpression(.reference("r"))]
                case .selected:
                    arguments = [
                        FormExpression(.reference(pick(["a", "b", "c", "d"]))),
                        FormExpression(.string(pick(["a", "b", "c", ""]))),
                    ]
                case .regex:
                    // Patterns ICU and JavaScript read alike (the language documents this subset).
                    arguments = [
                        expression(depth: depth - 1),
                        FormExpression(.string(pick(["^a", "b$", "[0-9]+", "a|b", "^[a-z]{2,3}$", "\\\\d", "("]))),
                    ]
                default: arguments = (0..<function.arity).map { _ in expression(depth: depth - 1) }
                }
                return FormExpression(.call(function, arguments))
            }
        }
    }

    static func json(_ value: Value) -> String {
        switch value {
        case .empty: return #"{"t":"e"}"#
        case .number(let x): return #"{"t":"n","v":\#(x)}"#
        case .string(let s): return #"{"t":"s","v":\#(jsString(s))}"#
        case .boolean(let b): return #"{"t":"b","v":\#(b)}"#
        case .date(let d): return #"{"t":"d","v":\#(jsString(d))}"#
        case .list(let l): return #"{"t":"l","v":[\#(l.map(jsString).joined(separator: ","))]}"#
        }
    }

    static func jsString(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast()
            .description
    }

    /// A value read back from node's JSON.
    static func value(_ object: Any) -> Value? {
        guard let tagged = object as? [String: Any], let tag = tagged["t"] as? String else { return nil }
        switch tag {
        case "e": return .empty
        case "n": return (tagged["v"] as? NSNumber).map { .number($0.doubleValue) }
        case "s": return (tagged["v"] as? String).map { .string($0) }
        case "b": return (tagged["v"] as? Bool).map { .boolean($0) }
        case "d": return (tagged["v"] as? String).map { .date($0) }
        case "l": return (tagged["v"] as? [String]).map { .list($0) }
        default: return nil
        }
    }

    @Test("Random expressions give the same value in JavaScript as in the validator", arguments: [1, 2, 3] as [UInt64])
    func differential(seed: UInt64) async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/node") else {
            Issue.record("node is needed (make setup installs nodejs)")
            return
        }
        var generator = Generator(random: SplitMix64(seed: seed))
        var cases: [(FormExpression, [String: Value], Value, Int, [Value])] = []
        for _ in 0..<1500 {
            let answers = Dictionary(uniqueKeysWithValues: ["a", "b", "c", "d"].map { ($0, generator.value()) })
            let repeats = (0..<Int(generator.random.next() % 4)).map { _ in generator.value() }
            cases.append((generator.expression(depth: 4), answers, generator.value(), repeats.count, repeats))
        }
        var script = ExpressionJavaScript.runtime + "\nconst cases = [\n"
        for (expression, answers, current, count, repeats) in cases {
            let answersJSON = answers.map { "\(Self.jsString($0.key)): \(Self.json($0.value))" }.joined(separator: ",")
            script +=
                "[c => \(ExpressionJavaScript.compile(expression)), {answers: {\(answersJSON)}, "
                + "current: \(Self.json(current)), count: \(count), "
                + "repeats: [\(repeats.map(Self.json).joined(separator: ","))]}],\n"
        }
        script += """
            ];
            const results = cases.map(([f, x]) => f({answer: id => x.answers[id] || R.empty, current: x.current,
              repeatCount: id => id === "r" ? x.count : 0, repeatAnswers: id => id === "r" ? x.repeats : [],
              today: "2026-11-29"}));
            process.stdout.write(JSON.stringify(results));
            """
        try await withTemporaryFolder { folder in
            let path = folder + "/cases.js"
            try script.write(toFile: path, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/node")
            process.arguments = [path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let results = try #require(try JSONSerialization.jsonObject(with: output) as? [Any])
            #expect(results.count == cases.count)
            var disagreements = 0
            for ((expression, answers, current, count, repeats), result) in zip(cases, results) {
                let context = EvaluationContext(
                    answer: { answers[$0] ?? .empty }, repeatCount: { $0 == "r" ? count : 0 },
                    repeatAnswers: { $0 == "r" ? repeats : [] }, current: current, today: "2026-11-29")
                let expected = expression.evaluate(in: context)
                let actual = Self.value(result)
                if actual != expected {
                    disagreements += 1
                    if disagreements <= 5 {
                        Issue.record(
                            "\(expression) with \(answers), current \(current): Swift \(expected), JavaScript \(String(describing: actual))"
                        )
                    }
                }
            }
            #expect(disagreements == 0)
        }
    }

    @Test("String literals are safe inside a script element and JavaScript reads them back exactly")
    func literals() {
        let text = "</script><b>\"quoted\" \\ \n\u{2028} é"
        let literal = ExpressionJavaScript.compile(FormExpression(.string(text)))
        #expect(!literal.contains("</script"))
        #expect(!literal.contains("\n") && !literal.contains("\u{2028}"))
        #expect(literal.hasPrefix("R.str(\"\\u003c/script>\\u003cb>"))
    }
}
