import ArgumentParser
import CanvassForms
import CanvassOutbox
import CanvassResponses
import Foundation

/// `canvass finalize FORM ANSWERS`: checks a filled-in answers file and puts the response in the Outbox.
struct Finalize: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a filled-in answers file and save it as a response, ready to send.",
        discussion: """
            ANSWERS is a YAML or JSON file mapping question ids to answers, such as the one \
            `canvass render FORM --format template` writes. Every problem is printed with its line and column in \
            the answers file and nothing is saved (exit 1). On success the response and copies of its attachments \
            are written to OUTBOX/ready/ and its id is printed on the last line.
            """
    )

    @Argument(help: "The form file.")
    var form: String

    @Argument(help: "The filled-in answers file (.yaml or .json).")
    var answers: String

    @Option(help: "The Outbox folder.")
    var outbox = "Outbox"

    @Option(
        name: .customLong("attach"), help: ArgumentHelp("Attach a file to a file question.", valueName: "QUESTION=PATH")
    )
    var attachments: [String] = []

    @Option(help: "The id of an earlier response this one corrects.")
    var deprecates: String?

    func run() async throws {
        let console = Console.current
        let loaded = try loadForm(form)
        var files = AttachedFiles(form: loaded, answersFolder: (answers as NSString).deletingLastPathComponent)
        try files.collect(arguments: attachments)
        guard let data = FileManager.default.contents(atPath: answers) else {
            throw CommandFailure.badInput("\(answers): no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure.badInput("\(answers): the file is not UTF-8 text; save it as UTF-8")
        }
        if let deprecates, !Response.isValidID(deprecates) {
            throw CommandFailure.badInput("--deprecates must be a response id (letters, digits, '.', '_', '-')")
        }
        let file = AnswersFile(text: text, path: answers, form: loaded)
        var problems = file.problems
        var validated: [String: JSONValue] = [:]
        var found: [ResponseProblem] = []
        // After a syntax error the answers are unknown, so checking them would only add wrong "required" errors.
        if file.syntaxErrorLocation == nil {
            let validation = files.validate(file.answers, reportUnaskedAttachments: true)
            validated = validation.answers
            found = validation.problems
        }

        // A value that could not be read was left out, so the validator would also call it missing: say it once.
        let unreadable = Set(problems.map { AnswersFile.key(question: $0.question, instance: $0.instance) })
        problems += found.filter {
            !unreadable.contains(AnswersFile.key(question: $0.question, instance: $0.instance))
        }
        if problems.isEmpty == false {
            let located = problems.map { problem in (file.location(of: problem), problem) }
            let sorted = located.enumerated().sorted { a, b in
                let la = a.element.0 ?? SourceLocation(line: .max, column: 0)
                let lb = b.element.0 ?? SourceLocation(line: .max, column: 0)
                return la == lb ? a.offset < b.offset : la < lb
            }
            for (location, problem) in sorted.map(\.element) {
                let place = location.map { "\(answers):\($0.line):\($0.column)" } ?? answers
                let noun = loaded.section(containing: problem.question)?.repeatRule?.noun ?? "item"
                let what = problem.question == "file" ? "" : "\(problem.place(noun: noun)): "
                console.errorLine("\(place): error: \(what)\(problem.message)")
            }
            throw CommandFailure.badInput(
                "\(answers) has \(Lint.count(problems.count, "problem")); nothing was saved. Fix them and run this again."
            )
        }

        let response = Response(
            form: loaded.id, formVersion: loaded.version, completedAt: Response.timestamp(), deprecates: deprecates,
            answers: validated, attachments: files.attachments)
        let box = Outbox(root: outbox)
        do {
            try box.prepare()
            try box.finalize(response, files: files.sources)
        } catch {
            throw error.isEnvironmental
                ? CommandFailure.environment(error.message) : CommandFailure.badInput(error.message)
        }
        console.line("Checked \(answers) against \(loaded.id) \(loaded.version): no problems.")
        console.line(
            "Saved \(box.path(of: response.id, in: .ready))"
                + (files.attachments.isEmpty ? "" : " with \(Lint.count(files.attachments.count, "attachment"))") + ".")
        console.line(response.id)
    }
}

/// The files attached to a response: from `--attach QUESTION=PATH`, or paths written as `file` answers.
struct AttachedFiles {
    let form: Form
    let answersFolder: String
    /// What each `file` question's answer will be: the attachment's name.
    var attachments: [Attachment] = []
    /// The file to copy for each attachment name.
    var sources: [String: String] = [:]
    var problems: [ResponseProblem] = []
    private var given: [String: String] = [:]

    init(form: Form, answersFolder: String) {
        self.form = form
        self.answersFolder = answersFolder
    }

    /// Reads `--attach QUESTION=PATH` arguments.
    mutating func collect(arguments: [String]) throws(CommandFailure) {
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                throw .badInput("--attach takes QUESTION=PATH, e.g. --attach evidence=submission.pdf")
            }
            let id = String(argument[..<equals])
            guard let question = form.question(id), question.type == .file else {
                let files = form.questions.filter { $0.type == .file }.map(\.id)
                let hint =
                    files.isEmpty
                    ? "this form has no file questions" : "its file questions are \(files.joined(separator: ", "))"
                throw .badInput("--attach \(id)=…: '\(id)' is not a file question of \(form.id); \(hint)")
            }
            given[id] = String(argument[argument.index(after: equals)...])
        }
    }

    /// Validates answers whose `file` answers are paths: attaches the files of the file questions that are still
    /// asked (a stale answer to a question that is no longer relevant is dropped, not attached), then validates
    /// the answers with those attachments.
    mutating func validate(_ answers: [String: JSONValue], reportUnaskedAttachments: Bool) -> Validation {
        let validator = ResponseValidator(form: form)
        var probe = answers
        for question in form.questions where question.type == .file {
            if let path = probe[question.id]?.string {
                probe[question.id] = .string((path as NSString).lastPathComponent)
            }
            if given[question.id] != nil { probe[question.id] = .string("attached") }
        }
        let asked = validator.validate(answers: probe).answers
        var kept = answers
        for question in form.questions where question.type == .file && asked[question.id] == nil {
            kept[question.id] = nil
            if given.removeValue(forKey: question.id) != nil, reportUnaskedAttachments {
                problem(
                    question, "this question is not asked, given the other answers, so nothing can be attached to it")
            }
        }
        resolve(&kept)
        var validation = validator.validate(answers: kept, attachments: attachments)
        validation.problems = problems + validation.problems
        return validation
    }

    /// Replaces each file answer (a path) by the attachment's name, recording the attachment and any problem.
    mutating func resolve(_ answers: inout [String: JSONValue]) {
        for question in form.questions where question.type == .file {
            let written = answers[question.id]?.string.flatMap { $0.isEmpty ? nil : $0 }
            guard let path = given[question.id] ?? written.map(resolveRelative) else { continue }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else {
                problem(question, "the file to attach was not found; check its path")
                answers[question.id] = nil
                continue
            }
            let name = (path as NSString).lastPathComponent
            let mediaType = Attachment.mediaType(forName: name)
            if !question.accept.isEmpty, !question.accept.contains(where: { Attachment.accepts($0, mediaType) }) {
                problem(question, "attach a \(FileKinds.describe(question.accept)) file")
                answers[question.id] = nil
                continue
            }
            guard Attachment.isValidName(name), sources[name] == nil else {
                problem(question, "rename the file: its name is not allowed or is already used by another attachment")
                answers[question.id] = nil
                continue
            }
            do {
                let sha256 = try DurableFile.sha256(ofFile: path)
                let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
                attachments.append(
                    Attachment(question: question.id, name: name, bytes: bytes, sha256: sha256, mediaType: mediaType))
                sources[name] = path
                answers[question.id] = .string(name)
            } catch {
                problem(question, "the file to attach could not be read; check its permissions")
                answers[question.id] = nil
            }
        }
    }

    private func resolveRelative(_ path: String) -> String {
        path.hasPrefix("/") || answersFolder.isEmpty ? path : (answersFolder as NSString).appendingPathComponent(path)
    }

    private mutating func problem(_ question: Question, _ message: String) {
        problems.append(
            ResponseProblem(question: question.id, number: form.questionNumbers[question.id], message: message))
    }
}
