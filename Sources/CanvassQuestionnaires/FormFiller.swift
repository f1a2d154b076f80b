public import CanvassForms
public import CanvassResponses
import Foundation

/// Fills in a form one question at a time, in a terminal or from lines of input.
///
/// Skip logic is followed as answers are given, each answer is checked as it is typed, repeat sections ask
/// "Add another …?", and a review comes before finishing. `save` is called after every answer so a draft survives
/// Ctrl-C or a closed window.
public struct FormFiller {
    /// How the filler talks to the person: write text, and read a line (`nil` at the end of input).
    public struct Terminal {
        /// Writes text as it is (prompts have no newline).
        public var write: (String) -> Void
        /// Reads one line without its newline, or `nil` when input has ended.
        public var readLine: () -> String?
        /// Whether a person is typing (a refused answer is asked again) rather than a script (filling stops).
        public var isInteractive: Bool

        /// Creates a terminal from two functions.
        public init(write: @escaping (String) -> Void, readLine: @escaping () -> String?, isInteractive: Bool = true) {
            self.write = write
            self.readLine = readLine
            self.isInteractive = isInteractive
        }
    }

    /// How filling ended.
    public enum Outcome: Sendable, Equatable {
        /// The person finished and `finish` accepted the answers.
        case finished
        /// Input ended first; the draft holds everything answered so far.
        case inputEnded
        /// A line of scripted input was refused (the reason was shown); the draft holds the answers before it.
        case answerRefused
    }

    /// The form being filled in.
    public let form: Form
    /// The answers so far, as they are saved in the draft (file answers hold the path typed).
    public internal(set) var answers: [String: JSONValue]
    let terminal: Terminal
    let validator: ResponseValidator
    let check: AnswerCheck
    let numbers: [String: Int]
    let language: String?

    /// Creates a filler starting from `answers` (empty for a new response, a draft's answers to resume).
    public init(form: Form, answers: [String: JSONValue] = [:], language: String? = nil, terminal: Terminal) {
        self.form = form
        self.answers = answers
        self.terminal = terminal
        self.language = language
        self.validator = ResponseValidator(form: form)
        self.check = AnswerCheck(form: form)
        self.numbers = form.questionNumbers
    }

    // MARK: - Steps

    /// One thing the person is asked.
    enum Step: Hashable {
        case question(Question, section: Section, instance: Int?)
        case another(Section, count: Int)
        case review
    }

    /// Every step the current answers lead to, in order.
    ///
    /// Skip logic is worked out from the answers as the validator keeps them, so an answer that stopped being
    /// relevant (after the person went back and changed an earlier one) no longer opens questions.
    func steps() -> [Step] {
        let effective = effectiveAnswers()
        var steps: [Step] = []
        for section in form.sections {
            if let relevant = section.relevant,
                !relevant.evaluate(in: context(instance: nil, answers: effective)).isTrue
            {
                continue
            }
            guard let rule = section.repeatRule else {
                for question in section.questions where asks(question, instance: nil, answers: effective) {
                    steps.append(.question(question, section: section, instance: nil))
                }
                continue
            }
            // The first `minimum` instances are asked without an "Add …?" question.
            let count = max(instances(of: section).count, rule.minimum)
            for index in 0..<count {
                for question in section.questions where asks(question, instance: index, answers: effective) {
                    steps.append(.question(question, section: section, instance: index))
                }
            }
            let atMaximum = rule.maximum.map { count >= $0 } ?? false
            if !atMaximum { steps.append(.another(section, count: count)) }
        }
        steps.append(.review)
        return steps
    }

    /// The answers as they would be saved now: irrelevant ones cleared, calculations computed.
    func effectiveAnswers() -> [String: JSONValue] {
        validator.validate(answers: answers).answers.merging(repeatPlaceholders()) { kept, _ in kept }
    }

    /// Repeat instances the person has added but not answered yet, which the validator would not keep.
    private func repeatPlaceholders() -> [String: JSONValue] {
        var placeholders: [String: JSONValue] = [:]
        for section in form.sections where section.isRepeat {
            if case .array(let items) = answers[section.id] {
                placeholders[section.id] = .array(items.map { _ in .object([:]) })
            }
        }
        return placeholders
    }

    private func asks(_ question: Question, instance: Int?, answers: [String: JSONValue]) -> Bool {
        guard question.type.isAnswered || question.type == .note else { return false }
        guard let relevant = question.relevant else { return true }
        return relevant.evaluate(in: context(instance: instance, answers: answers)).isTrue
    }

    func instances(of section: Section) -> [JSONValue] {
        if case .array(let items) = answers[section.id] { return items }
        return []
    }

    func answer(_ question: Question, instance: Int?) -> JSONValue? {
        guard let instance, let section = form.section(containing: question.id) else { return answers[question.id] }
        let items = instances(of: section)
        return instance < items.count ? items[instance].object?[question.id] : nil
    }

    mutating func setAnswer(_ value: JSONValue?, for question: Question, instance: Int?) {
        guard let instance, let section = form.section(containing: question.id) else {
            answers[question.id] = value
            return
        }
        var items = instances(of: section)
        while items.count <= instance { items.append(.object([:])) }
        var members = items[instance].object ?? [:]
        members[question.id] = value
        items[instance] = .object(members)
        answers[section.id] = .array(items)
    }

    /// What expressions see: the effective answers, with `instance` answers first inside a repeat.
    func context(instance: Int?, answers: [String: JSONValue]? = nil) -> EvaluationContext {
        let answers = answers ?? effectiveAnswers()
        let form = self.form
        let check = self.check
        return EvaluationContext(
            answer: { id in
                guard let question = form.question(id) else { return .empty }
                if let instance, let section = form.section(containing: id), section.isRepeat {
                    guard case .array(let items) = answers[section.id], instance < items.count else { return .empty }
                    return check.value(of: items[instance].object?[id], for: question)
                }
                return check.value(of: answers[id], for: question)
            },
            repeatCount: { id in
                if case .array(let items) = answers[id] { return items.count }
                return 0
            },
            repeatAnswers: { id in
                guard let question = form.question(id), let section = form.section(containing: id),
                    case .array(let items) = answers[section.id]
                else { return [] }
                return items.map { check.value(of: $0.object?[id], for: question) }
            })
    }

    // MARK: - Running

    /// Asks every step until the person finishes or input ends.
    ///
    /// `save` receives the answers after every change; `finish` receives them at the end and returns the problems
    /// that stop them being finalised (empty when they were).
    public mutating func run(
        save: ([String: JSONValue]) throws -> Void, finish: ([String: JSONValue]) throws -> [ResponseProblem]
    ) throws -> Outcome {
        terminal.write(introduction())
        var current = resumePoint()
        while true {
            let all = steps()
            let index = min(all.firstIndex(of: current) ?? all.count - 1, all.count - 1)
            let step = all[index]
            let reply: Reply
            switch step {
            case .question(let question, let section, let instance):
                reply = ask(question, section: section, instance: instance, position: index + 1, of: all.count - 1)
            case .another(let section, let count):
                reply = askAnother(section, count: count)
            case .review:
                reply = review()
            }
            switch reply {
            case .end:
                return .inputEnded
            case .back:
                if case .question(_, let section, let instance?) = step, let rule = section.repeatRule,
                    removeEmptyInstance(instance, of: section, keeping: rule.minimum, firstStep: all, at: index)
                {
                    try save(answers)
                    current = .another(section, count: instance)
                    continue
                }
                // Notes ask nothing, so going back passes over them.
                var previous = index - 1
                while previous > 0, case .question(let question, _, _) = all[previous], question.type == .note {
                    previous -= 1
                }
                current = all[max(previous, 0)]
            case .answered(let changed):
                if changed { try save(answers) }
                let next = steps()
                let position = next.firstIndex(of: step) ?? index
                current = next[min(position + 1, next.count - 1)]
            case .added(let section, let instance):
                try save(answers)
                let next = steps()
                current =
                    next.first {
                        if case .question(_, let owner, instance) = $0 { return owner.id == section.id }
                        return false
                    } ?? next[min(index, next.count - 1)]
            case .refused:
                return .answerRefused
            case .jump(let id):
                current =
                    all.first {
                        if case .question(let question, _, _) = $0 { return question.id == id }
                        return false
                    } ?? step
            case .finish:
                let problems = try finish(answers)
                if problems.isEmpty { return .finished }
                terminal.write("\nThe response cannot be finished yet:\n")
                for problem in problems { terminal.write("  - \(problem.description)\n") }
                terminal.write("Type 'back' to change an answer.\n")
            }
        }
    }

    enum Reply {
        case answered(changed: Bool)
        case added(Section, instance: Int)
        case back
        case finish
        case end
        /// A scripted answer was refused; carrying on would put the next lines against the wrong questions.
        case refused
        /// Go to the first step that asks this question (from the review, by its number).
        case jump(String)
    }

    func text(_ value: LocalizedText?) -> String { value?.text(in: language) ?? "" }

    private func introduction() -> String {
        var lines = ["", text(form.title), String(repeating: "=", count: text(form.title).count)]
        if let description = form.description { lines += TextWrapping.wrap(plain(text(description)), width: 78) }
        lines += [
            "",
            "Answer each question and press Enter. Your answers are saved as you go.",
            "Type 'back' to go back, 'skip' to leave an optional question, or '?' for help.",
            "",
        ]
        return lines.joined(separator: "\n")
    }

    /// Removes the last repeat instance when the person goes back from its first question without answering any of
    /// it, so an instance added by mistake can be taken back. Returns whether it did.
    private mutating func removeEmptyInstance(
        _ instance: Int, of section: Section, keeping minimum: Int, firstStep steps: [Step], at index: Int
    ) -> Bool {
        let items = instances(of: section)
        guard instance == items.count - 1, instance >= minimum, AnswerCheck.isBlank(items[instance]) else {
            return false
        }
        if index > 0, case .question(_, let previousSection, let previousInstance) = steps[index - 1],
            previousSection.id == section.id, previousInstance == instance
        {
            return false  // not the instance's first question
        }
        answers[section.id] = items.count == 1 ? nil : .array(Array(items.dropLast()))
        return true
    }

    /// Where a resumed draft continues: after the last question answered.
    private func resumePoint() -> Step {
        let steps = steps()
        var last = -1
        for (index, step) in steps.enumerated() {
            if case .question(let question, _, let instance) = step, answer(question, instance: instance) != nil {
                last = index
            }
        }
        return steps[min(last + 1, steps.count - 1)]
    }
}
