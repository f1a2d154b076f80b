import CanvassTesting
import CanvassTransport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `canvass demo --serve` (what `make serve` runs): after the demo, its collector keeps running and prints a link to
/// each form's web questionnaire, which opens the page a provider answers; Ctrl-C stops it cleanly.
@Suite("canvass demo --serve")
struct DemoServeTests {
    @Test("The demo's collector keeps running with a working questionnaire link per form; SIGINT stops it")
    func serve() async throws {
        try await withTemporaryFolder { folder in
            let log = folder + "/demo.log"
            let child = try ChildProcess.start(
                CollectorProcess.executable,
                arguments: [
                    "demo", "--serve", "--port", "0", "--forms", repositoryRoot + "/Forms", "--output",
                    folder + "/demo",
                ], outputPath: log)
            var output = ""
            let deadline = ContinuousClock.now + .seconds(240)  // the whole demo runs first (a hang guard only)
            while !output.contains("Press Ctrl-C to stop the collector.") && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            }
            defer {
                child.kill()
                _ = child.wait()
            }
            try #require(output.contains("Press Ctrl-C to stop the collector."), "\(output.suffix(2000))")
            #expect(output.contains("== 12. The collector keeps running: answer a questionnaire in a browser"))
            let links = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0.hasPrefix("http://127.0.0.1:") && $0.contains("/fill?token=canvass_") }
            #expect(links.count == 4)
            let link = try #require(links.first { $0.contains("/forms/tupe-timing/fill?") })

            // The link sets the provider's cookie and leads to the questionnaire, ready to post to this collector.
            let client = HTTPClient()
            defer { client.shutdown() }
            let opened = try await client.perform(HTTPRequest(url: try #require(URL(string: link))))
            #expect(opened.status == 303)
            let cookie = try #require(opened.header("set-cookie")?.split(separator: ";").first.map(String.init))
            let address = try #require(URL(string: String(link.prefix { $0 != "?" })))
            let page = try await client.perform(HTTPRequest(url: address, headers: [("Cookie", cookie)]))
            #expect(page.status == 200)
            let html = String(decoding: page.body, as: UTF8.self)
            #expect(html.contains("<form id=\"canvass-form\" method=\"post\" action=\"/forms/tupe-timing/fill\""))
            #expect(html.contains("Send my answers"))

            // Ctrl-C: the collector finishes and says where the answers are.
            kill(child.pid, SIGINT)
            let stopBy = ContinuousClock.now + .seconds(60)
            while !output.contains("The collector stopped") && ContinuousClock.now < stopBy {
                try await Task.sleep(for: .milliseconds(50))
                output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            }
            #expect(output.contains("The collector stopped; every answer it acknowledged is stored in"))
        }
    }
}
