import CanvassCommands
import CanvassOutbox
import CanvassResponses
import CanvassTesting
import Foundation
import Testing

/// Proxies come from the environment, as curl itself reads them (`http_proxy`, `https_proxy`, `no_proxy`).
@Suite struct SendProxyTests {
    @Test func aProxyFromTheEnvironmentCarriesTheSubmission() async throws {
        let binary = repositoryRoot + "/.build/debug/canvass"
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build canvass first (make build)")
        try await withTemporaryFolder { folder in
            let outbox = Outbox(root: folder + "/Outbox")
            try outbox.prepare()
            let response = Response(form: "tupe-timing", formVersion: "2026.1", completedAt: Response.timestamp())
            try DurableFile.write(Data(response.canonicalText.utf8), to: outbox.path(of: response.id, in: .ready))
            // The test server plays the proxy: the collector's address does not exist, so only a proxy can answer.
            try await TestServer.serving(always: .respond(TestServer.Reply(status: 201))) { proxy in
                let child = try ChildProcess.start(
                    binary,
                    arguments: [
                        "send", "--outbox", outbox.root, "--to", "http://collector.invalid", "--token", "t",
                        "--max-attempts", "1",
                    ],
                    extraEnvironment: ["http_proxy": "http://127.0.0.1:\(proxy.port)", "no_proxy": ""])
                #expect(child.wait() == .exited(0))
                #expect(proxy.requests.map(\.path) == ["http://collector.invalid/forms/tupe-timing/responses"])
                #expect(outbox.ids(in: .sent) == [response.id])
            }
        }
    }
}
