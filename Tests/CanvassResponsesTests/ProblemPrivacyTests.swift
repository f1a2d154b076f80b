import CanvassForms
import CanvassResponses
import Testing

// Answers may be personal or commercially sensitive, and problems are printed, logged and sent back by the
// collector. These tests feed distinctive secrets as wrong answers to every question of every shipped form,
// by every route (one answer as it is typed, a whole response, an answers file), and check that no problem
// a user or a log could see contains them.

/// SplitMix64: a small seeded generator, so a failing round can be run again from its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One round's secrets, and the wrong answers made from them.
struct Secrets {
    /// A random word that appears in no form ("Qz" then ten letters and digits).
    let word: String
    /// A seven-digit number with no zeros, so it cannot be part of a form's "10,000" or "2026".
    let number: Double
    /// A date shaped like an answer, far in the future.
    let date: String

    init(using generator: inout SeededGenerator) {
        let characters = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        word = "Qz" + String((0..<10).map { _ in characters.randomElement(using: &generator) ?? "x" })
        number = Double((0..<7).reduce(0) { total, _ in total * 10 + Int.random(in: 1...9, using: &generator) })
        date =
            "\(Int.random(in: 2100...2999, using: &generator))-0\(Int.random(in: 1...9, using: &generator))-1"
            + "\(Int.random(in: 0...9, using: &generator))"
    }

    /// The texts no problem may contain: the word (or most of it), the number however it is written, the date.
    var forbidden: [String] {
        let digits = String(Int(number))
        return [word, String(word.dropFirst(2).prefix(8)), digits, String(digits.prefix(6)), date]
    }

    /// Wrong answers for `question`: every kind of value, each carrying a secret.
    func wrongAnswers(for question: Question, options: [String]) -> [JSONValue] {
        let item = question.items.first?.id ?? "item"
        let option = options.first ?? "option"
        let long = String(repeating: word + " ", count: 800)
        return [
            .string(word), .string("\(word) \(word)@"), .string(long), .string(date), .string("\(word).pdf/\(word)"),
            .string("\(date.prefix(5))02-30"), .number(number), .number(-number), .number(number + 0.25),
            .array([.string(word)]), .array([.string(option), .string(word)]), .array([.number(number)]),
            .object([word: .string(word)]), .object([item: .string(word)]), .object([item: .number(number)]),
            .bool(true),
        ]
    }

    /// Whether `text` shows any secret.
    func leak(in text: String) -> String? {
        forbidden.first { text.contains($0) }
    }
}

/// Everything about a problem that a person or a log could see.
func visibleText(_ problem: ResponseProblem) -> String {
    problem.description + "\n" + problem.json.canonicalText
}

@Suite("Problems never repeat answers")
struct ProblemPrivacyTests {
    /// Rounds of fresh secrets per test; validating whole responses is slower, so it has fewer.
    static let rounds = 12
    static let responseRounds = 3

    @Test(arguments: shippedFormNames)
    func checkingOneAnswerNeverRepeatsIt(_ name: String) throws {
        let form = try loadShippedForm(name)
        let validator = ResponseValidator(form: form, today: "2026-03-31")
        var generator = SeededGenerator(state: 0xCA_0001)
        var refused: Set<String> = []
        for _ in 0..<Self.rounds {
            let secrets = Secrets(using: &generator)
            for question in form.questions where question.type.isAnswered {
                let options = form.choices(for: question)?.choices.map(\.value) ?? []
                for wrong in secrets.wrongAnswers(for: question, options: options) {
                    guard let error = validator.problem(with: wrong, for: question, context: EvaluationContext())
                    else { continue }
                    refused.insert(question.id)
                    let leak = secrets.leak(in: error.message + (error.item ?? ""))
                    #expect(leak == nil, "\(question.id): \(error.message)")
                }
            }
        }
        // Every question refused some of its wrong answers, so the messages above were really produced.
        #expect(refused == Set(form.questions.filter(\.type.isAnswered).map(\.id)))
    }

    @Test(arguments: filledTemplates.indices)
    func validatingAResponseNeverRepeatsItsAnswers(_ index: Int) throws {
        let (name, yaml) = filledTemplates[index]
        let form = try loadShippedForm(name)
        let base = AnswersFile(text: yaml, path: "answers.yaml", form: form).answers
        let validator = ResponseValidator(form: form, today: "2026-03-31")
        var generator = SeededGenerator(state: 0xCA_0002 + UInt64(index))
        var problemCount = 0
        for _ in 0..<Self.responseRounds {
            let secrets = Secrets(using: &generator)
            for question in form.questions where question.type.isAnswered {
                let options = form.choices(for: question)?.choices.map(\.value) ?? []
                for wrong in secrets.wrongAnswers(for: question, options: options) {
                    let answers = replacing(question.id, with: wrong, in: base, form: form)
                    for problem in validator.validate(answers: answers).problems {
                        problemCount += 1
                        let text = visibleText(problem)
                        #expect(secrets.leak(in: text) == nil, "\(question.id): \(text)")
                    }
                }
            }
        }
        #expect(problemCount > 250)
    }

    @Test(arguments: shippedFormNames)
    func readingAnAnswersFileNeverRepeatsIt(_ name: String) throws {
        let form = try loadShippedForm(name)
        var generator = SeededGenerator(state: 0xCA_0003)
        var problemCount = 0
        for _ in 0..<Self.rounds {
            let secrets = Secrets(using: &generator)
            let number = String(Int(secrets.number))
            let values = [
                secrets.word, "\"\(secrets.word): \(secrets.date)\"", number, "-\(number).25", secrets.date,
                "[\(secrets.word), \(number)]", "{\(secrets.word): \(number)}", "[[\(secrets.word)]]",
                // Not YAML at all: the syntax error must not quote the line either.
                "\"\(secrets.word)", "\(secrets.word): x: \(number)", "[\(secrets.word)",
            ]
            for question in form.questions {
                for value in values {
                    let yaml: String
                    if let section = form.section(containing: question.id), section.isRepeat {
                        yaml = "\(section.id):\n  - \(question.id): \(value)\n"
                    } else {
                        yaml = "\(question.id): \(value)\n"
                    }
                    let file = AnswersFile(text: yaml, path: "answers.yaml", form: form)
                    let validation = ResponseValidator(form: form).validate(answers: file.answers)
                    for problem in file.problems + validation.problems {
                        problemCount += 1
                        let text = visibleText(problem)
                        #expect(secrets.leak(in: text) == nil, "\(question.id): \(text)")
                    }
                }
            }
        }
        #expect(problemCount > 500)
    }

    @Test func aMalformedResponseFileNeverRepeatsItsAnswers() {
        let secret = "QzP7w3RkD9tLmx"
        let cases = [
            #"{"canvass":1,"form":"f","formVersion":"1","id":"r","createdAt":"t","answers":{"q":"\#(secret)"#,
            #"{"canvass":1,"form":"f","formVersion":"1","id":"r","createdAt":"t","answers":{"q":"\#(secret)\x"}}"#,
            #"{"canvass":1,"form":"f","formVersion":"1","id":"r","createdAt":"t","answers":{"q":\#(secret)}}"#,
            #"{"canvass":1,"form":"f","formVersion":"1","id":"r","createdAt":"t","answers":"\#(secret)"}"#,
            #"{"canvass":1,"form":"f","formVersion":"1","id":"\#(secret)/","createdAt":"t"}"#,
        ]
        for text in cases {
            let message = refusal(text)
            #expect(message != nil)
            #expect(message?.contains(secret) == false, "\(message ?? "")")
            #expect(message?.contains("QzP7") == false, "\(message ?? "")")
        }
    }

    /// `answers` with `question` answered `value`: at the top level, or in the first instance of its repeat.
    func replacing(_ question: String, with value: JSONValue, in answers: [String: JSONValue], form: Form)
        -> [String: JSONValue]
    {
        var answers = answers
        guard let section = form.section(containing: question), section.isRepeat else {
            answers[question] = value
            return answers
        }
        var instances: [JSONValue] = []
        if case .array(let existing) = answers[section.id] { instances = existing }
        var first = instances.first?.object ?? [:]
        first[question] = value
        if instances.isEmpty { instances = [.object(first)] } else { instances[0] = .object(first) }
        answers[section.id] = .array(instances)
        return answers
    }
}
