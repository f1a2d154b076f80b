import CanvassCommands
import CanvassTesting
import Foundation
import Testing

@Suite struct LintCommandTests {
    @Test func shippedFormsLintCleanWithWarningsAsErrors() async {
        let run = await runCanvass(["lint", "--strict", repositoryRoot + "/Forms"])
        #expect(run.status == 0)
        #expect(run.output == "4 forms checked: no problems.\n")
        #expect(run.errorOutput.isEmpty)
    }

    @Test func mistakesArePrintedWithLocationAndCaretAndExitOne() async {
        await withTemporaryFolder { folder in
            let path = writeFixture(
                """
                form: broken
                version: "1"
                title: Broken
                sections:
                  - id: main
                    questions:
                      - id: q1
                        type: select1
                        label: Pick one
                """, named: "broken.yaml", in: folder)
            let run = await runCanvass(["lint", path])
            #expect(run.status == 1)
            #expect(
                run.output == """
                    \(path):8:15: error: unknown question type 'select1'; did you mean 'select_one'?
                                type: select1
                                      ^
                    1 form checked: 1 error, 0 warnings.

                    """)
        }
    }

    @Test func warningsPassUnlessStrict() async {
        await withTemporaryFolder { folder in
            let path = writeFixture(
                """
                form: warned
                version: "1"
                title: Warned
                sections:
                  - id: main
                    questions:
                      - id: days
                        type: integer
                        label: Days
                        constraint: ". >= 0"
                """, named: "warned.yaml", in: folder)
            let lenient = await runCanvass(["lint", path])
            #expect(lenient.status == 0)
            #expect(lenient.output.hasSuffix("1 form checked: 0 errors, 1 warning.\n"))
            let strict = await runCanvass(["lint", "--strict", path])
            #expect(strict.status == 1)
        }
    }

    @Test func jsonOutputListsFormsAndDiagnosticsForScripts() async throws {
        try await withTemporaryFolder { folder in
            let path = writeFixture(
                "form: x\nversion: \"1\"\ntitle: X\nsections: []\n", named: "empty.yaml", in: folder)
            let run = await runCanvass(["lint", "--format", "json", path])
            #expect(run.status == 1)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
            let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
            #expect(diagnostics.count == 1)
            #expect(diagnostics.first?["line"] as? Int == 4)
            #expect(diagnostics.first?["column"] as? Int == 11)
            #expect(diagnostics.first?["severity"] as? String == "error")
            #expect(
                diagnostics.first?["message"] as? String
                    == "'sections' is empty; add at least one section with questions")
            let forms = try #require(object["forms"] as? [[String: Any]])
            #expect(forms.first?["errors"] as? Int == 1)
        }
    }

    @Test func aMissingFileIsReportedBesideTheOthers() async {
        let run = await runCanvass(["lint", "/nonexistent/form.yaml", repositoryRoot + "/Forms/tupe-timing.yaml"])
        #expect(run.status == 1)
        #expect(run.output == "/nonexistent/form.yaml: error: no such file\n2 forms checked: 1 error, 0 warnings.\n")
    }
}
