import CanvassForms
public import CanvassResponses
public import CanvassTransport
public import Foundation

/// Sends every response in `ready/` to a collector, each exactly once, however often the connection drops.
///
/// Each response is posted with `Idempotency-Key: <id>`, so a retry after an ambiguous failure (a timeout once
/// the body was sent) is safe: the collector answers an identical resubmission with 200 and the first receipt.
public struct OutboxSender: Sendable {
    /// Where and how to send.
    public struct Options: Sendable {
        /// The collector's base URL; responses go to `URL/forms/{form}/responses`.
        public var collector: (@Sendable (Response) -> URL?)
        /// The bearer token.
        public var token: String
        /// How many responses are sent at once.
        public var concurrency = 8
        /// Tries per response in one run before it is left in `ready/` for the next run.
        public var maxAttempts = 5
        /// The first back-off; each retry waits a random time up to twice the previous limit (full jitter).
        public var baseDelay: Duration = .milliseconds(500)
        /// The longest back-off (a `Retry-After` longer than this is still honoured, up to `maxRetryAfter`).
        public var maxDelay: Duration = .seconds(30)
        /// The longest `Retry-After` waited for; a longer one leaves the response for the next run.
        public var maxRetryAfter: Duration = .seconds(120)

        /// Options for sending to one collector.
        public init(collector: @escaping @Sendable (Response) -> URL?, token: String) {
            self.collector = collector
            self.token = token
        }
    }

    /// What happened to one response.
    public enum Outcome: Sendable, Equatable {
        /// Stored by the collector (201), now in `sent/`.
        case sent
        /// The collector already had it (200), now in `sent/`.
        case alreadyStored
        /// Refused for good (4xx), now in `rejected/` with the reason.
        case rejected(status: Int)
        /// Not delivered this time; still in `ready/`.
        case deferred(reason: String)
    }

    /// A stop that concerns every response, not one: a refused token, an unknown collector, a TLS failure.
    public struct Stop: Error, Sendable, CustomStringConvertible {
        /// What is wrong and how to fix it.
        public let message: String
        /// Whether the user's input (token, address) is at fault, rather than the network or the machine.
        public let isInputProblem: Bool

        init(message: String, isInputProblem: Bool = true) {
            self.message = message
            self.isInputProblem = isInputProblem
        }

        public var description: String { message }
    }

    let outbox: Outbox
    let client: HTTPClient
    let options: Options

    /// Creates a sender for `outbox` using `client`.
    public init(outbox: Outbox, client: HTTPClient, options: Options) {
        self.outbox = outbox
        self.client = client
        self.options = options
    }

    /// Sends everything in `ready/`, `concurrency` at a time, calling `progress` after each response.
    ///
    /// Returns each response's outcome; throws `Stop` when continuing could not help any response.
    public func sendAll(progress: @escaping @Sendable (String, Outcome) -> Void = { _, _ in }) async throws
        -> [String: Outcome]
    {
        let ids = outbox.ids(in: .ready)
        var outcomes: [String: Outcome] = [:]
        var next = ids.makeIterator()
        let committer = ReceiptCommitter(outbox: outbox)
        try await withThrowingTaskGroup(of: (String, Outcome).self) { group in
            func startNext() -> Bool {
                guard let id = next.next() else { return false }
                group.addTask { (id, try await send(id, committer: committer)) }
                return true
            }
            for _ in 0..<max(1, options.concurrency) where !startNext() { break }
            while let (id, outcome) = try await group.next() {
                outcomes[id] = outcome
                progress(id, outcome)
                _ = startNext()
            }
        }
        return outcomes
    }

    /// Sends one response, retrying what may succeed later.
    func send(_ id: String, committer: ReceiptCommitter? = nil) async throws -> Outcome {
        // The stored bytes are what is sent and hashed: never a re-serialisation, which a newer writer could
        // change, making one id arrive with two contents.
        guard let body = FileManager.default.contents(atPath: outbox.path(of: id, in: .ready)) else {
            return .deferred(reason: "\(outbox.path(of: id, in: .ready)) could not be read")
        }
        let response: Response
        do {
            response = try Response(parsing: body)
        } catch {
            return .deferred(reason: "\(outbox.path(of: id, in: .ready)) is not a valid response: \(error.message)")
        }
        guard let base = options.collector(response) else {
            return .deferred(reason: "no collector address for the form \(response.form); give one with --to")
        }
        let url = base.appendingPathComponent("forms").appendingPathComponent(response.form)
            .appendingPathComponent("responses")
        let request = makeRequest(response, body: body, url: url)
        var attempt = 0
        var lastReason = ""
        while attempt < options.maxAttempts {
            attempt += 1
            var wait = backoff(attempt: attempt)
            do {
                let answer = try await client.perform(request)
                switch answer.status {
                case 200, 201:
                    let receipt = Self.receipt(answer, sha256: DurableFile.sha256(of: body))
                    if let committer {
                        try await committer.commit(id, receipt: receipt)
                    } else {
                        try outbox.markSent([(id, receipt)])
                    }
                    return answer.status == 201 ? .sent : .alreadyStored
                case 401:
                    throw Stop(message: "the collector refused the token (401); check --token or CANVASS_TOKEN")
                case 403:
                    throw Stop(
                        message: "the token is not allowed to submit the form \(response.form) (403); ask the council "
                            + "for a token for it")
                case 404:
                    throw Stop(
                        message:
                            "the collector at \(base.absoluteString) does not know the form \(response.form) (404); "
                            + "check --to")
                case 408, 429, 500...599:
                    lastReason = "the collector answered \(answer.status)"
                    if let retryAfter = Self.retryAfter(answer) {
                        guard retryAfter <= options.maxRetryAfter else {
                            return .deferred(
                                reason: "the collector asked to wait \(retryAfter.components.seconds) s before trying "
                                    + "again (\(answer.status))")
                        }
                        wait = max(wait, retryAfter)
                    }
                case 400...499:
                    let reason = Self.reason(answer)
                    try outbox.markRejected(id, reason: reason)
                    return .rejected(status: answer.status)
                case 300...399:
                    // Only a refusal of the response itself (4xx) may reject it; a redirect means a wrong address.
                    let target = answer.header("location").map { " to \($0)" } ?? ""
                    throw Stop(
                        message: "the collector redirected the request (\(answer.status))\(target); give the address "
                            + "it names with --to")
                default:
                    throw Stop(
                        message: "the collector answered \(answer.status), which is not a receipt for a stored "
                            + "response; check --to")
                }
            } catch let error as TransportError {
                guard error.isRetryable else {
                    throw Stop(message: error.message, isInputProblem: !error.isCertificateProblem)
                }
                lastReason = error.message
            }
            if attempt < options.maxAttempts { try await Task.sleep(for: wait) }
        }
        return .deferred(reason: lastReason)
    }

    private func makeRequest(_ response: Response, body: Data, url: URL) -> HTTPRequest {
        let headers = [
            (name: "Authorization", value: "Bearer \(options.token)"), (name: "Idempotency-Key", value: response.id),
            (name: "Accept", value: "application/json"),
        ]
        guard !response.attachments.isEmpty else { return .postJSON(body, to: url, headers: headers) }
        var parts = [MultipartBody.Part(name: "response", contentType: "application/json", content: .bytes(body))]
        let folder = outbox.attachmentsFolder(of: response.id)
        for attachment in response.attachments {
            parts.append(
                MultipartBody.Part(
                    name: "attachment", fileName: attachment.name, contentType: attachment.mediaType,
                    content: .file(path: (folder as NSString).appendingPathComponent(attachment.name))))
        }
        return HTTPRequest(method: "POST", url: url, headers: headers, body: .multipart(MultipartBody(parts: parts)))
    }

    /// Full jitter: a random wait between zero and the exponential limit for this attempt.
    private func backoff(attempt: Int) -> Duration {
        let limit = min(options.maxDelay, options.baseDelay * (1 << min(attempt - 1, 20)))
        let milliseconds = Int(limit.components.seconds * 1000 + limit.components.attoseconds / 1_000_000_000_000_000)
        return .milliseconds(Int.random(in: 0...max(0, milliseconds)))
    }

    /// `Retry-After` as seconds or an HTTP date.
    static func retryAfter(_ response: HTTPResponse) -> Duration? {
        guard let value = response.header("retry-after")?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Int(value), seconds >= 0 { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .seconds(max(0, Int(date.timeIntervalSinceNow.rounded(.up))))
    }

    /// What is kept in `sent/<id>.receipt.json`.
    static func receipt(_ response: HTTPResponse, sha256: String) -> JSONValue {
        .object([
            "status": .number(Double(response.status)),
            "body": (try? JSONValue(parsing: response.body)) ?? .string(String(decoding: response.body, as: UTF8.self)),
            "receivedAt": .string(Response.timestamp()),
            "sha256": .string(sha256),
        ])
    }

    /// What is kept in `rejected/<id>.error.json`.
    static func reason(_ response: HTTPResponse) -> JSONValue {
        .object([
            "status": .number(Double(response.status)),
            "body": (try? JSONValue(parsing: response.body)) ?? .string(String(decoding: response.body, as: UTF8.self)),
            "rejectedAt": .string(Response.timestamp()),
        ])
    }
}

/// Moves sent responses to `sent/` in batches: the receipts that arrive while one batch is being made durable go
/// together in the next, so a thousand responses cost a few dozen file-system syncs, not thousands (group commit).
actor ReceiptCommitter {
    private let outbox: Outbox
    private var pending: [(id: String, receipt: JSONValue, done: CheckedContinuation<Void, any Error>)] = []
    private var flushing = false

    init(outbox: Outbox) {
        self.outbox = outbox
    }

    /// Returns once the response is durably in `sent/` with its receipt.
    func commit(_ id: String, receipt: JSONValue) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            pending.append((id, receipt, done))
            if !flushing {
                flushing = true
                Task { self.flush() }
            }
        }
    }

    private func flush() {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            do {
                try outbox.markSent(batch.map { ($0.id, $0.receipt) })
                for item in batch { item.done.resume() }
            } catch {
                for item in batch { item.done.resume(throwing: error) }
            }
        }
        flushing = false
    }
}
