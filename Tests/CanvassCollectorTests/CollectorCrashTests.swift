import CanvassCollector
import CanvassCommands
import CanvassForms
import CanvassOutbox
import CanvassResponses
import CanvassTesting
import CanvassTransport
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The collector's crash test (DESIGN.md, "Reliability and security"): `canvass serve` is killed with SIGKILL at
/// random moments while submissions keep arriving, and restarted on the same data folder each time. Every response
/// it acknowledged (201, or 200 for one stored before a kill cut off its answer) must be in the store exactly once,
/// with the content that was sent and the SHA-256 its receipt gave, and a resubmission must be answered 200 with the
/// first receipt.
@Suite(.serialized) struct CollectorCrashTests {
    static let kills = 50
    /// Requests under way at once.
    static let concurrency = 8
    /// Change it (or set CANVASS_CRASH_SEED) to explore other kill times; a failure prints the seed it used.
    static let defaultSeed: UInt64 = 0xC011_EC70_4B11

    @Test(.timeLimit(.minutes(5)))
    func killingTheCollectorUnderLoadLosesNothingItAcknowledged() async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: CollectorProcess.executable),
            "the crash test runs the real executable: build it with `swift build` (looked for \(CollectorProcess.executable))"
        )
        let seed = ProcessInfo.processInfo.environment["CANVASS_CRASH_SEED"].flatMap { UInt64($0) } ?? Self.defaultSeed
        let maker = try SubmissionMaker()

        try await withTemporaryFolder { folder in
            let data = folder + "/Data"
            let (made, tokenRun) = await makeCollectorToken(data: data, forms: ["tupe-timing", "written-evidence"])
            let token = try #require(made, "canvass token create: \(tokenRun.errorOutput)")

            var configuration = HTTPClient.Configuration()
            configuration.connectTimeout = .seconds(5)
            configuration.lowSpeedTime = .seconds(20)
            configuration.totalTimeout = .seconds(30)
            configuration.maxConnectionsPerHost = Self.concurrency * 2
            let client = HTTPClient(configuration: configuration)
            defer { client.shutdown() }
            let load = CrashLoad(client: client, token: token)
            defer { load.stop() }
            let workers = Task {
                await withTaskGroup(of: Void.self) { group in
                    for worker in 0..<Self.concurrency {
                        group.addTask {
                            var random = SplitMix64(seed: seed &+ UInt64(worker) &* 0x9E37)
                            await load.work { index in maker.make(worker: worker, index: index, using: &random) }
                        }
                    }
                }
            }

            var random = SplitMix64(seed: seed)
            var landedMidFlight = 0
            var cutOffRequests = 0
            let started = ContinuousClock.now
            for generation in 0..<Self.kills {
                let collector = try await CollectorProcess.start(
                    data: data, outputPath: folder + "/serve-\(generation).txt", arguments: ["--rate-limit", "0"])
                load.publish(collector.url, generation: generation)
                // From just after it listens until well into a run of submissions and group commits.
                let delay = Duration.microseconds(Int64(random.next() % 150_000))
                try? await Task.sleep(for: delay)
                let inFlight = load.inFlight(generation)
                let termination = collector.kill()
                load.withdraw()
                #expect(
                    termination == .signalled(SIGKILL),
                    "seed \(seed), run \(generation): canvass serve \(termination) before the kill:\n\(collector.output)"
                )
                if inFlight > 0 { landedMidFlight += 1 }
                cutOffRequests += inFlight
            }
            let killing = ContinuousClock.now - started

            // One last run: the workers finish the response each was sending, then every acknowledged response is
            // sent again, and the collector is stopped as an operator would.
            let final = try await CollectorProcess.start(
                data: data, outputPath: folder + "/serve-final.txt", arguments: ["--rate-limit", "0"])
            load.publish(final.url, generation: Self.kills)
            load.drain()
            await workers.value
            let acknowledged = load.acknowledged
            let resubmitted = await load.resubmitAll(to: final.url)
            let termination = await final.stop()
            #expect(termination == .exited(0), "canvass serve after SIGTERM: \(final.output)")
            #expect(final.output.contains("canvass serve: stopped; every response acknowledged is stored"))

            #expect(load.unexpected.isEmpty, "seed \(seed): \(load.unexpected.prefix(10))")
            #expect(load.createdTwice.isEmpty, "seed \(seed): answered 201 more than once: \(load.createdTwice)")
            #expect(acknowledged.count == load.posted.count, "every response posted was acknowledged in the end")
            let wrong = resubmitted.filter { $0.value.status != 200 || !$0.value.sameReceipt }.prefix(10)
            #expect(wrong.isEmpty, "seed \(seed): every resubmission is answered 200 with the first receipt: \(wrong)")
            #expect(resubmitted.count == acknowledged.count)

            try Self.checkStore(data, acknowledged: acknowledged, posted: load.posted, seed: seed)

            let storedBeforeKill = acknowledged.values.filter { $0.status == 200 }.count
            let answered200 = resubmitted.values.filter { $0.status == 200 && $0.sameReceipt }.count
            print(
                "Collector crash test (seed \(seed)): \(Self.kills) kills in \(killing), \(landedMidFlight) with "
                    + "requests in flight (\(cutOffRequests) requests cut off); \(acknowledged.count) responses "
                    + "acknowledged (\(storedBeforeKill) of them first with 200: stored before a kill cut off the "
                    + "201), \(load.attachmentCount) with an attachment; \(load.transportFailures) requests failed "
                    + "and were retried; \(answered200) of \(resubmitted.count) resubmissions answered 200 with the first "
                    + "receipt.")
            #expect(landedMidFlight >= Self.kills * 4 / 5, "most kills landed while requests were in flight")
            #expect(acknowledged.count >= Self.kills, "the load kept the collector busy")
        }
    }

    /// Opens the store after the collector stopped: exactly the acknowledged responses, once each, as sent, with
    /// the SHA-256 of their receipts, and their attachments whole.
    private static func checkStore(
        _ data: String, acknowledged: [String: CrashLoad.Acknowledgement], posted: [String: Submission], seed: UInt64
    ) throws {
        let store = try CollectorStore(folder: data)
        defer { try? store.close() }
        var stored: [StoredResponse] = []
        for form in ["tupe-timing", "written-evidence"] {
            stored += try store.responses(to: form, after: 0, limit: 1_000_000, includingReplaced: true)
        }
        let ids = stored.map(\.id)
        #expect(Set(ids).count == ids.count, "seed \(seed): no response is stored twice")
        let unacknowledged = Set(ids).subtracting(acknowledged.keys).sorted().prefix(20)
        #expect(unacknowledged.isEmpty, "seed \(seed): stored, but never acknowledged: \(unacknowledged)")
        let byID = Dictionary(stored.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var missing: [String] = []
        for (id, acknowledgement) in acknowledged.sorted(by: { $0.key < $1.key }) {
            guard let row = byID[id], let sent = posted[id] else {
                missing.append(id)
                continue
            }
            #expect(row.body == sent.body, "seed \(seed): \(id) is stored as it was sent")
            #expect(row.sha256 == acknowledgement.sha256, "seed \(seed): \(id)'s receipt gives the stored SHA-256")
            #expect(row.sha256 == DurableFile.sha256(of: sent.body), "seed \(seed): \(id)'s SHA-256 is its body's")
            if let attachment = sent.attachment {
                let sha256 = DurableFile.sha256(of: attachment)
                let path = "\(data)/attachments/\(sha256.prefix(2))/\(sha256)"
                #expect(FileManager.default.contents(atPath: path) == attachment, "seed \(seed): \(id)'s file")
            }
        }
        #expect(missing.isEmpty, "seed \(seed): acknowledged but not stored: \(missing.prefix(20))")
    }
}

/// A response to submit: its id, form, canonical JSON as sent, and its attachment's bytes if it has one.
private struct Submission: Sendable {
    var id: String
    var form: String
    var body: Data
    var attachment: Data?

    /// The request that submits it, as `canvass send` would: JSON, or multipart with the attachment.
    func request(to collector: URL, token: String) -> HTTPRequest {
        let url = collector.appendingPathComponent("forms").appendingPathComponent(form)
            .appendingPathComponent("responses")
        let headers = [(name: "Authorization", value: "Bearer \(token)"), (name: "Idempotency-Key", value: id)]
        guard let attachment else { return .postJSON(body, to: url, headers: headers) }
        let parts = [
            MultipartBody.Part(name: "response", contentType: "application/json", content: .bytes(body)),
            MultipartBody.Part(
                name: "attachment", fileName: "evidence.pdf", contentType: "application/pdf",
                content: .bytes(attachment)),
        ]
        return HTTPRequest(method: "POST", url: url, headers: headers, body: .multipart(MultipartBody(parts: parts)))
    }
}

/// Makes valid responses to the shipped forms, each with its own id and content: mostly `tupe-timing`, some with
/// tenders; every eighth a `written-evidence` response with a PDF attached.
private struct SubmissionMaker: Sendable {
    let tupe: ResponseValidator
    let evidence: ResponseValidator
    let evidenceAnswers: [String: JSONValue]

    init() throws {
        tupe = ResponseValidator(form: try Form.load(path: repositoryRoot + "/Forms/tupe-timing.yaml"))
        let evidenceForm = try Form.load(path: repositoryRoot + "/Forms/written-evidence.yaml")
        evidence = ResponseValidator(form: evidenceForm)
        let file = AnswersFile(
            text: """
                capacity: organisation
                org_name: Riverside Family Mediation
                org_size: medium
                contact_name: A. Provider
                role: Chief executive
                contact_email: chief.executive@riverside.example.org
                ev_barriers: Tenders released three at a time meant choosing which one to do well.
                consent_publish: publish_full
                oral_evidence: yes
                """, path: "evidence.yaml", form: evidenceForm)
        try #require(file.problems.isEmpty, "\(file.problems)")
        evidenceAnswers = file.answers
    }

    /// The `index`th response of `worker`; its answers are those the validator keeps, so it is stored as sent.
    func make(worker: Int, index: Int, using random: inout SplitMix64) -> Submission {
        let id = "crash-\(worker)-\(index)-" + Response.newID()
        var response: Response
        var attachment: Data?
        if index % 8 == 7 {
            var pdf = Data("%PDF-1.4\n% \(id)\n".utf8)
            for _ in 0..<(2000 + Int(random.next() % 20_000)) { pdf.append(UInt8(truncatingIfNeeded: random.next())) }
            var answers = evidenceAnswers
            answers["submission_file"] = .string("evidence.pdf")
            response = Response(
                form: "written-evidence", formVersion: evidence.form.version, id: id, completedAt: Response.timestamp(),
                answers: answers,
                attachments: [
                    CanvassResponses.Attachment(
                        question: "submission_file", name: "evidence.pdf", bytes: pdf.count,
                        sha256: DurableFile.sha256(of: pdf), mediaType: "application/pdf")
                ])
            response.answers = evidence.validate(response).answers
            attachment = pdf
        } else {
            let sizes = ["micro", "small", "medium", "large", "major", "dont_know"]
            let directorates = ["children", "education", "adults", "communities", "public_health"]
            var answers: [String: JSONValue] = [
                "org_size": .string(sizes[Int(random.next() % UInt64(sizes.count))]),
                "any_tenders": .bool(random.next() % 2 == 0),
                "tupe_comments": .string("Response \(index) from worker \(worker)."),
            ]
            if answers["any_tenders"] == .bool(true) {
                answers["tenders"] = .array(
                    (0...Int(random.next() % 2)).map { tender in
                        .object([
                            "tender_name": .string("Tender \(tender + 1) of \(id)"),
                            "closing_date": .string("2025-0\(tender + 1)-15"),
                            "directorate": .string(directorates[Int(random.next() % UInt64(directorates.count))]),
                            "tupe_applied": .bool(false),
                        ])
                    })
            }
            response = Response(
                form: "tupe-timing", formVersion: tupe.form.version, id: id, completedAt: Response.timestamp(),
                answers: answers)
            response.answers = tupe.validate(response).answers
        }
        return Submission(id: id, form: response.form, body: Data(response.canonicalText.utf8), attachment: attachment)
    }
}

/// The load: workers that submit new responses one after another, each retrying its response (same id, same bytes)
/// after a failure until the collector acknowledges it, as `canvass send` would. It counts the requests in flight to
/// each run of the collector, so a kill can be seen to land among them.
private final class CrashLoad: Sendable {
    /// A collector's acknowledgement of a response: the first 201 or 200 it got.
    struct Acknowledgement: Sendable {
        var status: Int
        /// The receipt's JSON.
        var receipt: JSONValue
        /// The receipt's SHA-256.
        var sha256: String
    }

    private struct State {
        var collector: (url: URL, generation: Int)?
        var draining = false
        var stopped = false
        var inFlight: [Int: Int] = [:]
        var posted: [String: Submission] = [:]
        var acknowledged: [String: Acknowledgement] = [:]
        var created: [String: Int] = [:]
        var transportFailures = 0
        var unexpected: [String] = []
    }

    private let client: HTTPClient
    private let token: String
    private let state = Mutex(State())

    init(client: HTTPClient, token: String) {
        self.client = client
        self.token = token
    }

    /// Sends requests to the collector at `url` from now on.
    func publish(_ url: URL, generation: Int) {
        state.withLock { $0.collector = (url, generation) }
    }

    /// The collector is gone: wait for the next.
    func withdraw() {
        state.withLock { $0.collector = nil }
    }

    /// Each worker finishes the response it is sending, then stops.
    func drain() {
        state.withLock { $0.draining = true }
    }

    /// Every worker stops at once.
    func stop() {
        state.withLock { $0.stopped = true }
    }

    /// Requests sent to the collector's run `generation` that have not been answered yet.
    func inFlight(_ generation: Int) -> Int { state.withLock { $0.inFlight[generation] ?? 0 } }

    var posted: [String: Submission] { state.withLock { $0.posted } }
    var acknowledged: [String: Acknowledgement] { state.withLock { $0.acknowledged } }
    /// Ids answered 201 more than once: each would be a response stored twice, or a first store lost.
    var createdTwice: [String] { state.withLock { $0.created.filter { $0.value > 1 }.map(\.key).sorted() } }
    var transportFailures: Int { state.withLock { $0.transportFailures } }
    var unexpected: [String] { state.withLock { $0.unexpected } }
    var attachmentCount: Int { state.withLock { $0.posted.values.filter { $0.attachment != nil }.count } }

    /// One worker: submits `make(0)`, `make(1)`, … until stopped, or until drained once its response is acknowledged.
    func work(_ make: (Int) -> Submission) async {
        var index = 0
        var pending: Submission?
        while let (url, generation) = await nextCollector(holding: pending != nil) {
            let submission = pending ?? make(index)
            if pending == nil {
                index += 1
                pending = submission
                state.withLock { $0.posted[submission.id] = submission }
            }
            state.withLock { $0.inFlight[generation, default: 0] += 1 }
            let answer: HTTPResponse?
            do { answer = try await client.perform(submission.request(to: url, token: token)) } catch {
                answer = nil
            }
            state.withLock { $0.inFlight[generation, default: 0] -= 1 }
            guard let answer else {
                // Cut off by a kill, or refused by a collector already gone: the same response again, soon.
                state.withLock { $0.transportFailures += 1 }
                try? await Task.sleep(for: .milliseconds(2))
                continue
            }
            switch answer.status {
            case 200, 201:
                let receipt = try? JSONValue(parsing: answer.body)
                state.withLock { state in
                    if answer.status == 201 { state.created[submission.id, default: 0] += 1 }
                    guard let receipt, receipt.object?["id"] == .string(submission.id),
                        let sha256 = receipt.object?["sha256"]?.string
                    else {
                        state.unexpected.append("\(submission.id): a \(answer.status) without a receipt")
                        return
                    }
                    if state.acknowledged[submission.id] == nil {
                        state.acknowledged[submission.id] = Acknowledgement(
                            status: answer.status, receipt: receipt, sha256: sha256)
                    }
                }
                pending = nil
            case 503:
                try? await Task.sleep(for: .milliseconds(2))
            default:
                state.withLock { state in
                    state.unexpected.append(
                        "\(submission.id): \(answer.status) \(String(decoding: answer.body, as: UTF8.self))")
                }
                pending = nil
            }
        }
    }

    /// Sends every acknowledged response once more; returns each one's status (0: no answer) and whether the answer
    /// was the receipt first given.
    func resubmitAll(to url: URL) async -> [String: (status: Int, sameReceipt: Bool)] {
        let acknowledged = self.acknowledged
        let submissions = posted.filter { acknowledged[$0.key] != nil }.values.sorted { $0.id < $1.id }
        var statuses: [String: (status: Int, sameReceipt: Bool)] = [:]
        await withTaskGroup(of: (String, Int, Bool).self) { group in
            var next = submissions.makeIterator()
            func startNext() {
                guard let submission = next.next() else { return }
                let expected = acknowledged[submission.id]?.receipt
                group.addTask { [client, token] in
                    do {
                        let answer = try await client.perform(submission.request(to: url, token: token))
                        return (submission.id, answer.status, (try? JSONValue(parsing: answer.body)) == expected)
                    } catch {
                        return (submission.id, 0, false)
                    }
                }
            }
            for _ in 0..<CollectorCrashTests.concurrency { startNext() }
            while let (id, status, sameReceipt) = await group.next() {
                statuses[id] = (status, sameReceipt)
                startNext()
            }
        }
        return statuses
    }

    /// The collector to send to, waiting while there is none; `nil` when the worker is to stop.
    private func nextCollector(holding: Bool) async -> (URL, Int)? {
        while true {
            let next = state.withLock { state -> (URL, Int)?? in
                if state.stopped || (state.draining && !holding) { return .some(nil) }
                return state.collector.map { .some(($0.url, $0.generation)) }
            }
            if let next { return next }
            try? await Task.sleep(for: .milliseconds(1))
        }
    }
}
