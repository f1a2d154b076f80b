import CanvassForms
import CanvassResponses
import Foundation

/// A YAML answers file a provider fills in with any text editor: every question a commented key.
///
/// It parses as YAML as it stands (every answer empty), so `canvass finalize` can point at what is missing.
struct AnswerTemplate {
    let form: Form
    let language: String?
    let formPath: String?
    private let numbers: [String: Int]
    private let wording: ConditionWording
    private let width = 100

    init(form: Form, language: String?, formPath: String?) {
        self.form = form
        self.language = language
        self.formPath = formPath
        self.numbers = form.questionNumbers
        self.wording = ConditionWording(form: form, language: language)
    }

    private func text(_ value: LocalizedText?) -> String { value?.text(in: language) ?? "" }

    func render() -> String {
        var lines = comment(
            "Answers to “\(oneLine(text(form.title)))” (form \(form.id), version \(form.version))", indent: "")
        lines += [
            "#",
            "# Write each answer after its colon and save the file. Leave an answer empty if you have none.",
            "#   - Choices: write the value before the “=”, e.g.   size: small",
            "#   - Tick-all questions: write a list, e.g.          reasons: [lot_size, timescale]",
            "#   - Text containing “: ” or “ #”, or starting with a symbol: put it in double quotes,",
            "#     and write \\\" for a double quote inside them. (A # after a space starts a comment.)",
            "#   - Several paragraphs: write | after the colon and indent each line below it by two spaces.",
            "# When you have finished, check and save your response with:",
            "#   canvass finalize \(formPath ?? "FORM.yaml") THIS-FILE.yaml",
        ]
        for (index, section) in form.sections.enumerated() {
            lines.append("")
            let title = text(section.title).isEmpty ? section.id : text(section.title)
            let rule = String(repeating: "─", count: max(3, 60 - title.count))
            lines += comment("── Section \(index + 1): \(oneLine(title)) \(rule)", indent: "")
            if let relevant = section.relevant {
                lines += comment(wording.instruction(for: relevant, subject: "Fill in this section"), indent: "")
            }
            if let rule = section.repeatRule {
                let noun = rule.nounInWords
                let range = rule.limitsInWords
                lines += comment(
                    "One block per \(noun)\(range). Copy the block from its “-” down for each \(noun), "
                        + "or delete it if you have none.", indent: "")
                lines.append("\(section.id):")
                lines.append("  -")
                for question in section.questions {
                    lines += entry(question, indent: "    ")
                }
            } else {
                for question in section.questions {
                    lines += entry(question, indent: "")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text as comment lines; every line, blank ones included, starts with `#`, so any label keeps the file valid YAML.
    private func comment(_ body: String, indent: String, first: String = "# ") -> [String] {
        TextWrapping.wrap(body, width: width, indent: indent + "#    ", firstIndent: indent + first).map { line in
            line.trimmingCharacters(in: .whitespaces).isEmpty ? indent + "#" : line
        }
    }

    /// Text on one line, for a heading or a comment after a key.
    private func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    private func entry(_ question: Question, indent: String) -> [String] {
        switch question.type {
        case .calculate:
            return []
        case .note:
            return [""] + comment("Note: " + text(question.label), indent: indent)
        default:
            break
        }
        let number = numbers[question.id].map { "\($0). " } ?? ""
        let label = text(question.label) + (question.isRequired ? " (required)" : "")
        var lines = [""] + comment(label, indent: indent, first: "# " + number)
        var notes: [String] = []
        if let hint = question.hint { notes.append(text(hint)) }
        notes.append(howToAnswer(question))
        if let relevant = question.relevant { notes.append(wording.instruction(for: relevant)) }
        if let message = question.constraintMessage { notes.append(text(message)) }
        for note in notes where !note.isEmpty {
            lines += comment(note, indent: indent, first: "#    ")
        }
        if question.type == .matrix {
            lines.append(indent + "\(question.id):")
            for item in question.items {
                lines.append(indent + "  \(item.id):   # \(oneLine(item.label.text(in: language)))")
            }
        } else {
            lines.append(indent + "\(question.id):" + defaultText(question))
        }
        return lines
    }

    /// A default answer, written so YAML reads it back as the same value (text always in JSON quotes).
    private func defaultText(_ question: Question) -> String {
        guard let value = question.defaultValue else { return "" }
        switch value {
        case .string, .number, .array: return " " + value.canonicalText
        case .bool(let flag): return flag ? " yes" : " no"
        default: return ""
        }
    }

    private func options(_ question: Question) -> String {
        let choices = form.choices(for: question)?.choices ?? []
        return choices.map { "\($0.value) = \($0.label.text(in: language))" }.joined(separator: " | ")
    }

    private func scale(_ question: Question) -> String {
        guard let list = form.choices(for: question) else { return "" }
        let points = list.substantive.enumerated().map { "\($0.offset + 1) = \($0.element.label.text(in: language))" }
        let missing = list.missing.map { "\($0.value) = \($0.label.text(in: language))" }
        return (points + missing).joined(separator: " | ")
    }

    private func howToAnswer(_ question: Question) -> String {
        switch question.type {
        case .text: return "Text."
        case .longText: return "Text; for several paragraphs write | after the colon and indent the lines below."
        case .email: return "An email address."
        case .integer: return "A whole number."
        case .decimal: return "A number."
        case .date: return "A date written YYYY-MM-DD, e.g. 2026-03-31."
        case .yesNo: return "yes or no."
        case .selectOne: return "Choose one: " + options(question)
        case .selectMultiple:
            let exclusive = form.choices(for: question)?.choices.filter(\.isExclusive).map(\.value) ?? []
            let note = exclusive.isEmpty ? "" : " (\(exclusive.joined(separator: ", ")) only on its own)"
            return "Choose any, as a list [a, b]\(note): " + options(question)
        case .likert: return "Write one: " + scale(question)
        case .matrix: return "For each statement write one: " + scale(question)
        case .rank: return "Put every option in order, most important first, as a list [a, b, c]: " + options(question)
        case .file:
            let kinds = question.accept.isEmpty ? "" : " (\(FileKinds.describe(question.accept)))"
            return "A file\(kinds): write its path here, or give it with --attach \(question.id)=PATH."
        case .note, .calculate: return ""
        }
    }
}
