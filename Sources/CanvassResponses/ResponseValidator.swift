public import CanvassForms

/// What validating answers produced: the answers as they will be stored, and every problem found.
public struct Validation: Sendable {
    /// The answers with irrelevant ones cleared, calculations computed and values normalised.
    public var answers: [String: JSONValue]
    /// The problems, in form order; empty when the answers can be finalised.
    public var problems: [ResponseProblem]

    /// Whether the answers can be finalised.
    public var isValid: Bool { problems.isEmpty }
}

/// The one validator of answers against a form, used by `canvass finalize`, `canvass fill`, the collector and
/// the web page: types, required answers, constraints, skip logic (answers to questions that are not relevant are
/// cleared, as XLSForm does), calculations, repeat counts, options and attachments.
public struct ResponseValidator: Sendable {
    /// The form answers are checked against.
    public let form: Form
    /// The date `today()` gives in constraints.
    public var today: String
    private let check: AnswerCheck
    private let numbers: [String: Int]
    private let index: FormIndex
    /// The context of questions without expressions, which never read it.
    static let noContext = EvaluationContext.answers([:])

    /// Creates a validator for `form`.
    public init(form: Form, today: String = EvaluationContext.todayUTC()) {
        self.form = form
        self.today = today
        self.check = AnswerCheck(form: form)
        self.numbers = form.questionNumbers
        self.index = FormIndex(form)
    }

    /// Validates a finished response: its form and version, its id, its answers and its attachments.
    public func validate(_ response: Response) -> Validation {
        var validation = validate(answers: response.answers, attachments: response.attachments)
        var first: [ResponseProblem] = []
        if response.form != form.id {
            first.append(
                ResponseProblem(
                    question: "form", message: "the response is for the form '\(response.form)', not '\(form.id)'"))
        } else if response.formVersion != form.version {
            first.append(
                ResponseProblem(
                    question: "form",
                    message: "the response is for version \(response.formVersion) of the form, not \(form.version)"))
        }
        if !Response.isValidID(response.id) {
            first.append(
                ResponseProblem(
                    question: "id",
                    message: "a response id must be 1–128 characters of letters, digits, '.', '_' and '-'"))
        }
        validation.problems.insert(contentsOf: first, at: 0)
        return validation
    }

    /// Validates answers keyed by question id, computing calculations and clearing what is not relevant.
    ///
    /// `storedHash`, when given, returns the SHA-256 (hex) of each attachment's file as it is stored, or `nil` if the
    /// file is missing; every attachment is then checked to be present and to match its recorded hash.
    public func validate(
        answers raw: [String: JSONValue], attachments: [Attachment] = [],
        storedHash: ((Attachment) -> String?)? = nil
    ) -> Validation {
        var run = Run(validator: self, raw: raw, attachments: attachments)
        run.validateAll()
        if let storedHash { run.checkStoredFiles(storedHash) }
        return Validation(answers: run.answers, problems: run.problems)
    }

    /// The problem with one answer to one question, given the answers before it (for checking as people type).
    ///
    /// Checks the type, options and constraint; `nil` means the answer is acceptable.
    public func problem(with value: JSONValue, for question: Question, context: EvaluationContext) -> AnswerError? {
        let checked: JSONValue
        switch check.check(value, for: question) {
        case .success(let normalised): checked = normalised
        case .failure(let error): return error
        }
        return constraintProblem(checked, for: question, context: context)
    }

    func constraintProblem(_ value: JSONValue, for question: Question, context: EvaluationContext) -> AnswerError? {
        guard let constraint = question.constraint else { return nil }
        var here = context
        here.current = check.value(of: value, for: question)
        here.today = today
        guard !constraint.evaluate(in: here).isTrue else { return nil }
        return AnswerError(question.constraintMessage?.text ?? "the answer is not allowed here; check the question")
    }

    /// Whether a key could be a question id (and so may be named in a message without repeating an answer).
    static func looksLikeID(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic, key.utf8.count <= 64
        else { return false }
        return key.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_")
        }
    }

    /// One pass over the form.
    private struct Run {
        let validator: ResponseValidator
        let raw: [String: JSONValue]
        let attachments: [Attachment]
        var answers: [String: JSONValue] = [:]
        var problems: [ResponseProblem] = []

        init(validator: ResponseValidator, raw: [String: JSONValue], attachments: [Attachment]) {
            self.validator = validator
            self.raw = raw
            self.attachments = attachments
        }

        var form: Form { validator.form }

        mutating func problem(_ question: String, instance: Int? = nil, item: String? = nil, _ message: String) {
            problems.append(
                ResponseProblem(
                    question: question, number: validator.numbers[question], instance: instance, item: item,
                    message: message))
        }

        /// The values an expression sees: the instance being answered first, then answers outside repeats.
        func context(instance: [String: JSONValue]? = nil) -> EvaluationContext {
            let outer = answers
            let index = validator.index
            let check = validator.check
            return EvaluationContext(
                answer: { id in
                    guard let question = index.questions[id] else { return .empty }
                    return check.value(of: instance?[id] ?? outer[id], for: question)
                },
                repeatCount: { id in
                    if case .array(let items) = outer[id] { return items.count }
                    return 0
                },
                repeatAnswers: { id in
                    guard let question = index.questions[id], let section = index.sectionIDs[id],
                        case .array(let items) = outer[section]
                    else { return [] }
                    return items.map { check.value(of: $0.object?[id], for: question) }
                },
                today: validator.today)
        }

        mutating func validateAll() {
            answers.reserveCapacity(raw.count + 4)
            for key in raw.keys.sorted() {
                if !validator.index.known.contains(key) {
                    if ResponseValidator.looksLikeID(key) {
                        problem(key, "this form has no question '\(key)'; remove it or check the spelling")
                    } else {
                        // Not an id: probably part of an answer (a line of text not indented), so never repeated.
                        problem(
                            "answers", "an entry is not a question id of this form; remove it or check its spelling")
                    }
                } else if let section = form.section(containing: key), let rule = section.repeatRule {
                    // Reported rather than dropped, so an answer given in the wrong place is not lost unseen.
                    problem(
                        key,
                        "this question is asked once per \(rule.noun ?? "item"); give its answers in the list "
                            + "under '\(section.id)'")
                }
            }
            for section in form.sections {
                if let relevant = section.relevant, !relevant.evaluate(in: context()).isTrue { continue }
                if section.isRepeat {
                    validateRepeat(section)
                } else {
                    // Outside repeats, kept answers go straight into `answers` (the scope stays empty).
                    var unused: [String: JSONValue] = [:]
                    validateQuestions(section.questions, from: raw, into: &unused, instance: nil)
                }
            }
            checkAttachments()
        }

        mutating func validateRepeat(_ section: Section) {
            guard let rule = section.repeatRule else { return }
            let noun = rule.noun ?? "item"
            // Each instance keeps its place in the list, so problems after one that is skipped name the right one.
            var items: [(instance: Int, members: [String: JSONValue])] = []
            switch raw[section.id] {
            case nil, .null:
                break
            case .array(let values):
                for (index, value) in values.enumerated() {
                    switch value {
                    case .null:
                        // An instance already reported where it was read (an answers file's unreadable block).
                        continue
                    case .object(let members):
                        let known = validator.index.sectionQuestions[section.id] ?? []
                        for key in members.keys.filter({ !known.contains($0) }).sorted() {
                            if ResponseValidator.looksLikeID(key) {
                                problem(
                                    key, instance: index + 1, "the section '\(section.id)' has no question '\(key)'")
                            } else {
                                problem(
                                    section.id, instance: index + 1,
                                    "an entry is not a question id of the section '\(section.id)'")
                            }
                        }
                        items.append((index + 1, members))
                    default:
                        problem(section.id, instance: index + 1, "each \(noun) must be a set of answers")
                    }
                }
            default:
                problem(section.id, "give the answers for each \(noun) as a list")
            }
            var kept: [JSONValue] = []
            for item in items {
                var scope: [String: JSONValue] = [:]
                validateQuestions(section.questions, from: item.members, into: &scope, instance: item.instance)
                kept.append(.object(scope))
            }
            if items.count < rule.minimum {
                problem(section.id, "give at least \(rule.minimum) \(noun)\(rule.minimum == 1 ? "" : "s")")
            }
            if let maximum = rule.maximum, items.count > maximum {
                problem(section.id, "give at most \(maximum) \(noun)\(maximum == 1 ? "" : "s")")
            }
            if !kept.isEmpty { answers[section.id] = .array(kept) }
        }

        /// Validates questions in order; the kept answers go into `scope` (one repeat instance) or, outside
        /// repeats, into `answers`.
        mutating func validateQuestions(
            _ questions: [Question], from source: [String: JSONValue], into scope: inout [String: JSONValue],
            instance: Int?
        ) {
            for question in questions {
                // The evaluation context holds a copy of the answers so far; it is gone before the next answer is
                // added, so adding one never copies the whole dictionary.
                guard let kept = keep(question, from: source, scope: instance == nil ? nil : scope, instance: instance)
                else { continue }
                if instance == nil { answers[question.id] = kept } else { scope[question.id] = kept }
            }
        }

        /// The answer to keep for one question (`nil` if none), recording its problems.
        private mutating func keep(
            _ question: Question, from source: [String: JSONValue], scope: [String: JSONValue]?, instance: Int?
        ) -> JSONValue? {
            // Made only for questions with expressions: most have none, and this runs for every response.
            let needsContext = question.relevant != nil || question.constraint != nil || question.type == .calculate
            let context = needsContext ? self.context(instance: scope) : ResponseValidator.noContext
            if let relevant = question.relevant, !relevant.evaluate(in: context).isTrue { return nil }
            switch question.type {
            case .note:
                return nil
            case .calculate:
                guard let calculation = question.calculation else { return nil }
                return AnswerCheck.json(of: calculation.evaluate(in: context))
            default:
                break
            }
            let given = source[question.id]
            if AnswerCheck.isBlank(given) {
                if question.isRequired {
                    let message = question.requiredMessage?.text ?? "an answer is required"
                    problem(question.id, instance: instance, message)
                }
                return nil
            }
            guard let given else { return nil }
            switch validator.check.check(given, for: question) {
            case .failure(let error):
                problem(question.id, instance: instance, item: error.item, error.message)
                return nil
            case .success(let value):
                if question.isRequired, question.type == .matrix, case .object(let ratings) = value {
                    let missing = question.items.map(\.id).filter { ratings[$0] == nil }
                    if !missing.isEmpty {
                        problem(
                            question.id, instance: instance,
                            "rate every statement; not yet rated: " + missing.joined(separator: ", "))
                    }
                }
                if let error = validator.constraintProblem(value, for: question, context: context) {
                    problem(question.id, instance: instance, error.message)
                }
                return value
            }
        }

        /// Every `file` answer names an attachment of its question, and every attachment belongs to an answer.
        mutating func checkAttachments() {
            let files = validator.index.fileQuestions
            if files.isEmpty && attachments.isEmpty { return }
            var named: [(question: String, name: String)] = []
            func collect(_ values: [String: JSONValue]) {
                for question in files {
                    if let name = values[question.id]?.string { named.append((question.id, name)) }
                }
            }
            collect(answers)
            for section in form.sections where section.isRepeat {
                if case .array(let items) = answers[section.id] {
                    for item in items { collect(item.object ?? [:]) }
                }
            }
            for (question, name) in named
            where !attachments.contains(where: { $0.question == question && $0.name == name }) {
                problem(question, "the file named in this answer is not attached; attach it")
            }
            for attachment in attachments
            where !named.contains(where: { $0.question == attachment.question && $0.name == attachment.name }) {
                problem(attachment.question, "a file is attached to this question but not named in its answer")
            }
            var names: Set<String> = []
            for attachment in attachments {
                if !names.insert(attachment.name).inserted {
                    problem(attachment.question, "two attachments have the same name; rename one of the files")
                }
                let isHash =
                    attachment.sha256.utf8.count == 64
                    && attachment.sha256.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
                if !isHash || attachment.bytes < 0 {
                    problem(attachment.question, "the attachment's size or SHA-256 is not recorded properly")
                }
                if let question = form.question(attachment.question), !question.accept.isEmpty,
                    !question.accept.contains(where: { Attachment.accepts($0, attachment.mediaType) })
                {
                    problem(
                        attachment.question,
                        "attach a \(FileKinds.describe(question.accept)) file")
                }
            }
        }

        /// Every attachment's file is where it should be and has the content its SHA-256 records.
        mutating func checkStoredFiles(_ storedHash: (Attachment) -> String?) {
            for attachment in attachments {
                switch storedHash(attachment) {
                case nil: problem(attachment.question, "the attached file is missing; attach it again")
                case let hash? where hash != attachment.sha256:
                    problem(attachment.question, "the attached file has changed since it was attached; attach it again")
                default: break
                }
            }
        }
    }
}

/// Look-ups the validator makes for every answer, made once per form rather than by scanning its sections.
private final class FormIndex: Sendable {
    /// Questions by id.
    let questions: [String: Question]
    /// The id of the section holding each question.
    let sectionIDs: [String: String]
    /// Every key an answers object may have: question ids and repeat section ids.
    let known: Set<String>
    /// The `file` questions, in form order.
    let fileQuestions: [Question]
    /// The ids of each section's questions, by section id.
    let sectionQuestions: [String: Set<String>]

    init(_ form: Form) {
        var questions: [String: Question] = [:]
        var sectionIDs: [String: String] = [:]
        for section in form.sections {
            for question in section.questions where questions[question.id] == nil {
                questions[question.id] = question
                sectionIDs[question.id] = section.id
            }
        }
        self.questions = questions
        self.sectionIDs = sectionIDs
        self.known = Set(questions.keys).union(form.sections.filter(\.isRepeat).map(\.id))
        self.fileQuestions = form.questions.filter { $0.type == .file }
        self.sectionQuestions = Dictionary(
            form.sections.map { ($0.id, Set($0.questions.map(\.id))) }, uniquingKeysWith: { first, _ in first })
    }
}
