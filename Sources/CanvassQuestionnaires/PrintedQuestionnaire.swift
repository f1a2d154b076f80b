import CanvassForms
import CanvassResponses
import Foundation

/// A questionnaire to print or read: plain text (80 columns) or Markdown, with skip instructions in words.
struct PrintedQuestionnaire {
    enum Style {
        case text
        case markdown
    }

    let form: Form
    let language: String?
    let style: Style
    private let width = 80
    private let numbers: [String: Int]
    private let wording: ConditionWording

    init(form: Form, language: String?, style: Style) {
        self.form = form
        self.language = language
        self.style = style
        self.numbers = form.questionNumbers
        self.wording = ConditionWording(form: form, language: language)
    }

    /// Text to print; plain text drops Markdown's emphasis markers, which would show as asterisks.
    private func text(_ value: LocalizedText?) -> String {
        let raw = value?.text(in: language) ?? ""
        return style == .text
            ? raw.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "__", with: "") : raw
    }

    /// A Markdown note in italics, unless it has its own line breaks or emphasis (which italics would break).
    private func emphasised(_ note: String) -> [String] {
        let trimmed = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.contains("\n") || trimmed.contains("*") || trimmed.contains("_") {
            return trimmed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        return ["*\(trimmed)*"]
    }

    func render() -> String {
        var lines: [String] = []
        let title = text(form.title)
        switch style {
        case .text:
            lines += [title, String(repeating: "=", count: min(title.count, width))]
            lines.append("Form \(form.id), version \(form.version)")
        case .markdown:
            lines += ["# \(title)", "", "*Form `\(form.id)`, version \(form.version)*"]
        }
        if let description = form.description {
            lines.append("")
            lines += paragraph(text(description), indent: "")
        }
        for (index, section) in form.sections.enumerated() {
            lines.append("")
            lines += heading(section, number: index + 1)
            for question in section.questions where question.type != .calculate {
                lines.append("")
                lines += render(question)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func paragraph(_ body: String, indent: String) -> [String] {
        style == .markdown
            ? body.split(separator: "\n", omittingEmptySubsequences: false).map { indent + $0 }
            : TextWrapping.wrap(body, width: width, indent: indent)
    }

    private func heading(_ section: Section, number: Int) -> [String] {
        let title = "Section \(number): \(text(section.title).isEmpty ? section.id : text(section.title))"
        var lines: [String]
        switch style {
        case .text: lines = [title, String(repeating: "-", count: min(title.count, width))]
        case .markdown: lines = ["## \(title)"]
        }
        var notes: [String] = []
        if let rule = section.repeatRule {
            let noun = rule.nounInWords
            let range = rule.limitsInWords
            notes.append("Fill in this section once for each \(noun)\(range); copy the pages as needed.")
        }
        if let relevant = section.relevant {
            notes.append(wording.instruction(for: relevant, subject: "Fill in this section"))
        }
        if let description = section.description { notes.append(text(description)) }
        for note in notes {
            lines.append("")
            lines += style == .markdown ? emphasised(note) : paragraph(note, indent: "")
        }
        return lines
    }

    private func render(_ question: Question) -> [String] {
        let indent = style == .markdown ? "" : "    "
        var lines: [String] = []
        let label = text(question.label)
        if question.type == .note {
            return style == .markdown
                ? ["> " + label.split(separator: "\n").joined(separator: "\n> ")]
                : TextWrapping.wrap(label, width: width, indent: indent, firstIndent: "    ")
        }
        let number = numbers[question.id].map(String.init) ?? ""
        let required = question.isRequired ? " (required)" : ""
        switch style {
        case .text:
            let first = String(repeating: " ", count: max(0, 2 - number.count)) + number + ". "
            lines += TextWrapping.wrap(label + required, width: width, indent: indent, firstIndent: first)
        case .markdown:
            lines.append("**\(number). \(label)**\(required)")
        }
        var notes: [String] = []
        if let hint = question.hint { notes.append(text(hint)) }
        if let relevant = question.relevant { notes.append(wording.instruction(for: relevant)) }
        if let message = question.constraintMessage { notes.append(text(message)) }
        if question.isReadOnly { notes.append("This answer is filled in for you.") }
        for note in notes {
            lines +=
                style == .markdown ? [""] + emphasised(note) : TextWrapping.wrap(note, width: width, indent: indent)
        }
        lines += answerSpace(question, indent: indent)
        return lines
    }

    private func box(_ label: String) -> String { style == .markdown ? "- [ ] \(label)" : "[ ] \(label)" }

    private func answerSpace(_ question: Question, indent: String) -> [String] {
        let choices = form.choices(for: question)?.choices ?? []
        let blank = style == .markdown ? "" : indent
        var lines: [String] = style == .markdown ? [""] : []
        func option(_ choice: Choice, suffix: String = "") -> [String] {
            let text = box(choice.label.text(in: language) + suffix)
            guard style == .text else { return [text] }
            return TextWrapping.wrap(text, width: width, indent: blank + "    ", firstIndent: blank)
        }
        switch question.type {
        case .text, .email:
            lines.append(blank + (question.type == .email ? "Email: " : "Answer: ") + String(repeating: "_", count: 50))
        case .longText:
            let line = blank + "Answer: " + String(repeating: "_", count: 62)
            lines += Array(repeating: line, count: style == .markdown ? 1 : 5)
        case .integer:
            lines.append(blank + "Whole number: __________")
        case .decimal:
            lines.append(blank + "Number: __________")
        case .date:
            lines.append(blank + "Date: ____ / ____ / ________   (day / month / year)")
        case .yesNo:
            lines += style == .markdown ? ["- [ ] Yes", "- [ ] No"] : [blank + "[ ] Yes    [ ] No"]
        case .selectOne, .likert:
            lines.append(blank + "Tick one.")
            lines += choices.flatMap { option($0) }
        case .selectMultiple:
            lines.append(blank + "Tick all that apply.")
            lines += choices.flatMap { option($0, suffix: $0.isExclusive ? " (tick only this)" : "") }
        case .rank:
            lines.append(blank + "Number these from 1 (most important) to \(choices.count).")
            for choice in choices {
                let entry = (style == .markdown ? "- ___ " : "[   ] ") + choice.label.text(in: language)
                lines +=
                    style == .markdown
                    ? [entry] : TextWrapping.wrap(entry, width: width, indent: blank + "      ", firstIndent: blank)
            }
        case .matrix:
            lines += matrix(question, choices: choices, indent: blank)
        case .file:
            let kinds = question.accept.isEmpty ? "" : " (\(FileKinds.describe(question.accept)))"
            lines += TextWrapping.wrap(
                "Attach a file\(kinds) and write its name here: " + String(repeating: "_", count: 20), width: width,
                indent: blank)
        case .note, .calculate:
            break
        }
        return lines
    }

    private func matrix(_ question: Question, choices: [Choice], indent: String) -> [String] {
        // Scale points are numbered; missing options ("Don't know") are lettered X, Y, Z so each stays distinct.
        var missingCount = 0
        let codes = choices.enumerated().map { index, choice -> String in
            guard choice.isMissing else { return String(index + 1) }
            defer { missingCount += 1 }
            return String(UnicodeScalar(UInt8(88 + missingCount % 3)))
        }
        let legend = zip(codes, choices).map { "\($0) = \($1.label.text(in: language))" }.joined(separator: ", ")
        switch style {
        case .markdown:
            var lines = ["| Statement | " + choices.map { $0.label.text(in: language) }.joined(separator: " | ") + " |"]
            lines.append("|---|" + choices.map { _ in ":-:" }.joined(separator: "|") + "|")
            for item in question.items {
                lines.append(
                    "| \(item.label.text(in: language)) | " + choices.map { _ in "☐" }.joined(separator: " | ") + " |")
            }
            return lines
        case .text:
            var lines = TextWrapping.wrap("Circle one for each statement: \(legend).", width: width, indent: indent)
            let scale = codes.joined(separator: "  ")
            let labelWidth = width - indent.count - scale.count - 8
            for (index, item) in question.items.enumerated() {
                let letter = String(UnicodeScalar(UInt8(97 + index % 26)))
                let wrapped = TextWrapping.wrap(item.label.text(in: language), width: labelWidth)
                for (row, line) in wrapped.enumerated() {
                    let head = row == 0 ? "\(letter)) " : "   "
                    if row == wrapped.count - 1 {
                        let padding = String(repeating: ".", count: max(2, labelWidth - line.count + 2))
                        lines.append(indent + head + line + " " + padding + "  " + scale)
                    } else {
                        lines.append(indent + head + line)
                    }
                }
            }
            return lines
        }
    }
}
