import CanvassForms
import CanvassResponses
import Foundation

extension FormFiller {
    /// What a typed line means before it is read as an answer.
    private enum Command {
        case back, skip, help, keep
        case answer(String)

        init(_ line: String) {
            switch line.trimmingCharacters(in: .whitespaces).lowercased() {
            case "back": self = .back
            case "skip": self = .skip
            case "?", "help": self = .help
            case "": self = .keep
            default: self = .answer(line.trimmingCharacters(in: .whitespaces))
            }
        }
    }

    mutating func ask(_ question: Question, section: Section, instance: Int?, position: Int, of total: Int) -> Reply {
        if question.type == .note {
            terminal.write("\n" + TextWrapping.wrap(text(question.label), width: 78).joined(separator: "\n") + "\n")
            return .answered(changed: false)
        }
        let existing = answer(question, instance: instance)
        if question.isReadOnly {
            // Filled in for the person: set from its default, never asked.
            setAnswer(question.defaultValue, for: question, instance: instance)
            return .answered(changed: existing != question.defaultValue)
        }
        terminal.write(heading(question, section: section, instance: instance, position: position, of: total))
        if question.type == .matrix { return askMatrix(question, instance: instance, existing: existing) }
        while true {
            terminal.write("> ")
            guard var line = terminal.readLine() else { return .end }
            if question.type == .longText, line.trimmingCharacters(in: .whitespaces) == "\"\"\"" {
                guard let paragraphs = readParagraphs() else { return .end }
                line = paragraphs
            }
            switch Command(line) {
            case .back:
                return .back
            case .help:
                terminal.write(help(question))
            case .keep where existing != nil:
                return .answered(changed: false)
            case .keep where question.defaultValue != nil:
                setAnswer(question.defaultValue, for: question, instance: instance)
                return .answered(changed: true)
            case .keep, .skip:
                if question.isRequired {
                    let message = text(question.requiredMessage)
                    if let refused = refuse(message.isEmpty ? "This question needs an answer." : message) {
                        return refused
                    }
                    continue
                }
                setAnswer(nil, for: question, instance: instance)
                return .answered(changed: existing != nil)
            case .answer(let typed):
                switch parse(typed, for: question) {
                case .failure(let error):
                    if let refused = refuse(Self.sentence(error.message)) { return refused }
                case .success(let value):
                    if question.type != .file,
                        let error = validator.problem(with: value, for: question, context: context(instance: instance))
                    {
                        if let refused = refuse(Self.sentence(error.message)) { return refused }
                        continue
                    }
                    setAnswer(value, for: question, instance: instance)
                    return .answered(changed: true)
                }
            }
        }
    }

    /// Shows why an answer was refused. A person is asked again; a script stops, since its later lines were meant
    /// for later questions.
    private func refuse(_ message: String) -> Reply? {
        terminal.write("  ! \(message)\n")
        return terminal.isInteractive ? nil : .refused
    }

    /// Several paragraphs, typed after a line `\"\"\"` and ended by another; `nil` if input ends first.
    private func readParagraphs() -> String? {
        var lines: [String] = []
        while true {
            terminal.write(". ")
            guard let line = terminal.readLine() else { return nil }
            if line.trimmingCharacters(in: .whitespaces) == "\"\"\"" { break }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    private mutating func askMatrix(_ question: Question, instance: Int?, existing: JSONValue?) -> Reply {
        var ratings = existing?.object ?? [:]
        let choices = form.choices(for: question)?.choices ?? []
        for (index, item) in question.items.enumerated() {
            terminal.write("  \(Self.letter(index))) \(text(item.label))\n")
            while true {
                terminal.write("> ")
                guard let line = terminal.readLine() else { return .end }
                switch Command(line) {
                case .back:
                    return .back
                case .help:
                    terminal.write(help(question))
                    continue
                case .keep where ratings[item.id] != nil:
                    break
                case .keep, .skip:
                    ratings[item.id] = nil
                case .answer(let typed):
                    guard let number = Int(typed), (1...choices.count).contains(number) else {
                        if let refused = refuse("Type a number from 1 to \(choices.count).") { return refused }
                        continue
                    }
                    let choice = choices[number - 1]
                    ratings[item.id] =
                        form.choices(for: question)?.scalePoint(of: choice.value).map { .number(Double($0)) }
                        ?? .string(choice.value)
                }
                break
            }
        }
        if question.isRequired, ratings.count < question.items.count {
            if let refused = refuse("Rate every statement.") { return refused }
            return askMatrix(question, instance: instance, existing: .object(ratings))
        }
        setAnswer(ratings.isEmpty ? nil : .object(ratings), for: question, instance: instance)
        return .answered(changed: true)
    }

    mutating func askAnother(_ section: Section, count: Int) -> Reply {
        let noun = section.repeatRule?.noun ?? "item"
        let prompt = count == 0 ? "Do you have a \(noun) to add?" : "Add another \(noun)? You have added \(count)."
        terminal.write("\n\(prompt) (yes/no)\n")
        while true {
            terminal.write("> ")
            guard let line = terminal.readLine() else { return .end }
            switch Command(line) {
            case .back: return .back
            case .answer(let typed) where ["y", "yes"].contains(typed.lowercased()):
                var items = instances(of: section)
                items.append(.object([:]))
                answers[section.id] = .array(items)
                return .added(section, instance: items.count - 1)
            case .answer(let typed) where ["n", "no"].contains(typed.lowercased()):
                return .answered(changed: false)
            case .help:
                terminal.write(
                    "  Type yes to add another \(noun), or no to go on. 'back' returns to the previous question; going "
                        + "back from the first question of an empty \(noun) removes it.\n")
            default:
                if let refused = refuse("Type yes or no.") { return refused }
            }
        }
    }

    mutating func review() -> Reply {
        // What will be saved: irrelevant answers cleared; unanswered questions that were asked are shown too.
        let effective = effectiveAnswers()
        var lines = ["", "Review your answers", "-------------------"]
        for section in form.sections {
            let title = text(section.title).isEmpty ? section.id : text(section.title)
            if section.isRepeat {
                guard case .array(let items) = effective[section.id] else { continue }
                for (index, item) in items.enumerated() {
                    lines.append("\(title) — \(section.repeatRule?.noun ?? "item") \(index + 1)")
                    for question in section.questions where question.type.isAnswered && question.type != .calculate {
                        lines.append(summary(question, item.object?[question.id]))
                    }
                }
            } else {
                for question in section.questions where question.type.isAnswered && question.type != .calculate {
                    guard effective[question.id] != nil || wasAsked(question) else { continue }
                    lines.append(summary(question, effective[question.id]))
                }
            }
        }
        lines += ["", "Type 'finish' to save your response, or a question's number to change its answer."]
        terminal.write(lines.joined(separator: "\n") + "\n")
        while true {
            terminal.write("> ")
            guard let line = terminal.readLine() else { return .end }
            switch Command(line) {
            case .back: return .back
            case .answer(let typed) where ["finish", "f", "yes", "y"].contains(typed.lowercased()): return .finish
            case .answer(let typed) where Int(typed) != nil:
                let number = Int(typed) ?? 0
                if let id = numbers.first(where: { $0.value == number })?.key, wasAskedAnywhere(id) {
                    return .jump(id)
                }
                if let refused = refuse("Question \(number) is not among the questions you were asked.") {
                    return refused
                }
            case .help:
                terminal.write(
                    "  Type 'finish' to check and save your response, a question's number to change its answer, or "
                        + "'back' to go back one question.\n")
            default:
                if let refused = refuse("Type 'finish' or 'back'.") { return refused }
            }
        }
    }

    /// Whether a question is among the steps the answers lead to, in any repeat instance.
    private func wasAskedAnywhere(_ id: String) -> Bool {
        steps().contains { step in
            if case .question(let asked, _, _) = step { return asked.id == id }
            return false
        }
    }

    /// Whether a question outside repeats is among the steps the answers lead to.
    private func wasAsked(_ question: Question) -> Bool {
        steps().contains { step in
            if case .question(let asked, _, nil) = step { return asked.id == question.id }
            return false
        }
    }

    // MARK: - Reading answers

    /// A typed line as the question's answer: numbers pick options, `y`/`n` answer yes/no.
    func parse(_ typed: String, for question: Question) -> Result<JSONValue, AnswerError> {
        let choices = form.choices(for: question)?.choices ?? []
        func option(_ token: String) -> Choice? {
            if let number = Int(token), (1...max(1, choices.count)).contains(number), number <= choices.count {
                return choices[number - 1]
            }
            return choices.first { $0.value == token }
        }
        func options(_ line: String) -> [Choice]? {
            let tokens = line.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            let picked = tokens.map(option)
            return picked.contains { $0 == nil } || picked.isEmpty ? nil : picked.compactMap { $0 }
        }
        let value: JSONValue
        switch question.type {
        case .integer, .decimal:
            guard let number = NumberText.parse(typed) else {
                let what = question.type == .integer ? "a whole number" : "a number, with a full stop for decimals"
                return .failure(AnswerError("type \(what), e.g. \(question.type == .integer ? "12" : "7.5")"))
            }
            value = .number(number)
        case .yesNo:
            switch typed.lowercased() {
            case "y", "yes": value = .bool(true)
            case "n", "no": value = .bool(false)
            default: return .failure(AnswerError("type yes or no"))
            }
        case .selectOne:
            guard let choice = option(typed) else { return .failure(AnswerError("type the number of one option")) }
            value = .string(choice.value)
        case .likert:
            guard let choice = option(typed) else { return .failure(AnswerError("type the number of one option")) }
            let point = form.choices(for: question)?.scalePoint(of: choice.value)
            value = point.map { .number(Double($0)) } ?? .string(choice.value)
        case .selectMultiple, .rank:
            guard let picked = options(typed) else {
                return .failure(AnswerError("type option numbers separated by commas, e.g. 1,3"))
            }
            value = .array(picked.map { .string($0.value) })
        case .file:
            // The path is kept (absolute, so a resumed draft still finds it); it becomes the file's name at finish.
            var path = (typed as NSString).expandingTildeInPath
            if !path.hasPrefix("/") {
                path = (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
            }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else {
                return .failure(AnswerError("no file was found at that path; type the path of the file to attach"))
            }
            let mediaType = Attachment.mediaType(forName: (path as NSString).lastPathComponent)
            if !question.accept.isEmpty, !question.accept.contains(where: { Attachment.accepts($0, mediaType) }) {
                return .failure(
                    AnswerError("attach a \(FileKinds.describe(question.accept)) file"))
            }
            return .success(.string((path as NSString).standardizingPath))
        default:
            value = .string(typed)
        }
        return check.check(value, for: question).flatMap { _ in .success(value) }
    }

    // MARK: - What is shown

    private func heading(_ question: Question, section: Section, instance: Int?, position: Int, of total: Int) -> String
    {
        var title = text(section.title).isEmpty ? section.id : text(section.title)
        if let instance { title += " — \(section.repeatRule?.noun ?? "item") \(instance + 1)" }
        let number = numbers[question.id].map { "Question \($0)" } ?? "Question"
        var lines = [""]
        if section.questions.first(where: { $0.type.isAnswered || $0.type == .note })?.id == question.id,
            instance == nil || instance == 0, let description = section.description
        {
            lines += TextWrapping.wrap(plain(text(description)), width: 78) + [""]
        }
        lines.append("[\(position)/\(total)] \(title)")
        lines += TextWrapping.wrap("\(number): \(text(question.label))", width: 78, indent: "  ")
        if let hint = question.hint {
            lines += TextWrapping.wrap(text(hint), width: 78, indent: "  ")
        }
        let choices = form.choices(for: question)?.choices ?? []
        if question.type.usesChoices {
            for (index, choice) in choices.enumerated() {
                let exclusive = choice.isExclusive ? " (only on its own)" : ""
                let option = "\(index + 1). \(choice.label.text(in: language))\(exclusive)"
                lines += TextWrapping.wrap(option, width: 78, indent: "     ", firstIndent: "  ")
            }
        }
        lines.append("  " + instruction(question, choices: choices.count))
        if let existing = answer(question, instance: instance) {
            let clear = question.isRequired ? "" : "; type 'skip' to clear it"
            lines.append("  (Press Enter to keep your answer: \(display(question, existing))\(clear).)")
        } else if let suggested = question.defaultValue {
            lines.append("  (Press Enter for the suggested answer: \(display(question, suggested)).)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func instruction(_ question: Question, choices: Int) -> String {
        let optional =
            question.isRequired || answer(question, instance: nil) != nil || question.defaultValue != nil
            ? "" : " Optional: press Enter to skip."
        let what: String
        switch question.type {
        case .text: what = "Type your answer."
        case .longText:
            what = "Type your answer, or \"\"\" on its own line to write several paragraphs (end with \"\"\")."
        case .email: what = "Type an email address."
        case .integer: what = "Type a whole number."
        case .decimal: what = "Type a number."
        case .date: what = "Type a date as YYYY-MM-DD."
        case .yesNo: what = "Type yes or no."
        case .selectOne, .likert: what = "Type the number of your answer."
        case .selectMultiple: what = "Type the numbers of all that apply, separated by commas."
        case .rank: what = "Type the numbers in order, most important first, separated by commas."
        case .matrix: what = "For each statement, type a number from 1 to \(choices)."
        case .file: what = "Type the path of the file to attach."
        case .note, .calculate: what = ""
        }
        return what + optional
    }

    private func help(_ question: Question) -> String {
        var lines = ["  " + instruction(question, choices: form.choices(for: question)?.choices.count ?? 0)]
        if let message = question.constraintMessage { lines.append("  " + text(message)) }
        lines.append("  Commands: 'back' goes to the previous question; 'skip' leaves an optional question empty;")
        lines.append("  pressing Enter keeps an answer you already gave. Your answers are saved after each one.")
        return lines.joined(separator: "\n") + "\n"
    }

    private func summary(_ question: Question, _ value: JSONValue?) -> String {
        let number = numbers[question.id].map { "\($0). " } ?? ""
        let label = TextWrapping.wrap(text(question.label), width: 78, indent: "      ", firstIndent: "  " + number)
        let shown = value.map { display(question, $0) } ?? "(not answered)"
        let answer = TextWrapping.wrap(shown, width: 78, indent: "      ", firstIndent: "      → ")
        return (label + answer).joined(separator: "\n")
    }

    /// An answer as the person would recognise it: option labels rather than values.
    func display(_ question: Question, _ value: JSONValue) -> String {
        let list = form.choices(for: question)
        func label(_ raw: String) -> String { list?.choice(raw)?.label.text(in: language) ?? raw }
        switch value {
        case .bool(let flag): return flag ? "Yes" : "No"
        case .string(let raw): return label(raw)
        case .number(let number):
            if question.type == .likert, let point = Int(exactly: number),
                let choice = list?.substantive[safe: point - 1]
            {
                return choice.label.text(in: language)
            }
            return value.canonicalText
        case .array(let items): return items.compactMap(\.string).map(label).joined(separator: "; ")
        case .object(let members):
            return question.items.compactMap { item in
                members[item.id].map { rating in
                    let point = rating.number.flatMap { Int(exactly: $0) }
                    let label =
                        point.flatMap { list?.substantive[safe: $0 - 1] }?.label.text(in: language)
                        ?? rating.string.flatMap { list?.choice($0)?.label.text(in: language) } ?? rating.canonicalText
                    return "\(item.label.text(in: language)): \(label)"
                }
            }.joined(separator: "; ")
        case .null: return ""
        }
    }

    /// Markdown emphasis dropped, for text shown in a terminal.
    func plain(_ markdown: String) -> String {
        markdown.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "__", with: "")
    }

    static func letter(_ index: Int) -> String { String(UnicodeScalar(UInt8(97 + index % 26))) }

    /// A message as a sentence: capitalised, with a full stop.
    static func sentence(_ message: String) -> String {
        let capitalised = message.prefix(1).uppercased() + message.dropFirst()
        return capitalised.hasSuffix(".") || capitalised.hasSuffix("?") ? capitalised : capitalised + "."
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
