import ArgumentParser
import CanvassCollector
import CanvassForms
import CanvassQuestionnaires
import Foundation
import Logging

/// `canvass demo`: the whole flow on the shipped forms, as far as Canvass goes today.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the Canvass flow end to end on the shipped forms.",
        discussion: """
            Lints every form and renders it for providers; then three providers answer (one in the terminal, two \
            with answer templates, one with an attachment), a file with mistakes is refused, and the Outbox is \
            listed; then a collector on a local data folder receives the responses over HTTP and they are \
            exported; an analyst compares sample responses and writes the committee's report. Everything is \
            written under --output, starting afresh each time. With --serve, the collector then keeps running and \
            prints the address of each form's web questionnaire, to answer in a browser.
            """
    )

    @Option(help: "The folder of forms.")
    var forms = "Forms"

    @Option(help: "Where to write what the demo makes.")
    var output = ".build/demo"

    @Flag(help: "Keep the demo's collector running at the end, to answer its questionnaires in a browser.")
    var serve = false

    @Option(help: "With --serve, the port on 127.0.0.1 to listen on (0: any free port).")
    var port = 8080

    func run() async throws {
        let console = Console.current
        let files = try FormFiles.expand([forms])
        let outbox = (output as NSString).appendingPathComponent("Outbox")
        // Only the demo's own Outbox is cleared, never the rest of --output, so each run lists the same responses.
        try? FileManager.default.removeItem(atPath: outbox)
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure.environment("could not create \(output): \(error.localizedDescription)")
        }

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

        console.line("")
        console.line(
            "== 2. The forms are rendered for providers (canvass render FORM --format text|markdown|template|json|html)"
        )
        for form in loaded {
            let questionnaire = Questionnaire(form: form, formPath: "\(forms)/\(form.id).yaml")
            for (format, suffix) in [
                (QuestionnaireFormat.text, "txt"), (.markdown, "md"), (.template, "answers.yaml"), (.json, "json"),
                (.html, "html"),
            ] {
                try writeFile(questionnaire.render(format), to: path("\(form.id).\(suffix)"))
            }
            console.line("  \(path(form.id)).{txt,md,answers.yaml,json,html}")
        }

        let tupe = "\(forms)/tupe-timing.yaml"
        console.line("")
        console.line("== 3. A provider answers \(tupe) in the terminal (canvass fill, here from a script)")
        let script = path("tupe-timing-answers.txt")
        try writeFile(DemoSamples.tupeTimingLines.joined(separator: "\n") + "\n", to: script)
        console.line("$ canvass fill \(tupe) --outbox \(outbox) < \(script)")
        let filled = await Canvass.capture(
            arguments: ["fill", tupe, "--outbox", outbox], input: DemoSamples.tupeTimingLines)
        let transcript = path("fill-transcript.txt")
        try writeFile(filled.output + filled.errorOutput, to: transcript)
        guard filled.status == 0 else {
            throw CommandFailure.badInput("the scripted fill did not finish; see \(transcript)")
        }
        console.line(
            "  \(DemoSamples.tupeTimingLines.count) answers, one per line; the whole dialogue is in \(transcript)")
        console.line("  " + (filled.output.split(separator: "\n").dropLast().last.map(String.init) ?? ""))

        console.line("")
        console.line("== 4. Two providers fill in answer templates and check them (canvass finalize)")
        try writeFile(DemoSamples.barriersToEntry, to: path("barriers-answers.yaml"))
        try writeFile(DemoSamples.writtenEvidence, to: path("evidence-answers.yaml"))
        try writeFile(DemoSamples.submissionPDF, to: path("submission.pdf"))
        for arguments in [
            ["finalize", "\(forms)/barriers-to-entry.yaml", path("barriers-answers.yaml"), "--outbox", outbox],
            [
                "finalize", "\(forms)/written-evidence.yaml", path("evidence-answers.yaml"), "--outbox", outbox,
                "--attach", "submission_file=\(path("submission.pdf"))",
            ],
        ] {
            console.line("$ canvass " + arguments.joined(separator: " "))
            let run = await Canvass.capture(arguments: arguments)
            console.write(indented(run.output + run.errorOutput))
            guard run.status == 0 else { throw CommandFailure.badInput("a demo answers file was refused; see above") }
        }

        console.line("")
        console.line("== 5. An answers file with mistakes is refused, with each problem located")
        try writeFile(DemoSamples.mistakes, to: path("mistakes.yaml"))
        let refused = await Canvass.capture(arguments: ["finalize", tupe, path("mistakes.yaml"), "--outbox", outbox])
        console.line("$ canvass finalize \(tupe) \(path("mistakes.yaml"))")
        console.write(indented(refused.output + refused.errorOutput))
        guard refused.status == 1 else { throw CommandFailure.badInput("the file with mistakes was not refused") }

        console.line("")
        console.line("== 6. What is waiting to be sent (canvass outbox --outbox \(outbox))")
        let listing = await Canvass.capture(arguments: ["outbox", "--outbox", outbox])
        console.write(indented(listing.output + listing.errorOutput))

        try await collect(loaded, outbox: outbox)
    }

    /// Steps 7–9: a collector on a local data folder, the Outbox sent to it, and the responses exported.
    private func collect(_ loaded: [Form], outbox: String) async throws {
        let console = Console.current
        let data = path("data")
        try? FileManager.default.removeItem(atPath: data)
        console.line("")
        console.line("== 7. The council starts a collector and gives the provider a token")
        let made = await Canvass.capture(
            arguments: ["token", "create", "--data", data, "--role", "submitter", "--org", "Demo Trust"]
                + loaded.flatMap { ["--form", $0.id] })
        guard made.status == 0, let token = made.output.split(separator: "\n").last.map(String.init) else {
            throw CommandFailure.environment("could not make a token: \(made.errorOutput)")
        }
        console.line("$ canvass token create --data \(data) --role submitter --org \"Demo Trust\" --form …")
        console.write(indented(made.output.split(separator: "\n").dropLast().map { "\($0)\n" }.joined()))
        console.line("  canvass_…  (the token itself, shown once)")
        let store: CollectorStore
        do {
            store = try CollectorStore(folder: data)
            try store.saveForms(loaded)
        } catch { throw CommandFailure.environment(error.description) }
        var settings = CollectorConfiguration()
        settings.port = 0
        let collector = Collector(
            forms: loaded, store: store, configuration: settings,
            logger: Logger(label: "canvass.demo") { _ in SwiftLogNoOpLogHandler() })
        let running: RunningCollector
        do { running = try await collector.start() } catch {
            throw CommandFailure.environment("could not start the collector: \(error)")
        }
        let address = "http://127.0.0.1:\(running.port)"
        console.line("$ canvass serve --forms \(forms) --data \(data) --port 0   (in this process: \(address))")

        console.line("")
        console.line("== 8. The provider sends the Outbox (canvass send --to \(address))")
        let sent = await Canvass.capture(
            arguments: ["send", "--outbox", outbox, "--to", address, "--token", token, "--concurrency", "4"])
        console.write(indented(sent.output + sent.errorOutput))
        do { try await running.stop() } catch {
            throw CommandFailure.environment("the collector did not stop cleanly: \(error)")
        }
        try? store.close()
        guard sent.status == 0 else { throw CommandFailure.environment("the demo responses were not all sent") }

        console.line("")
        console.line("== 9. An analyst exports what was stored (canvass export --data \(data) --form FORM)")
        for form in loaded {
            let jsonl = path("export-\(form.id).jsonl")
            let csv = path("export-\(form.id).csv")
            let runs = [
                await Canvass.capture(arguments: ["export", "--data", data, "--form", form.id, "-o", jsonl]),
                await Canvass.capture(
                    arguments: ["export", "--data", data, "--form", form.id, "--format", "csv", "--labels", "-o", csv]),
            ]
            guard runs.allSatisfy({ $0.status == 0 }) else {
                throw CommandFailure.environment("export failed: \(runs.map(\.errorOutput).joined())")
            }
            let count = (try? String(contentsOfFile: jsonl, encoding: .utf8))?.split(separator: "\n").count ?? 0
            let repeats = form.sections.filter { $0.repeatRule != nil }.map {
                "\((csv as NSString).deletingPathExtension).\($0.id).csv"
            }
            console.line("  \(form.id): \(count) stored  →  \(([jsonl, csv] + repeats).joined(separator: ", "))")
        }
        try await compare()
        if serve { try await keepServing(loaded, data: data) }
    }

    /// With --serve: the collector on the demo's data folder again, until Ctrl-C, with a link to each questionnaire.
    private func keepServing(_ loaded: [Form], data: String) async throws {
        let console = Console.current
        let made = await Canvass.capture(
            arguments: ["token", "create", "--data", data, "--role", "submitter", "--org", "Browser Provider"]
                + loaded.flatMap { ["--form", $0.id] })
        let analyst = await Canvass.capture(arguments: ["token", "create", "--data", data, "--role", "analyst"])
        guard made.status == 0, analyst.status == 0,
            let token = made.output.split(separator: "\n").last.map(String.init),
            let reader = analyst.output.split(separator: "\n").last.map(String.init)
        else {
            throw CommandFailure.environment("could not make the tokens: \(made.errorOutput)\(analyst.errorOutput)")
        }
        let lock = try DataFolderLock(folder: data)
        defer { lock.release() }
        let store: CollectorStore
        do { store = try CollectorStore(folder: data) } catch { throw CommandFailure.environment(error.description) }
        var settings = CollectorConfiguration()
        settings.port = port
        let collector = Collector(
            forms: loaded, store: store, configuration: settings,
            logger: Logger(label: "canvass.demo") { _ in SwiftLogNoOpLogHandler() })
        console.line("")
        console.line("== 12. The collector keeps running: answer a questionnaire in a browser (canvass demo --serve)")
        do {
            try await collector.run { port in
                let address = "http://127.0.0.1:\(port)"
                console.line("  Open one of these links (each carries a provider's access key):")
                for form in loaded.sorted(by: { $0.id < $1.id }) {
                    console.line("    \(address)/forms/\(form.id)/fill?token=\(token)")
                }
                console.line("  What was sent, as an analyst sees it:")
                console.line(
                    "    canvass compare \(forms)/tupe-timing.yaml \(address) --token \(reader) --by org_size")
                console.line("    canvass export --data \(data) --form tupe-timing")
                console.line("  Press Ctrl-C to stop the collector.")
            }
        } catch {
            throw CommandFailure.environment(
                "the collector could not run on port \(port) (\(error)); choose another with --port, or 0 for any")
        }
        try? store.close()
        console.line("  The collector stopped; every answer it acknowledged is stored in \(data).")
    }

    /// Step 10: a comparison of 400 sample responses, small organisations against large.
    private func compare() async throws {
        let console = Console.current
        let samples = path("barriers-sample.jsonl")
        try writeFile(DemoSamples.barriersResponses(count: 400), to: samples)
        let compare = [
            "compare", "\(forms)/barriers-to-entry.yaml", samples, "--by", "org_size", "--groups", "micro,large",
            "--questions", "lots_deliverable,bid_staff_days,cash_flow_risk", "--format", "table",
        ]
        let published = [
            "compare", "\(forms)/barriers-to-entry.yaml", samples, "--by", "org_size", "--groups", "micro,large",
            "--questions", "lots_deliverable", "--min-cell", "10", "--format", "table",
        ]
        console.line("")
        console.line("== 10. An analyst compares 400 sample responses by organisation size (canvass compare)")
        for (arguments, why) in [
            (compare, "the smallest organisations against large ones"),
            (published, "for publication: counts under 10 suppressed, with those they could be worked out from"),
        ] {
            console.line("$ canvass " + arguments.joined(separator: " ") + "   # " + why)
            let run = await Canvass.capture(arguments: arguments)
            console.write(indented(run.output.components(separatedBy: "\nMethod\n")[0] + "\n" + run.errorOutput))
            guard run.status == 0 else { throw CommandFailure.badInput("the comparison failed; see above") }
        }
        console.line("  (each report ends with its method notes: bases, intervals, tests and adjustments)")

        console.line("")
        console.line("== 11. The committee's report (canvass report … -o report.html)")
        let report = path("report.html")
        let arguments = [
            "report", "\(forms)/barriers-to-entry.yaml", samples, "--by", "org_size", "--groups",
            "micro,small,medium,large", "--min-cell", "5", "-o", report,
        ]
        console.line("$ canvass " + arguments.joined(separator: " "))
        let written = await Canvass.capture(arguments: arguments)
        console.write(indented(written.output + written.errorOutput))
        guard written.status == 0 else { throw CommandFailure.badInput("the report failed; see above") }
        let absolute = URL(fileURLWithPath: report).standardizedFileURL.path
        console.line("  Open it in a browser: file://\(absolute)")
    }

    private func path(_ name: String) -> String { (output as NSString).appendingPathComponent(name) }

    private func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { "  \($0)\n" }.joined()
    }
}
