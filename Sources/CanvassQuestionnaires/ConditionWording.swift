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
    ///
    /// Grouping is kept in words: `a and (b or c)` reads "A and either B or C", `not(a or b)` "neither A nor B".
    public func describe(_ condition: FormExpression) -> String {
        switch condition.kind {
        case .binary(.and, _, _):
            return list(operands(of: condition, joinedBy: .and).map { grouped($0, inside: .and) }, conjunction: "and")
        case .binary(.or, _, _):
            return list(operands(of: condition, joinedBy: .or).map { grouped($0, inside: .or) }, conjunction: "or")
        case .reference(let id) where form.question(id)?.type == .yesNo:
            return "you answered Yes to \(name(id))"
        case .call(.not, let arguments):
            let inner = arguments[0]
            if case .reference(let id) = inner.kind, form.question(id)?.type == .yesNo {
                return "you did not answer Yes to \(name(id))"
            }
            if case .call(.selected, let selectedArguments) = inner.kind,
                let phrase = selection(selectedArguments, negated: true)
            {
                return phrase
            }
            if case .binary(.or, _, _) = inner.kind {
                let parts = operands(of: inner, joinedBy: .or).map { grouped($0, inside: .or) }
                return "neither " + parts.dropLast().joined(separator: ", nor ") + " nor " + (parts.last ?? "")
            }
            if case .binary(.and, _, _) = inner.kind {
                return "not both " + describe(inner)
            }
            return "it is not the case that \(describe(inner))"
        case .call(.selected, let arguments):
            if let phrase = selection(arguments, negated: false) { return phrase }
        case .binary(let op, let left, let right) where op.isEquality || op.isRelational:
            if let phrase = comparison(op, left, right) { return phrase }
        default:
            break
        }
        return "this is true: \(plain(condition))"
    }

    /// The operands of a chain of the same operator (`a and b and c` → a, b, c).
    private func operands(of condition: FormExpression, joinedBy op: BinaryOperator) -> [FormExpression] {
        guard case .binary(op, let left, let right) = condition.kind else { return [condition] }
        return operands(of: left, joinedBy: op) + operands(of: right, joinedBy: op)
    }

    /// An operand in words, marked "either … or …" / "both … and …" when it groups the other operator.
    private func grouped(_ operand: FormExpression, inside op: BinaryOperator) -> String {
        switch (operand.kind, op) {
        case (.binary(.or, _, _), .and): "either " + describe(operand)
        case (.binary(.and, _, _), .or): "both " + describe(operand)
        default: describe(operand)
        }
    }

    private func list(_ parts: [String], conjunction: String) -> String {
        guard parts.count > 2, let last = parts.last else { return parts.joined(separator: " \(conjunction) ") }
        return parts.dropLast().joined(separator: ", ") + " \(conjunction) " + last
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
                guard let section = form.section(id) else { return nil }
                let title = section.title?.text(in: language) ?? section.id
                let noun = section.repeatRule?.noun ?? "entry in “\(title)”"
                return "you listed \(quantity(op, value, noun: noun))"
            }
            return nil
        }
        switch right.kind {
        case .string(""):
            return op == .equal ? "you did not answer \(name(id))" : "you answered \(name(id))"
        case .string(let value) where op.isEquality:
            let label =
                question.type == .yesNo ? (value == "yes" ? "Yes" : "No") : "“\(optionLabel(value, of: question))”"
            return op == .equal ? "you answered \(label) to \(name(id))" : "you did not answer \(label) to \(name(id))"
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
        let words: [BinaryOperator: String] = [
            .greater: "more than", .greaterOrEqual: "at least", .less: "fewer than", .lessOrEqual: "at most",
            .equal: "exactly", .notEqual: "other than",
        ]
        guard let n = Int(exactly: value), n >= 0, n < 1_000_000 else {
            return "\(words[op] ?? op.rawValue) \(Value.number(value)) \(noun)s"
        }
        if op == .greater, n == 0 { return "at least one \(noun)" }
        return "\(words[op] ?? op.rawValue) \(n) \(noun)\(n == 1 ? "" : "s")"
    }

    /// How a question is named in a condition: "question 4", or for a hidden calculation the questions it uses.
    private func name(_ id: String) -> String {
        if let number = numbers[id] { return "question \(number)" }
        let inputs = inputs(of: id, seen: [])
        guard !inputs.isEmpty else { return "the value worked out for you" }
        let words = inputs.map(String.init)
        let joined =
            words.count == 1 ? words[0] : words.dropLast().joined(separator: ", ") + " and " + (words.last ?? "")
        return
            "the value worked out from your answer\(words.count == 1 ? "" : "s") to question\(words.count == 1 ? "" : "s") \(joined)"
    }

    /// The numbers of the answered questions a calculation depends on, directly or through other calculations.
    private func inputs(of id: String, seen: Set<String>) -> [Int] {
        guard !seen.contains(id), let calculation = form.question(id)?.calculation else { return [] }
        var found: [Int] = []
        for (reference, _) in calculation.references {
            let more = numbers[reference].map { [$0] } ?? inputs(of: reference, seen: seen.union([id]))
            for number in more where !found.contains(number) { found.append(number) }
        }
        return found.sorted()
    }

    private func optionLabel(_ value: String, of question: Question) -> String {
        form.choices(for: question)?.choice(value)?.label.text(in: language) ?? value
    }

    /// The expression as written, with each reference named by its question number.
    private func plain(_ condition: FormExpression) -> String {
        var text = condition.description
        for (id, _) in condition.references {
            let replacement = numbers[id].map { "answer \($0)" } ?? name(id)
            text = text.replacingOccurrences(of: "${\(id)}", with: replacement)
        }
        return text
    }
}
