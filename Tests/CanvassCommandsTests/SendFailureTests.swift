import CanvassCommands
import CanvassForms
import CanvassOutbox
import CanvassResponses
import CanvassTesting
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `canvass send` when the collector refuses, for one response or for all, or cannot be reached, or another sender
/// is at work: what stays where, the exit status, and the message the user reads.
@Suite struct SendFailureTests {
    @Test(arguments: [409, 400, 413])
    func aPermanentRefusalMovesTheResponseToRejectedWithTheReason(status: Int) async throws {
        let problems = [(question: "org_size", message: "choose one of the options")]
        let behaviour: TestServer.Behaviour =
            switch status {
            case 409: .conflict
            case 400: .badRequest(problems)
            default: .payloadTooLarge
            }
        let reasons = [
            409: #"{"error":"a different response with this id is already stored"}"#,
            400: #"[{"message":"choose one of the options","question":"org_size"}]"#,
            413: #"{"error":"the response is larger than the collector accepts"}"#,
        ]
        try await SendFixture.withReadyOutbox(count: 1) { outbox, responses in
            try await TestServer.serving(always: behaviour) { server in
                let run = await SendFixture.send(outbox, to: server)
                let id = responses[0].id
                #expect(run.status == 1)
                #expect(
                    run.output == """
                        Sending 1 response from \(outbox.folder(.ready)).
                        rejected \(id) (\(status)); the reason is in rejected/\(id).error.json
                        Sent 0 (0 already stored), rejected 1, left in ready 0.

                        """)
                #expect(
                    run.errorOutput == "error: 1 response was refused; the reasons are in \(outbox.folder(.rejected))\n"
                )
                #expect(server.submissions(withKey: id) == 1, "a refusal is never retried")
                #expect(outbox.ids(in: .ready).isEmpty)
                #expect(outbox.ids(in: .rejected) == [id])
                #expect(try outbox.response(id, in: .rejected) == responses[0])
                let reason = try SendFixture.note(outbox, id, "error", in: .rejected)
                #expect(reason["status"] == .number(Double(status)))
                #expect(reason["body"] == (try JSONValue(parsing: try #require(reasons[status]))))
                #expect(SendFixture.isTimestamp(reason["rejectedAt"]))
            }
        }
    }

    @Test(arguments: [401, 403, 404])
    func aRefusedTokenOrAnUnknownFormStopsTheRunAndLeavesEverythingReady(status: Int) async throws {
        try await SendFixture.withReadyOutbox(count: 3) { outbox, responses in
            try await TestServer.serving(always: .json(status, #"{"error":"no"}"#)) { server in
                let run = await SendFixture.send(outbox, to: server)
                let messages = [
                    401: "the collector refused the token (401); check --token or CANVASS_TOKEN",
                    403: "the token is not allowed to submit the form tupe-timing (403); ask the council for a token "
                        + "for it",
                    404: "the collector at \(server.url.absoluteString) does not know the form tupe-timing (404); "
                        + "check --to",
                ]
                #expect(run.status == 1)
                #expect(run.output == "Sending 3 responses from \(outbox.folder(.ready)).\n")
                #expect(run.errorOutput == "error: \(messages[status] ?? "")\n")
                #expect(!run.errorOutput.contains(SendFixture.token))
                #expect(outbox.ids(in: .ready) == responses.map(\.id))
                #expect(outbox.ids(in: .sent).isEmpty && outbox.ids(in: .rejected).isEmpty)
                #expect(server.submissionCounts.values.allSatisfy { $0 == 1 }, "nothing is retried")
            }
        }
    }

    @Test func whatIsStillFailingAfterTheLastAttemptStaysInReady() async throws {
        try await SendFixture.withReadyOutbox(count: 1) { outbox, responses in
            try await TestServer.serving(always: .json(503, #"{"error":"storage unavailable"}"#)) { server in
                let run = await SendFixture.send(outbox, to: server, "--max-attempts", "3")
                let id = responses[0].id
                #expect(run.status == 2)
                #expect(
                    run.output == """
                        Sending 1 response from \(outbox.folder(.ready)).
                        not sent \(id): the collector answered 503; it stays in ready/
                        Sent 0 (0 already stored), rejected 0, left in ready 1.

                        """)
                #expect(
                    run.errorOutput
                        == "error: 1 response is still waiting in \(outbox.folder(.ready)); run canvass send again later\n"
                )
                #expect(server.submissions(withKey: id) == 3)
                #expect(outbox.ids(in: .ready) == [id])
                #expect(!FileManager.default.fileExists(atPath: outbox.folder(.sent) + "/\(id).receipt.json"))
            }
        }
    }

    @Test func aRefusedConnectionLeavesEverythingInReady() async throws {
        try await SendFixture.withReadyOutbox(count: 2) { outbox, responses in
            let port = try UnusedPort()
            defer { port.close() }
            let run = await runCanvass([
                "send", "--outbox", outbox.root, "--to", "http://127.0.0.1:\(port.number)", "--token",
                SendFixture.token,
                "--retry-delay", "10", "--max-attempts", "2", "--concurrency", "1",
            ])
            #expect(run.status == 2)
            #expect(
                run.output == """
                    Sending 2 responses from \(outbox.folder(.ready)).
                    not sent \(responses[0].id): could not connect to 127.0.0.1: connection refused; it stays in ready/
                    not sent \(responses[1].id): could not connect to 127.0.0.1: connection refused; it stays in ready/
                    Sent 0 (0 already stored), rejected 0, left in ready 2.

                    """)
            #expect(
                run.errorOutput
                    == "error: 2 responses are still waiting in \(outbox.folder(.ready)); run canvass send again later\n"
            )
            #expect(outbox.ids(in: .ready) == responses.map(\.id))
        }
    }

    @Test func aSecondSenderIsTurnedAwayWhileTheFirstHoldsTheLock() async throws {
        try await SendFixture.withReadyOutbox(count: 1) { outbox, responses in
            try await TestServer.serving(handler: FlakyCollector().handler) { server in
                let descriptor = open(outbox.root + "/.send.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
                try #require(descriptor >= 0 && flock(descriptor, LOCK_EX | LOCK_NB) == 0)
                let turnedAway = await SendFixture.send(outbox, to: server)
                close(descriptor)

                #expect(turnedAway.status == 2)
                #expect(turnedAway.output == "")
                #expect(
                    turnedAway.errorOutput
                        == "error: another canvass send is already sending \(outbox.root); wait for it to finish\n")
                #expect(server.requests.isEmpty)
                #expect(outbox.ids(in: .ready) == [responses[0].id])

                let later = await SendFixture.send(outbox, to: server)
                #expect(later.status == 0, "once the lock is released: \(later.errorOutput)")
                #expect(outbox.ids(in: .sent) == [responses[0].id])
            }
        }
    }

    @Test func anEmptyOutboxHasNothingToSend() async throws {
        try await SendFixture.withReadyOutbox(count: 0) { outbox, _ in
            try await TestServer.serving(always: .status(500)) { server in
                let run = await SendFixture.send(outbox, to: server)
                #expect(run.status == 0)
                #expect(run.output == "Nothing to send: \(outbox.folder(.ready)) is empty.\n")
                #expect(server.requests.isEmpty)
            }
        }
    }
}

/// A port on 127.0.0.1 that is bound but not listening, so connecting to it is refused.
private struct UnusedPort {
    let descriptor: Int32
    let number: Int

    init() throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let descriptor = descriptor
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        try #require(descriptor >= 0 && bound)
        number = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = systemClose(descriptor) }
}

#if canImport(Glibc)
    private let systemClose = Glibc.close
#else
    private let systemClose = Darwin.close
#endif

@Suite struct SendUnexpectedStatusTests {
    @Test(arguments: [(301, "redirected the request (301)"), (202, "answered 202, which is not a receipt")])
    func statusesThatAreNotRefusalsStopWithoutRejecting(_ status: Int, _ words: String) async throws {
        try await withTemporaryFolder { folder in
            let outbox = Outbox(root: folder + "/Outbox")
            try outbox.prepare()
            let response = Response(form: "tupe-timing", formVersion: "2026.1", completedAt: Response.timestamp())
            try DurableFile.write(Data(response.canonicalText.utf8), to: outbox.path(of: response.id, in: .ready))
            let reply = TestServer.Reply(status: status, headers: [("Location", "https://elsewhere.example/")])
            try await TestServer.serving(always: .respond(reply)) { server in
                let run = await runCanvass([
                    "send", "--outbox", outbox.root, "--to", server.url("").absoluteString, "--token", "t",
                    "--retry-delay", "1",
                ])
                #expect(run.status == 1)
                #expect(run.errorOutput.contains(words))
                #expect(outbox.ids(in: .ready) == [response.id], "the response stays ready; nothing is rejected")
                #expect(outbox.ids(in: .rejected).isEmpty)
            }
        }
    }
}
