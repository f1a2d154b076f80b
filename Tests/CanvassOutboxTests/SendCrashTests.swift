import CanvassForms
import CanvassOutbox
import CanvassResponses
import CanvassTesting
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The crash test of issue 4: `canvass send` is killed with SIGKILL at random moments while it sends 500 responses,
/// then run once more to completion. Every response must end in `sent/` with its receipt, and the collector must
/// have stored each exactly once, however many times the sender died between the collector's store and its own move.
@Suite(.serialized) struct SendCrashTests {
    static let responseCount = 500
    static let kills = 100
    /// Change it (or set CANVASS_CRASH_SEED) to explore other kill times; a failure prints the seed it used.
    static let defaultSeed: UInt64 = 0x5E4D_C4A5_4B11
    /// How long the collector takes to answer once it has stored a response: a kill in that moment leaves a
    /// response stored but still in `ready/`, the case that must not become a second store.
    static let answerDelay = 0.03

    @Test(.timeLimit(.minutes(5)))
    func killingSendAtRandomMomentsStillStoresEveryResponseExactlyOnce() async throws {
        let canvass = repositoryRoot + "/.build/debug/canvass"
        try #require(
            FileManager.default.isExecutableFile(atPath: canvass),
            "the crash test runs the real executable: build it with `swift build` (looked for \(canvass))")
        let seed = ProcessInfo.processInfo.environment["CANVASS_CRASH_SEED"].flatMap { UInt64($0) } ?? Self.defaultSeed

        try await withTemporaryFolder { folder in
            let outbox = Outbox(root: folder + "/Outbox")
            let expected = try Self.fillOutbox(outbox, in: folder)
            let empty = Outbox(root: folder + "/Empty")
            try empty.prepare()
            let collector = CountingCollector(answerDelay: Self.answerDelay)
            try await TestServer.serving(handler: collector.handler) { server in
                let outputPath = folder + "/output.txt"
                func arguments(_ box: Outbox) -> [String] {
                    [
                        "send", "--outbox", box.root, "--to", server.url.absoluteString, "--token", "crash-token",
                        "--concurrency", "4", "--retry-delay", "10",
                    ]
                }
                // How long the sender takes to start (a run with nothing to send), measured again every 25 runs as
                // the machine's load changes: kills land from before it starts until a little after.
                var startups: [Duration] = []
                func measureStartup() throws {
                    let started = ContinuousClock.now
                    let child = try ChildProcess.start(canvass, arguments: arguments(empty), outputPath: outputPath)
                    let termination = child.wait()
                    startups.append(ContinuousClock.now - started)
                    try #require(termination == .exited(0), "a run with nothing to send: \(Self.output(outputPath))")
                }
                for _ in 0..<2 { try measureStartup() }

                // The time after start-up within which kills land, adjusted so that sending is spread over the kills
                // (about 3.5 responses a run) instead of finishing in the first few.
                var sendingWindow = Duration.milliseconds(150)
                var recentProgress = 3.5
                var random = SplitMix64(seed: seed)
                var inspector = SendInspector(outbox: outbox, expected: expected, collector: collector)
                var killed = 0
                var killedWhileSending = 0
                var completed = 0
                var run = 0
                let started = ContinuousClock.now
                while killed < Self.kills {
                    try #require(run < Self.kills * 3, "seed \(seed): \(run) runs but only \(killed) killed")
                    if run % 25 == 0 { try measureStartup() }
                    let startup = startups.suffix(3).sorted()[startups.suffix(3).count / 2]
                    let delay = (startup * 1.5 + sendingWindow) * Double.random(in: 0...1, using: &random)
                    let requestsBefore = server.requests.count
                    let sentBefore = inspector.sent.count

                    let child = try ChildProcess.start(canvass, arguments: arguments(outbox), outputPath: outputPath)
                    try await Task.sleep(for: delay)
                    child.kill()
                    let termination = child.wait()

                    let context = "run \(run) of seed \(seed), killed after \(delay)"
                    inspector.inspect(context)
                    switch termination {
                    case .exited(0): completed += 1
                    case .signalled(SIGKILL):
                        killed += 1
                        if server.requests.count > requestsBefore { killedWhileSending += 1 }
                    default: Issue.record("\(context): canvass \(termination): \(Self.output(outputPath))")
                    }
                    let progress = Double(inspector.sent.count - sentBefore)
                    recentProgress = recentProgress * 0.8 + progress * 0.2
                    if recentProgress > 4.5 { sendingWindow = max(.milliseconds(10), sendingWindow * 0.85) }
                    if recentProgress < 2.5 { sendingWindow = min(.seconds(2), sendingWindow * 1.15) }
                    run += 1
                }
                let elapsed = ContinuousClock.now - started

                // A killed sender's last request may still be reaching the collector: wait until it is quiet, so the
                // final run's "already stored" can be predicted exactly.
                var quiet = server.requests.count
                while true {
                    try await Task.sleep(for: .milliseconds(300))
                    let now = server.requests.count
                    if now == quiet { break }
                    quiet = now
                }
                let remaining = outbox.ids(in: .ready)
                let storedBefore = Set(collector.storedKeys)
                let alreadyStored = remaining.filter { storedBefore.contains($0) }.count
                let countsBefore = server.submissionCounts

                let final = try ChildProcess.start(canvass, arguments: arguments(outbox), outputPath: outputPath)
                let termination = final.wait()
                let output = Self.output(outputPath)
                #expect(termination == .exited(0), "the final run: \(output)")
                #expect(
                    output.split(separator: "\n").last.map(String.init)
                        == "Sent \(remaining.count) (\(alreadyStored) already stored), rejected 0, left in ready 0.")
                inspector.inspect("the final run")
                inspector.checkFinished()
                var postedAgain = server.submissionCounts
                for id in remaining { postedAgain[id] = countsBefore[id] }
                #expect(postedAgain == countsBefore, "the final run posted only what was still in ready/")

                print(
                    "Send crash test (seed \(seed)): \(run) runs in \(elapsed) (start-up \(startups.min() ?? .zero)…"
                        + "\(startups.max() ?? .zero)): \(killed) killed, \(killedWhileSending) of them while "
                        + "sending, \(completed) completed; \(Self.responseCount - remaining.count) sent before "
                        + "the final run, which sent \(remaining.count) (\(alreadyStored) already stored); "
                        + "\(collector.resubmissions) resubmissions answered 200, \(inspector.interruptedMoves) "
                        + "attachment moves seen interrupted.")
                #expect(killed >= Self.kills)
                #expect(killedWhileSending >= 1, "some kills landed while responses were being sent")
                #expect(collector.resubmissions >= 1, "some kills landed between the collector's store and the move")
            }
        }
    }

    /// Fills `ready/` with the test's responses, every tenth with an attachment; returns what each must look like.
    static func fillOutbox(_ outbox: Outbox, in folder: String) throws -> [String: Expected] {
        try outbox.prepare()
        var expected: [String: Expected] = [:]
        for index in 0..<responseCount {
            let id = "crash-" + String(1000 + index).dropFirst()
            var response = Response(
                form: "tupe-timing", formVersion: "2026.1", id: id, createdAt: "2026-11-28T10:00:00Z",
                completedAt: "2026-11-28T10:05:00Z", answers: ["org_size": .string("medium")])
            var files: [String: String] = [:]
            var attachment: Data?
            if index.isMultiple(of: 10) {
                let pdf =
                    Data("%PDF-1.4\n\(id)\n".utf8) + Data((0..<4000).map { UInt8(truncatingIfNeeded: $0 + index) })
                let path = folder + "/\(id).pdf"
                _ = FileManager.default.createFile(atPath: path, contents: pdf)
                response.form = "written-evidence"
                response.answers = ["submission_file": .string("evidence.pdf")]
                response.attachments = [
                    Attachment(
                        question: "submission_file", name: "evidence.pdf", bytes: pdf.count,
                        sha256: DurableFile.sha256(of: pdf), mediaType: "application/pdf")
                ]
                files["evidence.pdf"] = path
                attachment = pdf
            }
            try outbox.finalize(response, files: files)
            expected[id] = Expected(response: Data(response.canonicalText.utf8), attachment: attachment)
        }
        return expected
    }

    /// A response's bytes as finalised, and its attachment's.
    struct Expected {
        var response: Data
        var attachment: Data?
    }

    static func output(_ path: String) -> String {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}

/// A collector that stores by `Idempotency-Key`: 201 the first time, 200 with the same receipt after, 409 for
/// different content under a stored key; it counts each.
private final class CountingCollector: Sendable {
    private struct Entry {
        var response: Data
        var attachment: Data?
        var receipt: Data
        var stores = 1
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var resubmissions = 0
        var conflicts = 0
    }

    private let state = Mutex(State())
    private let answerDelay: Double

    init(answerDelay: Double) {
        self.answerDelay = answerDelay
    }

    var handler: TestServer.Handler {
        { [self] head in
            guard head.method == "POST", head.idempotencyKey != nil else { return .status(400) }
            return .reply { [self] request in answer(request) }
        }
    }

    /// The keys stored so far.
    var storedKeys: [String] { state.withLock { Array($0.entries.keys) } }
    /// How many times each key was stored (answered 201).
    var stores: [String: Int] { state.withLock { $0.entries.mapValues(\.stores) } }
    /// How many identical resubmissions were answered 200.
    var resubmissions: Int { state.withLock { $0.resubmissions } }
    /// How many different submissions under a stored key were answered 409.
    var conflicts: Int { state.withLock { $0.conflicts } }

    /// What was stored under `key`: the response part (or JSON body) and the attachment part.
    func stored(_ key: String) -> (response: Data, attachment: Data?)? {
        state.withLock { state in state.entries[key].map { ($0.response, $0.attachment) } }
    }

    /// The receipt answered for `key`.
    func receipt(_ key: String) -> Data? { state.withLock { $0.entries[key]?.receipt } }

    private func answer(_ request: TestServer.Request) -> TestServer.Reply {
        let key = request.idempotencyKey ?? ""
        var response = request.body
        var attachment: Data?
        if let parts = request.multipartParts() {
            response = parts.first { $0.name == "response" }?.body ?? Data()
            attachment = parts.first { $0.name == "attachment" }?.body
        }
        let (status, body) = state.withLock { state -> (Int, Data) in
            if let entry = state.entries[key] {
                guard entry.response == response, entry.attachment == attachment else {
                    state.conflicts += 1
                    return (409, Data(#"{"error":"a different response with this id is already stored"}"#.utf8))
                }
                state.resubmissions += 1
                return (200, entry.receipt)
            }
            let sha256 = DurableFile.sha256(of: response)
            let receipt = Data(#"{"id":"\#(key)","receivedAt":"2026-11-28T11:00:00Z","sha256":"\#(sha256)"}"#.utf8)
            state.entries[key] = Entry(response: response, attachment: attachment, receipt: receipt)
            return (201, receipt)
        }
        Thread.sleep(forTimeInterval: answerDelay)
        return TestServer.Reply(status: status, headers: [("Content-Type", "application/json")], body: body)
    }
}

/// Checks the Outbox between runs: nothing lost, nothing in two states, every sent response with its receipt.
private struct SendInspector {
    let outbox: Outbox
    let expected: [String: SendCrashTests.Expected]
    let collector: CountingCollector
    /// The responses seen in `sent/`.
    var sent: Set<String> = []
    /// Sent responses whose attachments were still in `ready/` (the move was interrupted), until a run moved them.
    var interruptedMoves = 0
    private var pendingFolders: Set<String> = []

    init(outbox: Outbox, expected: [String: SendCrashTests.Expected], collector: CountingCollector) {
        self.outbox = outbox
        self.expected = expected
        self.collector = collector
    }

    mutating func inspect(_ context: String) {
        let ready = Set(outbox.ids(in: .ready))
        let nowSent = Set(outbox.ids(in: .sent))
        #expect(ready.isDisjoint(with: nowSent), "\(context): \(ready.intersection(nowSent).sorted()) in two states")
        #expect(ready.union(nowSent) == Set(expected.keys), "\(context): every response is in ready/ or sent/")
        #expect(outbox.ids(in: .rejected).isEmpty && outbox.ids(in: .drafts).isEmpty, "\(context)")
        let lost = sent.subtracting(nowSent)
        #expect(lost.isEmpty, "\(context): \(lost.sorted()) left sent/")

        for id in nowSent.subtracting(sent).sorted() {
            sent.insert(id)
            checkSent(id, context)
        }
        for id in pendingFolders where !FileManager.default.fileExists(atPath: outbox.attachmentsFolder(of: id)) {
            pendingFolders.remove(id)
            checkAttachment(id, context)
        }
    }

    /// After the final run: everything sent, with its files, and stored once.
    func checkFinished() {
        #expect(outbox.ids(in: .ready).isEmpty, "nothing is left in ready/")
        #expect(outbox.ids(in: .sent) == expected.keys.sorted(), "every response is in sent/")
        #expect(pendingFolders.isEmpty, "no interrupted move is left: \(pendingFolders.sorted())")
        for state in [Outbox.State.ready, .sent] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: outbox.folder(state))) ?? []
            #expect(!names.contains { $0.hasPrefix(".") }, "no temporary file is left in \(state)/")
            if state == .ready { #expect(names.isEmpty, "ready/ is empty: \(names.sorted())") }
        }
        #expect(collector.stores == Dictionary(uniqueKeysWithValues: expected.keys.map { ($0, 1) }))
        #expect(collector.conflicts == 0)
        for (id, files) in expected {
            let stored = collector.stored(id)
            #expect(stored?.response == files.response, "\(id) was stored as finalised")
            #expect(stored?.attachment == files.attachment, "\(id)'s attachment was stored as finalised")
        }
    }

    private mutating func checkSent(_ id: String, _ context: String) {
        guard let files = expected[id] else { return }
        #expect(FileManager.default.contents(atPath: outbox.path(of: id, in: .sent)) == files.response, "\(context)")
        let receiptPath = outbox.folder(.sent) + "/\(id).receipt.json"
        guard let data = FileManager.default.contents(atPath: receiptPath),
            let receipt = (try? JSONValue(parsing: data))?.object
        else {
            Issue.record("\(context): \(id) is in sent/ without a readable receipt")
            return
        }
        #expect(receipt["status"] == .number(201) || receipt["status"] == .number(200), "\(context): \(id)")
        #expect(receipt["sha256"] == .string(DurableFile.sha256(of: files.response)), "\(context): \(id)")
        let answered = collector.receipt(id).flatMap { try? JSONValue(parsing: $0) }
        #expect(answered != nil && receipt["body"] == answered, "\(context): \(id)'s receipt is the collector's")
        if files.attachment != nil {
            if FileManager.default.fileExists(atPath: outbox.attachmentsFolder(of: id)) {
                interruptedMoves += 1
                pendingFolders.insert(id)
            } else {
                checkAttachment(id, context)
            }
        }
    }

    private func checkAttachment(_ id: String, _ context: String) {
        let path = outbox.attachmentsFolder(of: id, in: .sent) + "/evidence.pdf"
        #expect(FileManager.default.contents(atPath: path) == expected[id]?.attachment, "\(context): \(id)'s file")
    }
}
