import CanvassCommands
import CanvassForms
import CanvassTesting
import Foundation
import Testing

@Suite struct RenderCommandTests {
    static let shippedForms = ["barriers-to-entry", "tupe-timing", "qa-regime", "written-evidence"]

    @Test(arguments: shippedForms)
    func everyShippedFormRendersInEveryFormat(_ name: String) async throws {
        let path = "\(repositoryRoot)/Forms/\(name).yaml"
        for format in ["text", "markdown", "template", "json"] {
            let run = await runCanvass(["render", path, "--format", format])
            #expect(run.status == 0, "\(format)")
            #expect(run.errorOutput.isEmpty)
            #expect(run.output.count > 500, "the \(format) rendering of \(name) has content")
        }
        let json = await runCanvass(["render", path, "--format", "json"])
        let original = try Form.load(path: path)
        #expect(try Form.load(text: json.output, path: "\(name).json") == original)
    }

    @Test func shippedFormsTogetherUseEveryQuestionType() throws {
        var used: Set<QuestionType> = []
        for name in Self.shippedForms {
            let form = try Form.load(path: "\(repositoryRoot)/Forms/\(name).yaml")
            used.formUnion(form.questions.map(\.type))
        }
        #expect(used == Set(QuestionType.allCases))
    }

    @Test func renderWritesToAFileWithOutput() async throws {
        try await withTemporaryFolder { folder in
            let output = folder + "/tupe.md"
            let run = await runCanvass([
                "render", "\(repositoryRoot)/Forms/tupe-timing.yaml", "--format", "markdown", "-o", output,
            ])
            #expect(run.status == 0)
            #expect(run.output == "Wrote \(output)\n")
            let written = try String(contentsOfFile: output, encoding: .utf8)
            #expect(written.hasPrefix("# TUPE information in council tenders\n"))
        }
    }

    @Test func aFormWithErrorsIsNotRendered() async {
        await withTemporaryFolder { folder in
            let path = writeFixture("form: x\nversion: \"1\"\n", named: "x.yaml", in: folder)
            let run = await runCanvass(["render", path])
            #expect(run.status == 1)
            #expect(run.output.isEmpty)
            #expect(
                run.errorOutput == """
                    \(path):1:1: error: the form has no 'title'; add the title people will see, e.g. `title: TUPE timing`
                    \(path):1:1: error: the form has no 'sections'; add `sections:` with at least one section of questions
                    error: \(path) has 2 errors; run `canvass lint \(path)` for details

                    """)
        }
    }

    @Test func anUnknownLanguageIsRefused() async {
        let run = await runCanvass(["render", "\(repositoryRoot)/Forms/tupe-timing.yaml", "--language", "fr"])
        #expect(run.status == 1)
        #expect(run.errorOutput == "error: the form is not written in 'fr'; its languages are en\n")
    }

    @Test func demoRunsTheFlowOnTheShippedForms() async throws {
        try await withTemporaryFolder { folder in
            let run = await runCanvass(["demo", "--forms", "\(repositoryRoot)/Forms", "--output", folder])
            #expect(run.status == 0, "\(run.errorOutput)")
            #expect(run.output.contains("  ok  \(repositoryRoot)/Forms/tupe-timing.yaml  tupe-timing 2026.1"))
            #expect(
                run.output.contains(
                    "  24 answers, one per line; the whole dialogue is in \(folder)/fill-transcript.txt"))
            #expect(run.output.contains("error: question 2 (any_tenders): answer yes or no"))
            #expect(run.output.contains("  Outbox \(folder)/Outbox: drafts 0, ready 3, sent 0, rejected 0"))
            let files = try FileManager.default.contentsOfDirectory(atPath: folder)
            #expect(files.contains("written-evidence.answers.yaml"))
            #expect(files.filter { $0.hasSuffix(".txt") }.count == 6)
            // The collector received all three over HTTP; the Outbox holds them in sent/ with receipts.
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/Outbox/ready").isEmpty)
            let sent = try FileManager.default.contentsOfDirectory(atPath: folder + "/Outbox/sent")
            #expect(sent.filter { $0.hasSuffix(".receipt.json") }.count == 3)
            #expect(sent.filter { $0.hasSuffix(".files") }.count == 1, "the written evidence has its attachment")
            #expect(run.output.contains("  Sent 3 (0 already stored), rejected 0, left in ready 0."))
            for (form, count) in [
                ("barriers-to-entry", 1), ("qa-regime", 0), ("tupe-timing", 1), ("written-evidence", 1),
            ] {
                #expect(run.output.contains("  \(form): \(count) stored  →  \(folder)/export-\(form).jsonl"))
                let exported = try String(contentsOfFile: "\(folder)/export-\(form).jsonl", encoding: .utf8)
                #expect(exported.split(separator: "\n").count == count)
            }
            let tenders = try String(contentsOfFile: "\(folder)/export-tupe-timing.tenders.csv", encoding: .utf8)
            #expect(tenders.hasPrefix("response_id,instance,"))
            // Steps 10 and 11: a comparison of the sample responses, then the committee's report, its path last.
            #expect(run.output.contains("== 10. An analyst compares 400 sample responses by organisation size"))
            #expect(run.output.contains("welch t("))
            #expect(run.output.contains("chi square: p = "))
            #expect(run.output.contains("* counts under 10, and others they could be worked out from, are suppressed"))
            #expect(run.output.contains("== 11. The committee's report"))
            let report = URL(fileURLWithPath: folder + "/report.html").standardizedFileURL.path
            #expect(run.output.hasSuffix("  Open it in a browser: file://\(report)\n"))
            let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
            #expect(html.contains("<h2 id=\"findings\">Findings</h2>"))
        }
    }
}
