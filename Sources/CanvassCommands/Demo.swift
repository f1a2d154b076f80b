import ArgumentParser
import CanvassForms
import CanvassQuestionnaires
import Foundation

/// `canvass demo`: the whole flow on the shipped forms, as far as Canvass goes today.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the Canvass flow end to end on the shipped forms.",
        discussion: "Lints every form, then renders each as a printable questionnaire, an answer template and JSON."
    )

    @Option(help: "The folder of forms.")
    var forms = "Forms"

    @Option(help: "Where to write what the demo makes.")
    var output = ".build/demo"

    func run() async throws {
        let console = Console.current
        let files = try FormFiles.expand([forms])
        console.line("== 1. An officer lints the shipped forms (canvass lint \(forms))")
        var loaded: [Form] = []
        for file in files {
            let result = FormLoader.load(path: file)
            for diagnostic in result.diagnostics { console.line(diagnostic.description) }
            guard let form = result.form else { throw CommandFailure.badInput("\(file) has errors; see above") }
            let count = form.questions.filter { $0.type.isAnswered }.count
            console.line("  ok  \(file)  \(form.id) \(form.version), \(count) questions")
            loaded.append(form)
        }

        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure.environment("could not create \(output): \(error.localizedDescription)")
        }
        console.line("")
        console.line("== 2. The forms are rendered for providers (canvass render FORM --format …)")
        for form in loaded {
            let questionnaire = Questionnaire(form: form, formPath: "\(forms)/\(form.id).yaml")
            var written: [String] = []
            for (format, suffix) in [
                (QuestionnaireFormat.text, "txt"), (.markdown, "md"), (.template, "answers.yaml"), (.json, "json"),
            ] {
                let path = (output as NSString).appendingPathComponent("\(form.id).\(suffix)")
                try writeFile(questionnaire.render(format), to: path)
                written.append(path)
            }
            console.line("  \(form.id): " + written.joined(separator: "  "))
        }
        if let first = loaded.first(where: { $0.id == "tupe-timing" }) ?? loaded.first {
            let text = Questionnaire(form: first).render(.text).split(separator: "\n", omittingEmptySubsequences: false)
            console.line("")
            console.line("== 3. The start of the printed questionnaire for \(first.id):")
            console.line("")
            for line in text.prefix(40) { console.line(String(line)) }
            if text.count > 40 { console.line("[… \(text.count - 40) more lines in \(output)/\(first.id).txt]") }
        }
    }
}
