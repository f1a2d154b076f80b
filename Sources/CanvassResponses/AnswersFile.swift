public import CanvassForms
import Foundation

/// An answers file (`canvass render --format template`, filled in): YAML or JSON mapping question ids to answers.
///
/// Values are read by the question's type, not by YAML's guesses, so `org_name: 123` is text and `bid: no`
/// is a yes/no answer; every value keeps its line and column so problems can point into the file.
public struct AnswersFile: Sendable {
    /// The file's name as the user gave it, for messages.
    public let path: String
    /// The answers, typed for their questions.
    public var answers: [String: JSONValue] = [:]
    /// Values that could not be read as their question's type, and syntax errors.
    public var problems: [ResponseProblem] = []
    /// Where each answer was written, keyed by `AnswersFile.key(question:instance:item:)`.
    public var locations: [String: SourceLocation] = [:]
    /// Where a syntax error is, if the file is not valid YAML or JSON.
    public var syntaxErrorLocation: SourceLocation?

    private let form: Form

    /// Reads `text` for `form`. Problems are collected in `problems`, not thrown, so all can be shown at once.
    public init(text: String, path: String, form: Form) {
        self.path = path
        self.form = form
        let root: SourceNode?
        do {
            root = try SourceNode.parse(yaml: text)
        } catch {
            syntaxErrorLocation = error.location
            problems.append(
                ResponseProblem(question: "file", message: "the file is not valid YAML or JSON: \(error.message)"))
            return
        }
        guard let root else { return }
        guard case .mapping(let pairs, _) = root else {
            problems.append(
                ResponseProblem(
                    question: "file", message: "the file must map question ids to answers (`org_size: small`)"))
            locations[Self.key(question: "file")] = root.location
            return
        }
        answers = read(pairs, questions: nil, instance: nil)
    }

    /// The key under which a location is kept.
    public static func key(question: String, instance: Int? = nil, item: String? = nil) -> String {
        [question, instance.map(String.init) ?? "", item ?? ""].joined(separator: "\u{1F}")
    }

    /// Where in the file a problem is: its answer, else its question's key, else its repeat instance or section.
    public func location(of problem: ResponseProblem) -> SourceLocation? {
        if problem.question == "file", let syntaxErrorLocation { return syntaxErrorLocation }
        let candidates = [
            Self.key(question: problem.question, instance: problem.instance, item: problem.item),
            Self.key(question: problem.question, instance: problem.instance),
            form.section(containing: problem.question).map { Self.key(question: $0.id, instance: problem.instance) },
            form.section(containing: problem.question).map { Self.key(question: $0.id) },
        ]
        for key in candidates.compactMap({ $0 }) {
            if let location = locations[key] { return location }
        }
        return nil
    }

    private mutating func read(
        _ pairs: [(key: SourceScalar, value: SourceNode)], questions: [Question]?, instance: Int?
    ) -> [String: JSONValue] {
        var values: [String: JSONValue] = [:]
        for (key, node) in pairs {
            let id = key.text
            locations[Self.key(question: id, instance: instance)] = valueLocation(node, key: key)
            if let section = form.section(id), section.isRepeat, instance == nil {
                values[id] = readRepeat(node, section: section)
                continue
            }
            guard let question = form.question(id), questions?.contains(where: { $0.id == id }) ?? true else {
                if ResponseValidator.looksLikeID(id) {
                    values[id] = .string("")  // reported by the validator as an unknown question, with this location
                } else {
                    // Almost always a line of a long answer that was not indented: say so, without repeating it.
                    let name = "line \(key.location.line)"
                    locations[Self.key(question: name, instance: instance)] = key.location
                    problems.append(
                        ResponseProblem(
                            question: name, instance: instance,
                            message: "this line is not a question id; if it continues the answer above, indent it "
                                + "by two spaces, or write | after that answer's colon"))
                }
                continue
            }
            if !question.type.isAnswered {
                if !isNull(node) {
                    problem(
                        question, instance,
                        "this is \(question.type == .note ? "a note" : "worked out for you") "
                            + "and takes no answer; remove the value")
                }
                continue
            }
            if let value = read(node, for: question, instance: instance) { values[id] = value }
        }
        return values
    }

    private func valueLocation(_ node: SourceNode, key: SourceScalar) -> SourceLocation {
        isNull(node) ? key.location : node.location
    }

    private func isNull(_ node: SourceNode) -> Bool {
        if case .scalar(let scalar) = node, scalar.isNull { return true }
        return false
    }

    private mutating func readRepeat(_ node: SourceNode, section: Section) -> JSONValue? {
        if isNull(node) { return nil }
        guard case .sequence(let items, _) = node else {
            problems.append(
                ResponseProblem(
                    question: section.id,
                    message: "give the answers for each \(section.repeatRule?.noun ?? "item") as a list of blocks"))
            return nil
        }
        var instances: [JSONValue] = []
        for (index, item) in items.enumerated() {
            locations[Self.key(question: section.id, instance: index + 1)] = item.location
            switch item {
            case .mapping(let pairs, _):
                instances.append(.object(read(pairs, questions: section.questions, instance: index + 1)))
            case .scalar(let scalar) where scalar.isNull:
                instances.append(.object([:]))
            default:
                problems.append(
                    ResponseProblem(
                        question: section.id, instance: index + 1,
                        message:
                            "each \(section.repeatRule?.noun ?? "item") must be a block of `question: answer` lines"))
                // A placeholder, so the blocks after this one keep their numbers.
                instances.append(.null)
            }
        }
        return .array(instances)
    }

    private mutating func problem(_ question: Question, _ instance: Int?, item: String? = nil, _ message: String) {
        problems.append(
            ResponseProblem(
                question: question.id, number: form.questionNumbers[question.id], instance: instance, item: item,
                message: message))
    }

    /// One answer, read as its question's type; `nil` when it is empty or cannot be read (a problem is recorded).
    private mutating func read(_ node: SourceNode, for question: Question, instance: Int?) -> JSONValue? {
        if isNull(node) { return nil }
        func scalarText() -> String? {
            if case .scalar(let scalar) = node { return scalar.text }
            return nil
        }
        switch question.type {
        case .text, .longText, .email, .date, .selectOne, .file:
            guard let text = scalarText() else {
                problem(question, instance, "write a single answer here, not \(node.kindName)")
                return nil
            }
            return .string(text)
        case .integer, .decimal:
            guard let text = scalarText(), let number = NumberText.parse(text) else {
                problem(question, instance, question.type == .integer ? "enter a whole number" : "enter a number")
                return nil
            }
            return .number(number)
        case .yesNo:
            switch scalarText()?.lowercased() {
            case "yes", "y", "true": return .bool(true)
            case "no", "n", "false": return .bool(false)
            default:
                problem(question, instance, "answer yes or no")
                return nil
            }
        case .likert:
            guard let text = scalarText() else {
                problem(question, instance, "write one point of the scale")
                return nil
            }
            return Int(text).map { .number(Double($0)) } ?? .string(text)
        case .selectMultiple, .rank:
            switch node {
            case .sequence(let items, _):
                var values: [JSONValue] = []
                for item in items {
                    guard case .scalar(let scalar) = item, !scalar.isNull else {
                        problem(question, instance, "write the list as [value, value]")
                        return nil
                    }
                    values.append(.string(scalar.text))
                }
                return .array(values)
            case .scalar(let scalar):
                // One value on its own, or several separated by commas, without the brackets.
                let parts = scalar.text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                return .array(parts.filter { !$0.isEmpty }.map(JSONValue.string))
            case .mapping:
                problem(question, instance, "write the list as [value, value]")
                return nil
            }
        case .matrix:
            guard case .mapping(let pairs, _) = node else {
                problem(question, instance, "rate each statement on its own line under this question")
                return nil
            }
            var ratings: [String: JSONValue] = [:]
            for (key, value) in pairs {
                locations[Self.key(question: question.id, instance: instance, item: key.text)] = valueLocation(
                    value, key: key)
                guard case .scalar(let scalar) = value else {
                    problem(question, instance, item: key.text, "write one point of the scale")
                    continue
                }
                if scalar.isNull { continue }
                ratings[key.text] = Int(scalar.text).map { .number(Double($0)) } ?? .string(scalar.text)
            }
            return .object(ratings)
        case .note, .calculate:
            return nil
        }
    }
}
