import CanvassForms
import CanvassQuestionnaires
import CanvassTesting
import Foundation
import Testing

/// The offline web page of each shipped form (`canvass render --format html`); filling it in a browser is
/// `Tests/Browser/fill_questionnaire.py`, run by `make test`.
@Suite("The web questionnaire page")
struct WebQuestionnaireTests {
    static let forms = ["barriers-to-entry", "qa-regime", "tupe-timing", "written-evidence"]

    static func page(_ name: String) throws -> (Form, String) {
        let form = try #require(FormLoader.load(path: repositoryRoot + "/Forms/\(name).yaml").form)
        return (form, Questionnaire(form: form).render(.html))
    }

    @Test("Every question is on the page, each input labelled, choices in fieldsets with legends", arguments: forms)
    func structure(name: String) throws {
        let (form, html) = try Self.page(name)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        for question in form.questions where question.type != .calculate {
            #expect(html.contains("data-q=\"\(question.id)\""), "\(question.id)")
        }
        // Every input, select and textarea outside the repeat templates has a label or is named by others.
        let inputs =
            html.components(separatedBy: "<input").dropFirst()
            + html.components(separatedBy: "<select").dropFirst()
            + html.components(separatedBy: "<textarea").dropFirst()
        for input in inputs where !input.hasPrefix(" type=\"hidden\"") {
            guard
                let id = input.prefix { $0 != ">" }.components(separatedBy: "id=\"").dropFirst().first?.components(
                    separatedBy: "\""
                ).first
            else { continue }
            let labelled = html.contains("for=\"\(id)\"") || input.prefix(400).contains("aria-labelledby=")
            #expect(labelled, "\(name): \(id) has no label")
        }
        let fieldsets = html.components(separatedBy: "<fieldset class=\"fieldset\"").count - 1
        let choiceQuestions = form.questions.filter {
            [.selectOne, .selectMultiple, .yesNo, .likert, .matrix, .rank].contains($0.type)
        }
        #expect(fieldsets == choiceQuestions.count)
        #expect(html.components(separatedBy: "<legend>").count - 1 == fieldsets)
        // Nothing is fetched: the page works from a file.
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("<link"))
    }

    @Test("The page's script is valid JavaScript and its expressions compile", arguments: forms)
    func script(name: String) async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/node") else {
            Issue.record("node is needed (make setup installs nodejs)")
            return
        }
        let (_, html) = try Self.page(name)
        let script = try #require(
            html.components(separatedBy: "<script>").last?.components(separatedBy: "</script>").first)
        #expect(!script.contains("</script"))
        try await withTemporaryFolder { folder in
            let path = folder + "/page.js"
            // Parsed, not run: the page's script needs a document.
            try ("new Function(require('fs').readFileSync(process.argv[2] + '.src', 'utf8'));").write(
                toFile: path, atomically: true, encoding: .utf8)
            try script.write(toFile: path + ".src", atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/node")
            process.arguments = [path, path]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(name): the page's script does not parse")
        }
    }

    @Test("The form's description becomes paragraphs, lists and bold, as text")
    func description() {
        let html = WebQuestionnaireDescription.render("Intro **bold** <b>x</b>.\n\n- one\n  more\n- two")
        #expect(html.contains("<p class=\"description\">Intro <strong>bold</strong> &lt;b&gt;x&lt;/b&gt;.</p>"))
        #expect(html.contains("<ul class=\"description\"><li>one more</li><li>two</li></ul>"))
    }
}
