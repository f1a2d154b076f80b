import CanvassCommands
import CanvassForms
import CanvassOutbox
import CanvassResponses
import CanvassTesting
import Foundation
import Synchronization
import Testing

/// `canvass send` against a fault-injecting `TestServer`: what was posted, where each response ends up, and what the
/// user reads, when the collector stores it, perhaps after failures that are worth retrying. Retries use
/// `--retry-delay 10`, so a test waits only where the server says `Retry-After`.
@Suite struct SendCommandTests {
    @Test func aStoredResponseMovesToSentWithAReceiptOfTheBytesPosted() async throws {
        try await SendFixture.withReadyOutbox(count: 1) { outbox, responses in
            let collector = FlakyCollector()
            try await TestServer.serving(handler: collector.handler) { server in
                let run = await SendFixture.send(outbox, to: server)
                let id = responses[0].id
                #expect(run.status == 0, "\(run.errorOutput)")
                #expect(run.errorOutput == "")
                #expect(
                    run.output == """
                        Sending 1 response from \(outbox.folder(.ready)).
                        sent \(id)
                        Sent 1 (0 already stored), rejected 0, left in ready 0.

                        """)

                let request = try #require(server.requests.first)
                #expect(server.requests.count == 1)
                #expect(request.method == "POST")
                #expect(request.path == "/forms/tupe-timing/responses")
                #expect(request.idempotencyKey == id)
                #expect(request.header("Authorization") == "Bearer \(SendFixture.token)")
                #expect(request.header("Content-Type") == "application/json")
                #expect(request.body == Data(responses[0].canonicalText.utf8))

                #expect(outbox.ids(in: .ready).isEmpty)
                #expect(outbox.ids(in: .sent) == [id])
                #expect(try outbox.response(id, in: .sent) == responses[0])
                let receipt = try SendFixture.note(outbox, id, "receipt", in: .sent)
                #expect(receipt["status"] == .number(201))
                #expect(receipt["sha256"] == .string(DurableFile.sha256(of: request.body)))
                #expect(receipt["body"] == (try JSONValue(parsing: try #require(collector.receipt(forKey: id)))))
                #expect(SendFixture.isTimestamp(receipt["receivedAt"]))
                #expect(receipt.keys.sorted() == ["body", "receivedAt", "sha256", "status"])
            }
        }
    }

    @Test func aResponseWithAnAttachmentIsPostedAsMultipartAndItsFilesMoveToSent() async throws {
        let pdf = Data("%PDF-1.4\n".utf8) + Data((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try await SendFixture.withReadyOutbox(count: 1, attachment: pdf) { outbox, responses in
            let collector = FlakyCollector()
            try await TestServer.serving(handler: collector.handler) { server in
                let run = await SendFixture.send(outbox, to: server)
                let id = responses[0].id
                #expect(run.status == 0, "\(run.errorOutput)")
                #expect(run.output.hasSuffix("sent \(id)\nSent 1 (0 already stored), rejected 0, left in ready 0.\n"))

                let request = try #require(server.requests.first)
                #expect(request.path == "/forms/written-evidence/responses")
                #expect(request.header("Content-Type")?.hasPrefix("multipart/form-data; boundary=") == true)
                let parts = try #require(request.multipartParts())
                #expect(parts.map(\.name) == ["response", "attachment"])
                #expect(parts[0].contentType == "application/json")
                #expect(parts[0].body == Data(responses[0].canonicalText.utf8))
                #expect(parts[1].fileName == "evidence.pdf")
                #expect(parts[1].contentType == "application/pdf")
                #expect(parts[1].body == pdf, "the attachment is posted byte for byte")

                #expect(outbox.ids(in: .sent) == [id])
                let moved = outbox.attachmentsFolder(of: id, in: .sent) + "/evidence.pdf"
                #expect(FileManager.default.contents(atPath: moved) == pdf)
                #expect(!FileManager.default.fileExists(atPath: outbox.attachmentsFolder(of: id, in: .ready)))
                // The receipt's hash is of the response part: a multipart body's boundary changes with each attempt.
                let receipt = try SendFixture.note(outbox, id, "receipt", in: .sent)
                #expect(receipt["sha256"] == .string(DurableFile.sha256(of: parts[0].body)))
            }
        }
    }

    @Test func aResponseTheCollectorAlreadyHasMovesToSentToo() async throws {
        try await SendFixture.withReadyOutbox(count: 1) { outbox, responses in
            let id = responses[0].id
            let first = #"{"id":"\#(id)","receivedAt":"2026-11-28T09:00:00Z","sha256":"abc"}"#
            try await TestServer.serving(always: .json(200, first)) { server in
                let run = await SendFixture.send(outbox, to: server)
                #expect(run.status == 0, "\(run.errorOutput)")
                #expect(
                    run.output == """
                        Sending 1 response from \(outbox.folder(.ready)).
                        sent \(id) (the collector already had it)
                        Sent 1 (1 already stored), rejected 0, left in ready 0.

                        """)
                #expect(outbox.ids(in: .sent) == [id])
                let receipt = try SendFixture.note(outbox, id, "receipt", in: .sent)
                #expect(receipt["status"] == .number(200))
                #expect(receipt["body"] == (try JSONValue(parsing: first)))
            }
        }
    }

    /// A timeout after the body was sent is ambiguous: the collector stored it but its answer never came. The retry
    /// is answered 200 with the first receipt, and the response is stored once.
    @Test func aLostAnswerIsRetriedAndStoredOnce() async throws {
        try await SendFixture.withReadyOutbox(count: 1) { outbox, responses in
            let collector = FlakyCollector()
            let attempts = Mutex(0)
            let handler: TestServer.Handler = { head in
                guard
                    attempts.withLock({ count -> Int in
                        count += 1
                        return count
                    }) == 1
                else { return collector.handler(head) }
                // Stored, then the answer is held back until the sender has given up on it.
                guard case .reply(let store) = collector.handler(head) else { return .reset }
                return .reply { request in
                    var reply = store(request)
                    Thread.sleep(forTimeInterval: 2)
                    reply.headers.append(("Connection", "close"))
                    return reply
                }
            }
            try await TestServer.serving(handler: handler) { server in
                let run = await SendFixture.send(outbox, to: server, "--timeout", "1")
                let id = responses[0].id
                #expect(run.status == 0, "\(run.errorOutput)")
                #expect(run.output.contains("\nsent \(id) (the collector already had it)\n"))
                #expect(server.submissions(withKey: id) == 2)
                #expect(collector.stored.count == 1)
                #expect(outbox.ids(in: .sent) == [id])
                let receipt = try SendFixture.note(outbox, id, "receipt", in: .sent)
                #expect(receipt["status"] == .number(200))
                #expect(receipt["body"] == (try JSONValue(parsing: try #require(collector.receipt(forKey: id)))))
            }
        }
    }

    @Test(arguments: [503, 429])
    func retryAfterIsHonouredAndTheResponseIsThenSent(status: Int) async throws {
        try await SendFixture.withReadyOutbox(count: 1) { outbox, responses in
            let failure: TestServer.Behaviour =
                status == 503 ? .serviceUnavailable(retryAfter: 1) : .tooManyRequests(retryAfter: 1)
            let collector = FlakyCollector(failures: 1, failure: failure)
            let arrivals = Mutex<[ContinuousClock.Instant]>([])
            let handler: TestServer.Handler = { head in
                arrivals.withLock { $0.append(.now) }
                return collector.handler(head)
            }
            try await TestServer.serving(handler: handler) { server in
                let run = await SendFixture.send(outbox, to: server)
                let id = responses[0].id
                #expect(run.status == 0, "\(run.errorOutput)")
                #expect(
                    run.output == """
                        Sending 1 response from \(outbox.folder(.ready)).
                        sent \(id)
                        Sent 1 (0 already stored), rejected 0, left in ready 0.

                        """)
                let times = arrivals.withLock { $0 }
                try #require(times.count == 2)
                // --retry-delay 10 alone would retry within 10 ms.
                #expect(times[1] - times[0] >= .milliseconds(950), "Retry-After: 1 was waited for")
                #expect(outbox.ids(in: .sent) == [id])
            }
        }
    }

    @Test func aRetryAfterLongerThanTwoMinutesLeavesTheResponseForTheNextRun() async throws {
        try await SendFixture.withReadyOutbox(count: 1) { outbox, responses in
            try await TestServer.serving(always: .serviceUnavailable(retryAfter: 3600)) { server in
                let run = await SendFixture.send(outbox, to: server)
                let id = responses[0].id
                #expect(run.status == 2)
                #expect(
                    run.output == """
                        Sending 1 response from \(outbox.folder(.ready)).
                        not sent \(id): the collector asked to wait 3600 s before trying again (503); it stays in ready/
                        Sent 0 (0 already stored), rejected 0, left in ready 1.

                        """)
                #expect(server.submissions(withKey: id) == 1)
                #expect(outbox.ids(in: .ready) == [id])
            }
        }
    }

    enum Fault: String, CaseIterable, Sendable {
        case reset, stallMidBody, stallBeforeAnswer

        var behaviour: TestServer.Behaviour {
            switch self {
            case .reset: .reset
            case .stallMidBody: .stallMidBody(afterBytes: 16, seconds: 30)
            case .stallBeforeAnswer: .stallBeforeAnswer(seconds: 30)
            }
        }
    }

    @Test(arguments: Fault.allCases)
    func aBrokenConnectionIsRetried(fault: Fault) async throws {
        try await SendFixture.withReadyOutbox(count: 1) { outbox, responses in
            let collector = FlakyCollector(failures: 1, failure: fault.behaviour)
            try await TestServer.serving(handler: collector.handler) { server in
                let run = await SendFixture.send(outbox, to: server, "--timeout", "1")
                let id = responses[0].id
                #expect(run.status == 0, "\(run.errorOutput)")
                #expect(run.output.hasSuffix("sent \(id)\nSent 1 (0 already stored), rejected 0, left in ready 0.\n"))
                #expect(server.submissions(withKey: id) == 2)
                #expect(server.requests.first?.isComplete == (fault != .stallMidBody))
                #expect(collector.stored[id] == Data(responses[0].canonicalText.utf8))
                #expect(outbox.ids(in: .sent) == [id])
            }
        }
    }

    @Test func fiftyResponsesThroughAFlakyCollectorAreEachStoredExactlyOnce() async throws {
        try await SendFixture.withReadyOutbox(count: 50) { outbox, responses in
            let collector = FlakyCollector(failures: 2)
            try await TestServer.serving(handler: collector.handler) { server in
                let run = await SendFixture.send(outbox, to: server, "--concurrency", "8")
                #expect(run.status == 0, "\(run.errorOutput)")
                let lines = run.output.split(separator: "\n").map(String.init)
                #expect(lines.first == "Sending 50 responses from \(outbox.folder(.ready)).")
                #expect(lines.dropFirst().dropLast().sorted() == responses.map { "sent \($0.id)" })
                #expect(lines.last == "Sent 50 (0 already stored), rejected 0, left in ready 0.")

                let ids = responses.map(\.id)
                #expect(outbox.ids(in: .ready).isEmpty)
                #expect(outbox.ids(in: .sent) == ids)
                #expect(collector.attempts == Dictionary(uniqueKeysWithValues: ids.map { ($0, 3) }))
                #expect(server.submissionCounts == collector.attempts)
                let stored = collector.stored
                for response in responses {
                    #expect(stored[response.id] == Data(response.canonicalText.utf8))
                    let receipt = try SendFixture.note(outbox, response.id, "receipt", in: .sent)
                    #expect(receipt["status"] == .number(201))
                }
            }
        }
    }

    /// The token can stay out of shell history. The variable is set for a child process only: `setenv` here would
    /// reach every test running at the same time.
    @Test func theTokenMayComeFromTheEnvironment() async throws {
        let canvass = repositoryRoot + "/.build/debug/canvass"
        try #require(
            FileManager.default.isExecutableFile(atPath: canvass),
            "this test runs the real executable: build it with `swift build` (looked for \(canvass))")
        try await SendFixture.withReadyOutbox(count: 1) { outbox, responses in
            try await TestServer.serving(handler: FlakyCollector().handler) { server in
                let output = outbox.root + "/../output.txt"
                let arguments = ["send", "--outbox", outbox.root, "--to", server.url.absoluteString]

                let without = try ChildProcess.start(
                    "/usr/bin/env", arguments: ["-u", "CANVASS_TOKEN", canvass] + arguments, outputPath: output)
                #expect(without.wait() == .exited(1))
                #expect(
                    SendFixture.contents(output)
                        == "error: give the submitter token with --token or the CANVASS_TOKEN environment variable\n")
                #expect(server.requests.isEmpty)

                let withToken = try ChildProcess.start(
                    "/usr/bin/env", arguments: ["CANVASS_TOKEN=from-the-environment", canvass] + arguments,
                    outputPath: output)
                #expect(withToken.wait() == .exited(0), "\(SendFixture.contents(output))")
                #expect(server.requests.map { $0.header("Authorization") } == ["Bearer from-the-environment"])
                #expect(
                    SendFixture.contents(output).hasSuffix("Sent 1 (0 already stored), rejected 0, left in ready 0.\n"))
                #expect(!SendFixture.contents(output).contains("from-the-environment"))
                #expect(outbox.ids(in: .sent) == [responses[0].id])
            }
        }
    }

    @Test func withoutToEachResponseGoesToItsFormsSubmissionURL() async throws {
        try await SendFixture.withReadyOutbox(count: 0) { outbox, _ in
            let quick = Response(
                form: "quick-check", formVersion: "1", id: "r-001", createdAt: "2026-11-28T10:00:00Z",
                completedAt: "2026-11-28T10:02:00Z", answers: ["note": .string("Smaller lots, please.")])
            let other = SendFixture.response(2)
            try outbox.finalize(quick)
            try outbox.finalize(other)
            try await TestServer.serving(handler: FlakyCollector().handler) { server in
                let forms = outbox.root + "/../Forms"
                try FileManager.default.createDirectory(atPath: forms, withIntermediateDirectories: true)
                writeFixture(
                    SendFixture.quickCheckForm(submissionURL: server.url("/canvass")), named: "quick.yaml", in: forms)
                let run = await runCanvass([
                    "send", "--outbox", outbox.root, "--forms", forms, "--token", SendFixture.token, "--concurrency",
                    "1",
                ])
                #expect(run.status == 2)
                #expect(
                    run.output == """
                        Sending 2 responses from \(outbox.folder(.ready)).
                        sent r-001
                        not sent \(other.id): no collector address for the form tupe-timing; give one with --to; it \
                        stays in ready/
                        Sent 1 (0 already stored), rejected 0, left in ready 1.

                        """)
                #expect(server.requests.map(\.path) == ["/canvass/forms/quick-check/responses"])
                #expect(outbox.ids(in: .sent) == ["r-001"])
                #expect(outbox.ids(in: .ready) == [other.id])

                let noForms = await runCanvass([
                    "send", "--outbox", outbox.root, "--forms", outbox.root, "--token", SendFixture.token,
                ])
                #expect(noForms.status == 1)
                #expect(
                    noForms.errorOutput
                        == "error: give the collector's address with --to (no form in \(outbox.root) has "
                        + "settings.submission_url)\n")
            }
        }
    }
}

/// Outboxes, runs and files shared by the `canvass send` tests.
enum SendFixture {
    static let token = "tok-5a1d9c"

    /// Runs `canvass send` against `server` with the test token and short retry waits.
    static func send(_ outbox: Outbox, to server: TestServer, _ extra: String...) async -> CommandRun {
        await runCanvass(
            ["send", "--outbox", outbox.root, "--to", server.url.absoluteString, "--token", token]
                + ["--retry-delay", "10"] + extra)
    }

    /// An Outbox with `count` ready responses to tupe-timing, or to written-evidence with `attachment` attached.
    static func withReadyOutbox(
        count: Int, attachment: Data? = nil, _ body: (Outbox, [Response]) async throws -> Void
    ) async throws {
        try await withTemporaryFolder { folder in
            let outbox = Outbox(root: folder + "/Outbox")
            try outbox.prepare()
            var responses: [Response] = []
            for index in 0..<count {
                var response = Self.response(index + 1)
                var files: [String: String] = [:]
                if let attachment {
                    let path = folder + "/evidence.pdf"
                    #expect(FileManager.default.createFile(atPath: path, contents: attachment))
                    response.form = "written-evidence"
                    response.answers = ["submission_file": .string("evidence.pdf")]
                    response.attachments = [
                        Attachment(
                            question: "submission_file", name: "evidence.pdf", bytes: attachment.count,
                            sha256: DurableFile.sha256(of: attachment), mediaType: "application/pdf")
                    ]
                    files["evidence.pdf"] = path
                }
                try outbox.finalize(response, files: files)
                responses.append(response)
            }
            try await body(outbox, responses)
        }
    }

    static func response(_ index: Int) -> Response {
        Response(
            form: "tupe-timing", formVersion: "2026.1", id: "r-" + String(1000 + index).dropFirst(),
            createdAt: "2026-11-28T10:00:00Z", completedAt: "2026-11-28T10:05:00Z",
            answers: ["org_size": .string("small"), "any_tenders": .bool(index.isMultiple(of: 2))])
    }

    static func quickCheckForm(submissionURL: URL) -> String {
        """
        form: quick-check
        version: "1"
        title: Quick check
        settings:
          submission_url: \(submissionURL.absoluteString)
        sections:
          - id: main
            title: Main
            questions:
              - id: note
                type: text
                label: Anything to add?
        """
    }

    /// The receipt or error file beside a sent or rejected response.
    static func note(_ outbox: Outbox, _ id: String, _ suffix: String, in state: Outbox.State) throws -> [String:
        JSONValue]
    {
        let path = outbox.folder(state) + "/\(id).\(suffix).json"
        let data = try #require(FileManager.default.contents(atPath: path), "\(path) exists")
        return try #require(try JSONValue(parsing: data).object)
    }

    static func isTimestamp(_ value: JSONValue?) -> Bool {
        guard let text = value?.string else { return false }
        return ISO8601DateFormatter().date(from: text) != nil
    }

    static func contents(_ path: String) -> String {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
