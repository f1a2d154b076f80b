import ArgumentParser
import CanvassForms
import CanvassOutbox
import CanvassQuestionnaires
import CanvassResponses
import Foundation

/// `canvass fill FORM`: answer a form in the terminal, one question at a time.
struct Fill: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Answer a form in the terminal, one question at a time.",
        discussion: """
            Answers are checked as they are typed and saved as a draft in OUTBOX/drafts/ after each one, so \
            nothing is lost if the window closes; continue with --resume ID. Finishing moves the response to \
            OUTBOX/ready/. When standard input is not a terminal, one answer is read per line, so filling can be \
            scripted (finish with a line 'finish').
            """
    )

    @Argument(help: "The form file.")
    var form: String

    @Option(help: "The Outbox folder.")
    var outbox = "Outbox"

    @Option(help: "Continue the draft with this id.")
    var resume: String?

    @Option(help: "The language of the questions (one of the form's languages).")
    var language: String?

    func run() async throws {
        let console = Console.current
        let loaded = try loadForm(form)
        let box = Outbox(root: outbox)
        var draft: Response
        do {
            try box.prepare()
            if let resume {
                guard Response.isValidID(resume), box.state(of: resume) == .drafts else {
                    let ids = box.ids(in: .drafts)
                    let known = ids.isEmpty ? "there are no drafts" : "the drafts are \(ids.joined(separator: ", "))"
                    throw CommandFailure.badInput("no draft \(resume) in \(box.folder(.drafts)); \(known)")
                }
                draft = try box.response(resume, in: .drafts)
                guard draft.form == loaded.id else {
                    throw CommandFailure.badInput("the draft \(resume) is for the form \(draft.form), not \(loaded.id)")
                }
                guard draft.formVersion == loaded.version else {
                    throw CommandFailure.badInput(
                        "the draft \(resume) was started on version \(draft.formVersion) of \(loaded.id), but \(form) is "
                            + "version \(loaded.version); finish it with the form file of version \(draft.formVersion)")
                }
            } else {
                draft = Response(form: loaded.id, formVersion: loaded.version)
            }
        } catch let error as OutboxError {
            throw CommandFailure.environment(error.message)
        }
        console.line(
            resume == nil
                ? "New response \(draft.id) (saved in \(box.folder(.drafts)) as you answer)."
                : "Continuing draft \(draft.id).")

        var filler = FormFiller(
            form: loaded, answers: draft.answers, language: language,
            terminal: FormFiller.Terminal(
                write: console.write,
                readLine: {
                    // Typed answers echo on a terminal; show scripted ones too, so a transcript reads as a dialogue.
                    let line = console.readLine()
                    if let line, !console.isInputTerminal { console.write(line + "\n") }
                    return line
                },
                isInteractive: console.isInputTerminal))
        var finished: Response?
        let outcome = try filler.run(
            save: { answers in
                draft.answers = answers
                do { try box.saveDraft(draft) } catch { throw CommandFailure.environment("\(error)") }
            },
            finish: { answers in
                var files = AttachedFiles(form: loaded, answersFolder: "")
                let validation = files.validate(answers, reportUnaskedAttachments: false)
                guard validation.problems.isEmpty else { return validation.problems }
                var response = draft
                response.answers = validation.answers
                response.attachments = files.attachments
                response.completedAt = Response.timestamp()
                do { try box.finalize(response, files: files.sources) } catch {
                    throw CommandFailure.environment("\(error)")
                }
                finished = response
                return []
            })
        switch outcome {
        case .finished:
            console.line("")
            console.line("Saved your response in \(box.path(of: draft.id, in: .ready)).")
            console.line(finished?.id ?? draft.id)
        case .inputEnded, .answerRefused:
            console.line("")
            let stopped = outcome == .answerRefused ? "an answer in the input was refused (see above)" : "input ended"
            guard box.state(of: draft.id) == .drafts else {
                throw CommandFailure.badInput("\(stopped) before any answer was saved; nothing was kept")
            }
            let resumeHint =
                "canvass fill \(Self.quoted(form)) --resume \(draft.id)"
                + (outbox == "Outbox" ? "" : " --outbox \(Self.quoted(outbox))")
            throw CommandFailure.badInput(
                "\(stopped) before the form was finished; your answers so far are saved. Continue with: \(resumeHint)")
        }
    }

    /// A path as it can be pasted into a shell.
    static func quoted(_ path: String) -> String {
        path.allSatisfy { $0.isLetter || $0.isNumber || "/._-".contains($0) } ? path : "'\(path)'"
    }
}
