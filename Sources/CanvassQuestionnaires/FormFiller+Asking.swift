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
            case "back", "b": self = .back
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
        terminal.write(heading(question, section: section, instance: instance, position: position, of: total))
        if question.type == .matrix { return askMatrix(question, instance: instance, existing: existing) }
        while true {
            terminal.write("> ")
            guard let line = terminal.readLine() else { return .end }
            switch Command(line) {
            case .back:
                return .back
            case .help:
                terminal.write(help(question))
            case .keep where existing != nil:
                return .answered(changed: false)
            case .keep, .skip:
                if question.isRequired {
                    terminal.write(
                        "  ! \(text(question.requiredMessage).isEmpty ? "This question needs an answer." : text(question.requiredMessage))\n"
                    )
                    continue
                }
                setAnswer(nil, for: question, instance: instance)
                return .answered(changed: existing != nil)
            case .answer(let typed):
                switch parse(typed, for: question) {
                case .failure(let error):
                    terminal.write("  ! \(Self.sentence(error.message))\n")
                case .success(let value):
                    if question.type != .file,
                        let error = validator.problem(with: value, for: question, context: context(instance: instance))
                    {
                        terminal.write("  ! \(Self.sentence(error.message))\n")
                        continue
                    }
                    setAnswer(value, for: question, instance: instance)
                    return .answered(changed: true)
                }
            }
        }
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
                        terminal.write("  ! Type a number from 1 to \(choices.count).\n")
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
            terminal.write("  ! Rate every statement.\n")
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
            default:
                terminal.write("  ! Type yes or no.\n")
            }
        }
    }

    mutating func review() -> Reply {
        var lines = ["", "Review your answers", "-------------------"]
        for section in form.sections {
            if section.isRepeat {
                for (index, item) in instances(of: section).enumerated() {
                    lines.append(
                        "\(text(section.title).isEmpty ? section.id : text(section.title)) — \(section.repeatRule?.noun ?? "item") \(index + 1)"
                    )
                    for question in section.questions where question.type.isAnswered {
                        if let value = item.object?[question.id] { lines.append(summary(question, value)) }
                    }
                }
            } else {
                for question in section.questions where question.type.isAnswered {
                    if let value = answers[question.id] { lines.append(summary(question, value)) }
                }
            }
        }
        lines += ["", "Type 'finish' to save your response, or 'back' to change an answer."]
        terminal.write(lines.joined(separator: "\n") + "\n")
        while true {
            terminal.write("> ")
            guard let line = terminal.readLine() else { return .end }
            switch Command(line) {
            case .back: return .back
            case .answer(let typed) where ["finish", "f", "yes", "y"].contains(typed.lowercased()): return .finish
            default: terminal.write("  ! Type 'finish' or 'back'.\n")
            }
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
            guard let number = Double(typed.replacingOccurrences(of: ",", with: "")) else {
                return .failure(AnswerError(question.type == .integer ? "type a whole number" : "type a number"))
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
            let path = (typed as NSString).expandingTildeInPath
            guard FileManager.default.fileExists(atPath: path) else {
                return .failure(AnswerError("no file was found at that path; type the path of the file to attach"))
            }
            value = .string(path)
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
        var lines = ["", "[\(position)/\(total)] \(title)"]
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
            lines.append("  (Press Enter to keep your answer: \(display(question, existing)).)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func instruction(_ question: Question, choices: Int) -> String {
        let optional = question.isRequired ? "" : " Optional: press Enter to skip."
        let what: String
        switch question.type {
        case .text, .longText: what = "Type your answer."
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

    private func summary(_ question: Question, _ value: JSONValue) -> String {
        let number = numbers[question.id].map { "\($0). " } ?? ""
        let label = TextWrapping.wrap(text(question.label), width: 78, indent: "      ", firstIndent: "  " + number)
        let answer = TextWrapping.wrap(display(question, value), width: 78, indent: "      ", firstIndent: "      → ")
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
            if question.type == .likert, let choice = list?.substantive[safe: Int(number) - 1] {
                return choice.label.text(in: language)
            }
            return value.canonicalText
        case .array(let items): return items.compactMap(\.string).map(label).joined(separator: "; ")
        case .object(let members):
            return question.items.compactMap { item in members[item.id].map { "\(item.id) \($0.canonicalText)" } }
                .joined(separator: ", ")
        case .null: return ""
        }
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
