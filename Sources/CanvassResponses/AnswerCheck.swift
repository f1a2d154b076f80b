public import CanvassForms
import Foundation

/// Checks one answer against its question's type and options, and turns answers into expression values.
///
/// Messages say what is expected, never what was given, since answers may be personal or commercially sensitive.
public struct AnswerCheck: Sendable {
    /// The form the questions belong to.
    public let form: Form

    /// Creates a checker for `form`.
    public init(form: Form) {
        self.form = form
    }

    /// Whether a JSON value counts as no answer: null, empty text, an empty list or object.
    public static func isBlank(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null: true
        // The same test as trimming whitespace and newlines, without Foundation's bridging: most answers
        // stop at their first character, and this runs for every answer the collector receives.
        // (U+200B, zero width space, counts as blank as Foundation's trimming counts it.)
        case .string(let text): text.unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0 == "\u{200B}" }
        case .array(let items): items.isEmpty
        case .object(let members): members.values.allSatisfy { isBlank($0) }
        default: false
        }
    }

    /// The answer in its stored form, or the reason it is not acceptable for this question's type.
    public func check(_ value: JSONValue, for question: Question) -> Result<JSONValue, AnswerError> {
        let choices = form.choices(for: question)
        switch question.type {
        case .text, .longText:
            guard case .string(let text) = value else { return .failure(.init("enter text")) }
            return .success(.string(text))
        case .email:
            guard case .string(let text) = value, Self.isEmail(text) else {
                return .failure(.init("enter an email address, like name@example.org"))
            }
            return .success(.string(text))
        case .integer:
            guard case .number(let number) = value, number == number.rounded(), abs(number) < 1e15 else {
                return .failure(.init("enter a whole number"))
            }
            return .success(.number(number))
        case .decimal:
            // Infinity and NaN cannot be written as JSON, so they are no answer a response could keep.
            guard case .number(let number) = value, number.isFinite else { return .failure(.init("enter a number")) }
            return .success(.number(number))
        case .date:
            guard case .string(let text) = value, Self.isDate(text) else {
                return .failure(.init("enter a date written YYYY-MM-DD, e.g. 2026-03-31"))
            }
            return .success(.string(text))
        case .yesNo:
            guard case .bool(let flag) = value else { return .failure(.init("answer yes or no")) }
            return .success(.bool(flag))
        case .selectOne:
            guard case .string(let text) = value, let list = choices, list.choice(text) != nil else {
                return .failure(.init("choose one of the options: \(Self.values(choices))"))
            }
            return .success(.string(text))
        case .selectMultiple:
            return checkSelection(value, choices: choices)
        case .likert:
            return checkScalePoint(value, choices: choices)
        case .matrix:
            return checkMatrix(value, question: question, choices: choices)
        case .rank:
            return checkRanking(value, choices: choices)
        case .file:
            guard case .string(let name) = value, Attachment.isValidName(name) else {
                return .failure(.init("give the name of the attached file"))
            }
            return .success(.string(name))
        case .note, .calculate:
            return .failure(.init("this question takes no answer"))
        }
    }

    private func checkSelection(_ value: JSONValue, choices: ChoiceList?) -> Result<JSONValue, AnswerError> {
        guard case .array(let items) = value, let list = choices else {
            return .failure(.init("tick any of the options, as a list: \(Self.values(choices))"))
        }
        var picked: [String] = []
        for item in items {
            guard case .string(let text) = item, list.choice(text) != nil else {
                return .failure(.init("tick only options of this question: \(Self.values(choices))"))
            }
            if !picked.contains(text) { picked.append(text) }
        }
        if picked.count > 1, let exclusive = list.choices.first(where: { $0.isExclusive && picked.contains($0.value) })
        {
            return .failure(.init("“\(exclusive.label.text)” cannot be ticked together with other options"))
        }
        // Stored in the list's order, so equal selections are equal bytes.
        return .success(.array(list.choices.map(\.value).filter(picked.contains).map(JSONValue.string)))
    }

    private func checkScalePoint(_ value: JSONValue, choices: ChoiceList?) -> Result<JSONValue, AnswerError> {
        guard let list = choices else { return .failure(.init("this question has no scale")) }
        let points = list.substantive.count
        let missing = list.missing.map(\.value)
        let expected =
            "choose a point from 1 to \(points)" + (missing.isEmpty ? "" : " or \(missing.joined(separator: ", "))")
        switch value {
        case .number(let number) where number == number.rounded() && number >= 1 && number <= Double(points):
            return .success(.number(number))
        case .string(let text) where missing.contains(text):
            return .success(.string(text))
        default:
            return .failure(.init(expected))
        }
    }

    private func checkMatrix(_ value: JSONValue, question: Question, choices: ChoiceList?) -> Result<
        JSONValue, AnswerError
    > {
        guard case .object(let members) = value else {
            return .failure(.init("rate each statement: \(question.items.map(\.id).joined(separator: ", "))"))
        }
        var checked: [String: JSONValue] = [:]
        for (key, rating) in members {
            guard question.items.contains(where: { $0.id == key }) else {
                // The key is part of the answer, so it is not repeated.
                return .failure(
                    .init(
                        "a statement given is not one of this question's; they are "
                            + question.items.map(\.id).joined(separator: ", ")))
            }
            if Self.isBlank(rating) { continue }
            switch checkScalePoint(rating, choices: choices) {
            case .success(let point): checked[key] = point
            case .failure(let error): return .failure(AnswerError(error.message, item: key))
            }
        }
        return .success(.object(checked))
    }

    private func checkRanking(_ value: JSONValue, choices: ChoiceList?) -> Result<JSONValue, AnswerError> {
        guard case .array(let items) = value, let list = choices else {
            return .failure(.init("put the options in order, as a list: \(Self.values(choices))"))
        }
        var order: [String] = []
        for item in items {
            guard case .string(let text) = item, list.choice(text) != nil else {
                return .failure(.init("rank only options of this question: \(Self.values(choices))"))
            }
            guard !order.contains(text) else { return .failure(.init("each option may appear only once in a ranking")) }
            order.append(text)
        }
        return .success(.array(order.map(JSONValue.string)))
    }

    /// The option values of a list, for messages.
    static func values(_ list: ChoiceList?) -> String {
        list?.choices.map(\.value).joined(separator: ", ") ?? ""
    }

    /// Whether `text` looks like an email address: one `@`, something before it, a dotted domain after, no spaces.
    public static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, text.unicodeScalars.allSatisfy({ $0.value > 0x20 }) else {
            return false
        }
        let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return domain.count >= 2 && domain.allSatisfy { !$0.isEmpty }
    }

    /// Whether `text` is a real date written `YYYY-MM-DD`.
    public static func isDate(_ text: String) -> Bool { CalendarDate.isValid(text) }

    /// An answer as an expression sees it: a Likert point is a number and its "Don't know" the option's value
    /// (so `${rating} = 'dont_know'` can be tested, while `${rating} > 3` is false for it); dates are dates.
    public func value(of answer: JSONValue?, for question: Question) -> Value {
        guard let answer else { return .empty }
        switch answer {
        case .null: return .empty
        case .bool(let flag): return .boolean(flag)
        case .number(let number): return .number(number)
        case .string(let text):
            if question.type == .date { return .date(text) }
            return .string(text)
        case .array(let items): return .list(items.compactMap(\.string))
        case .object: return .empty
        }
    }

    /// A computed value as it is stored in a response.
    public static func json(of value: Value) -> JSONValue? {
        switch value {
        case .empty: nil
        case .number(let number): .number(number)
        case .string(let text), .date(let text): .string(text)
        case .boolean(let flag): .bool(flag)
        case .list(let items): .array(items.map(JSONValue.string))
        }
    }
}

/// Why an answer is not acceptable: an instruction, without the answer.
public struct AnswerError: Error, Sendable, Hashable {
    /// What to enter instead.
    public var message: String
    /// For a matrix, the statement at fault.
    public var item: String?

    /// Creates an answer error.
    public init(_ message: String, item: String? = nil) {
        self.message = message
        self.item = item
    }
}
