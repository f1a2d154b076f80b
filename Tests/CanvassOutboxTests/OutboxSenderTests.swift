import CanvassForms
import CanvassOutbox
import CanvassResponses
import CanvassTesting
import CanvassTransport
import Foundation
import Synchronization
import Testing

/// `OutboxSender` and the Outbox's sending moves, below the command: the outcomes a caller receives, and what a
/// crash in the middle of a move leaves for the next sender.
@Suite struct OutboxSenderTests {
    @Test func sendAllReportsEachResponsesOutcome() async throws {
        try await withTemporaryFolder { folder in
            let outbox = Outbox(root: folder + "/Outbox")
            try outbox.prepare()
            for id in ["a-stored", "b-known", "c-refused", "d-busy"] { try outbox.finalize(Self.response(id)) }
            let handler: TestServer.Handler = { head in
                switch head.idempotencyKey {
                case "a-stored": .json(201, #"{"id":"a-stored"}"#)
                case "b-known": .json(200, #"{"id":"b-known"}"#)
                case "c-refused": .conflict
                default: .json(503, #"{"error":"storage unavailable"}"#)
                }
            }
            try await TestServer.serving(handler: handler) { server in
                let progress = Mutex<[String]>([])
                let outcomes = try await Self.sender(outbox, server).sendAll { id, _ in
                    progress.withLock { $0.append(id) }
                }
                #expect(
                    outcomes == [
                        "a-stored": .sent, "b-known": .alreadyStored, "c-refused": .rejected(status: 409),
                        "d-busy": .deferred(reason: "the collector answered 503"),
                    ])
                #expect(progress.withLock { $0.sorted() } == ["a-stored", "b-known", "c-refused", "d-busy"])
                #expect(outbox.ids(in: .sent) == ["a-stored", "b-known"])
                #expect(outbox.ids(in: .rejected) == ["c-refused"])
                #expect(outbox.ids(in: .ready) == ["d-busy"])
                #expect(server.submissions(withKey: "d-busy") == 2, "tried maxAttempts times")
            }
        }
    }

    @Test func aRetryAfterGivenAsADateIsHonoured() async throws {
        try await withTemporaryFolder { folder in
            let outbox = Outbox(root: folder + "/Outbox")
            try outbox.prepare()
            try outbox.finalize(Self.response("r-1"))
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            let arrivals = Mutex<[ContinuousClock.Instant]>([])
            let handler: TestServer.Handler = { _ in
                let count = arrivals.withLock { times -> Int in
                    times.append(.now)
                    return times.count
                }
                guard count == 1 else { return .json(201, #"{"id":"r-1"}"#) }
                // Two seconds ahead, rounded down to the second by the date format: a wait of one to two seconds.
                let date = formatter.string(from: Date().addingTimeInterval(2))
                return .respond(.json(503, #"{"error":"busy"}"#, headers: [("Retry-After", date)]))
            }
            try await TestServer.serving(handler: handler) { server in
                let outcomes = try await Self.sender(outbox, server).sendAll()
                #expect(outcomes == ["r-1": .sent])
                let times = arrivals.withLock { $0 }
                try #require(times.count == 2)
                #expect(times[1] - times[0] >= .milliseconds(950), "the date was waited for")
            }
        }
    }

    /// `markSent` moves the response, then its attachments: a kill between the two renames leaves the files in
    /// `ready/`. The next sender finishes the move before it sends anything.
    @Test func theNextSenderFinishesAMoveThatACrashInterrupted() async throws {
        try await withTemporaryFolder { folder in
            let outbox = Outbox(root: folder + "/Outbox")
            try outbox.prepare()
            let pdf = Data("%PDF-1.4\ninterrupted\n".utf8)
            let source = writeFixture(String(decoding: pdf, as: UTF8.self), named: "evidence.pdf", in: folder)
            var response = Self.response("r-att")
            response.attachments = [
                Attachment(
                    question: "submission_file", name: "evidence.pdf", bytes: pdf.count,
                    sha256: DurableFile.sha256(of: pdf), mediaType: "application/pdf")
            ]
            try outbox.finalize(response, files: ["evidence.pdf": source])
            try outbox.finalize(Self.response("r-rej"))
            try outbox.finalize(Self.response("r-ready"), files: [:])
            // What the crash left: receipt written and response moved, its folder not yet.
            try DurableFile.write(Data("{}\n".utf8), to: outbox.folder(.sent) + "/r-att.receipt.json")
            try DurableFile.move(outbox.path(of: "r-att", in: .ready), to: outbox.path(of: "r-att", in: .sent))
            // A folder of the same name beside a response still in ready/ is left alone.
            try FileManager.default.createDirectory(
                atPath: outbox.attachmentsFolder(of: "r-ready"), withIntermediateDirectories: true)

            outbox.recover()
            #expect(FileManager.default.fileExists(atPath: outbox.attachmentsFolder(of: "r-att")), "recovery keeps it")
            let ran = try await outbox.asOnlySender { true }

            #expect(ran)
            #expect(!FileManager.default.fileExists(atPath: outbox.attachmentsFolder(of: "r-att", in: .ready)))
            let moved = outbox.attachmentsFolder(of: "r-att", in: .sent) + "/evidence.pdf"
            #expect(FileManager.default.contents(atPath: moved) == pdf)
            #expect(FileManager.default.fileExists(atPath: outbox.attachmentsFolder(of: "r-ready", in: .ready)))
            #expect(outbox.ids(in: .ready) == ["r-ready", "r-rej"])
        }
    }

    @Test func markingAResponseThatIsNotReadyFailsAndChangesNothing() async throws {
        try await withTemporaryFolder { folder in
            let outbox = Outbox(root: folder + "/Outbox")
            try outbox.prepare()
            #expect {
                try outbox.markSent("r-missing", receipt: .object([:]))
            } throws: { error in
                (error as? OutboxError)?.message == "there is no response r-missing in \(outbox.folder(.ready))"
            }
            #expect((try? FileManager.default.contentsOfDirectory(atPath: outbox.folder(.sent))) == [])
        }
    }

    static func sender(_ outbox: Outbox, _ server: TestServer) -> OutboxSender {
        let url = server.url
        var options = OutboxSender.Options(collector: { _ in url }, token: "t")
        options.maxAttempts = 2
        options.baseDelay = .milliseconds(10)
        return OutboxSender(outbox: outbox, client: HTTPClient(), options: options)
    }

    static func response(_ id: String) -> Response {
        Response(
            form: "tupe-timing", formVersion: "2026.1", id: id, createdAt: "2026-11-28T10:00:00Z",
            completedAt: "2026-11-28T10:05:00Z", answers: ["org_size": .string("micro")])
    }
}
