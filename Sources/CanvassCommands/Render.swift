import ArgumentParser
import CanvassForms
import CanvassQuestionnaires
import Foundation

/// `canvass render FORM --format …`: a form as a printable questionnaire, an answer template or JSON.
struct Render: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render a form as a questionnaire, an answer template or JSON.",
        discussion: """
            text and markdown are printable questionnaires with skip instructions in words; template is a YAML \
            answers file to fill in with a text editor and check with `canvass finalize`; json is the form's \
            canonical JSON.
            """
    )

    @Argument(help: "The form file.")
    var form: String

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, markdown, template, json, html
    }

    @Option(help: "text, markdown, template, json or html (a page to answer in a browser, offline).")
    var format: Format = .text

    @Option(help: "The language of the labels (one of the form's languages).")
    var language: String?

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func run() async throws {
        let loaded = try loadForm(form)
        if let language, !loaded.languages.contains(language) {
            throw CommandFailure.badInput(
                "the form is not written in '\(language)'; its languages are \(loaded.languages.joined(separator: ", "))"
            )
        }
        let rendered = Questionnaire(form: loaded, language: language, formPath: form).render(
            QuestionnaireFormat(rawValue: format.rawValue) ?? .text)
        if let output {
            try writeFile(rendered, to: output)
            Console.current.line("Wrote \(output)")
        } else {
            Console.current.write(rendered)
        }
    }
}
