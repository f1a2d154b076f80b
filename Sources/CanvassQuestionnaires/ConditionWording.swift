public import CanvassForms
import Foundation

/// Puts a `relevant` condition into words for a printed questionnaire:
/// `${tupe_applied}` becomes "you answered Yes to question 5".
public struct ConditionWording: Sendable {
    /// The form the condition belongs to.
    public let form: Form
    /// The language labels are quoted in.
    public let language: String?
    private let numbers: [String: Int]

    /// Creates a describer for conditions in `form`.
    public init(form: Form, language: String? = nil) {
        self.form = form
        self.language = language
        self.numbers = form.questionNumbers
    }

    /// "Answer only if …" for a question or section that has a condition.
    public func instruction(for condition: FormExpression, subject: String = "Answer") -> String {
        "\(subject) only if \(describe(condition))."
    }

    /// The condition as a clause: "you answered Yes to question 3 and you ticked “Lot size” at question 4".
    public func describe(_ condition: FormExpression) -> String {
        switch condition.kind {
        case .binary(.and, let left, let right):
            return "\(describe(left)) and \(describe(right))"
        case .binary(.or, let left, let right):
            return "\(describe(left)) or \(describe(right))"
        case .reference(let id) where form.question(id)?.type == .yesNo:
            return "you answered Yes to \(name(id))"
        case .call(.not, let arguments):
            if case .reference(let id) = arguments[0].kind, form.question(id)?.type == .yesNo {
                return "you answered No to \(name(id))"
            }
            if case .call(.selected, let inner) = arguments[0].kind, let phrase = selection(inner, negated: true) {
                return phrase
            }
            return "it is not the case that \(describe(arguments[0]))"
        case .call(.selected, let arguments):
            if let phrase = selection(arguments, negated: false) { return phrase }
        case .binary(let op, let left, let right) where op.isEquality || op.isRelational:
            if let phrase = comparison(op, left, right) { return phrase }
        default:
            break
        }
        return "this holds: \(plain(condition))"
    }

    private func selection(_ arguments: [FormExpression], negated: Bool) -> String? {
        guard case .reference(let id) = arguments[0].kind, case .string(let value) = arguments[1].kind,
            let question = form.question(id)
        else { return nil }
        let label = optionLabel(value, of: question)
        if question.type == .selectOne {
            return negated ? "you did not answer “\(label)” to \(name(id))" : "you answered “\(label)” to \(name(id))"
        }
        return negated ? "you did not tick “\(label)” at \(name(id))" : "you ticked “\(label)” at \(name(id))"
    }

    private func comparison(_ op: BinaryOperator, _ left: FormExpression, _ right: FormExpression) -> String? {
        guard case .reference(let id) = left.kind, let question = form.question(id) else {
            if case .call(.countSelected, let arguments) = left.kind, case .reference(let id) = arguments[0].kind,
                case .number(let value) = right.kind
            {
                return "you ticked \(quantity(op, value)) at \(name(id))"
            }
            if case .call(.count, let arguments) = left.kind, case .reference(let id) = arguments[0].kind,
                case .number(let value) = right.kind
            {
                let noun = form.section(id)?.repeatRule?.noun ?? "item"
                return "you listed \(quantity(op, value, noun: noun))"
            }
            return nil
        }
        switch right.kind {
        case .string(""):
            return op == .equal ? "you did not answer \(name(id))" : "you answered \(name(id))"
        case .string(let value) where op.isEquality:
            let label = question.type == .yesNo ? (value == "yes" ? "Yes" : "No") : optionLabel(value, of: question)
            return op == .equal
                ? "you answered “\(label)” to \(name(id))" : "you did not answer “\(label)” to \(name(id))"
        case .number(let value):
            let words: [BinaryOperator: String] = [
                .equal: "is", .notEqual: "is not", .less: "is less than", .lessOrEqual: "is at most",
                .greater: "is more than", .greaterOrEqual: "is at least",
            ]
            return "your answer to \(name(id)) \(words[op] ?? op.rawValue) \(Value.number(value))"
        default:
            return nil
        }
    }

    private func quantity(_ op: BinaryOperator, _ value: Double, noun: String = "option") -> String {
        let n = Int(value)
        func plural(_ count: Int) -> String { count == 1 ? "\(count) \(noun)" : "\(count) \(noun)s" }
        switch op {
        case .greater where n == 0: return "at least one \(noun)"
        case .greater: return "more than \(plural(n))"
        case .greaterOrEqual: return "at least \(plural(n))"
        case .less: return "fewer than \(plural(n))"
        case .lessOrEqual: return "at most \(plural(n))"
        case .equal: return "exactly \(plural(n))"
        default: return "other than \(plural(n))"
        }
    }

    private func name(_ id: String) -> String {
        numbers[id].map { "question \($0)" } ?? "‘\(id)’"
    }

    private func optionLabel(_ value: String, of question: Question) -> String {
        form.choices(for: question)?.choice(value)?.label.text(in: language) ?? value
    }

    /// The expression as written, with each reference named by its question number.
    private func plain(_ condition: FormExpression) -> String {
        var text = condition.description
        for (id, _) in condition.references {
            text = text.replacingOccurrences(of: "${\(id)}", with: "(\(name(id)))")
        }
        return text
    }
}
