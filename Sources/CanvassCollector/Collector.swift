public import CanvassForms
import CanvassResponses
import Crypto
import Foundation
import HTTPTypes
public import Hummingbird
import HummingbirdCore
public import Logging
import NIOCore
public import ServiceLifecycle
import UnixSignals

/// The collector: the HTTP API of DESIGN.md over a ``CollectorStore``, with tokens, limits and group commit.
///
/// ```
/// GET  /healthz                    200
/// GET  /forms                      the forms served: id, version, title
/// GET  /forms/{form}               the form as JSON
/// POST /forms/{form}/responses     submitter token: a response as JSON, or multipart (`response` + attachments)
/// GET  /forms/{form}/responses     analyst token: the responses as JSON Lines (`?since=`)
/// GET  /forms/{form}/fill          submitter token (`?token=`, then a cookie): the web questionnaire
/// POST /forms/{form}/fill          the questionnaire's answers, form-encoded: the confirmation, or the page again
/// ```
public struct Collector: Sendable {
    /// The forms served, by id.
    let forms: [String: ServedForm]
    let store: CollectorStore
    let configuration: CollectorConfiguration
    let logger: Logger
    let committer: GroupCommitter
    let tokens: TokenCache
    let limiter: RateLimiter
    let placements = AttachmentPlacements()

    /// A collector serving `forms` from `store`.
    public init(forms: [Form], store: CollectorStore, configuration: CollectorConfiguration, logger: Logger) {
        self.forms = Dictionary(forms.map { ($0.id, ServedForm(form: $0)) }, uniquingKeysWith: { first, _ in first })
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.committer = GroupCommitter(store: store, maxBatch: configuration.maxBatch)
        self.tokens = TokenCache(store: store, lifetime: configuration.tokenRefresh)
        self.limiter = RateLimiter(rate: configuration.rateLimit, burst: configuration.rateBurst)
    }

    /// The routes.
    public func router() -> Router<CollectorContext> {
        let router = Router(context: CollectorContext.self)
        router.add(middleware: RequestLogMiddleware())
        router.get("/healthz") { _, _ in Self.json(.ok, .object(["status": .string("ok")])) }
        router.get("/forms") { _, _ in listForms() }
        router.get("/forms/:form") { _, context in try showForm(context) }
        router.post("/forms/:form/responses") { request, context in await submit(request, context: context) }
        router.get("/forms/:form/responses") { request, context in await readResponses(request, context: context) }
        router.get("/forms/:form/fill") { request, context in await showQuestionnaire(request, context: context) }
        router.post("/forms/:form/fill") { request, context in await receiveQuestionnaire(request, context: context) }
        return router
    }

    /// The application: the server and the group committer, which stops after the server has finished its requests.
    ///
    /// `onRunning` is given the port the server listens on.
    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let decoder = HTTP1Channel.Configuration.DecoderConfiguration(
            maxHeaderFieldSize: configuration.maxHeaderBytes, maxHeaderListSize: configuration.maxHeaderBytes,
            maxHeaderFieldCount: 200)
        let idle = TimeAmount.nanoseconds(
            configuration.idleTimeout.components.seconds * 1_000_000_000
                + configuration.idleTimeout.components.attoseconds / 1_000_000_000)
        return Application(
            router: router(),
            server: .http1(configuration: .init(idleTimeout: idle, httpDecoderConfiguration: decoder)),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "canvass"),
            services: [CommitterService(committer: committer, logger: logger)],
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Runs the collector until SIGTERM or SIGINT, then finishes the requests in progress and stores what they
    /// brought before returning.
    ///
    /// Requests still running after `CollectorConfiguration.shutdownGrace` (a client that stopped reading an
    /// export, say) are cancelled and their connections closed; the store is closed either way.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        var settings = ServiceGroupConfiguration(
            services: [application(onRunning: onRunning)], gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        settings.maximumGracefulShutdownDuration = configuration.shutdownGrace
        try await ServiceGroup(configuration: settings).run()
    }

    /// Starts the collector in this process (for the demo and tests) and returns once it is listening.
    public func start() async throws -> RunningCollector {
        let (ports, announce) = AsyncStream.makeStream(of: Int.self)
        let group = ServiceGroup(
            configuration: .init(services: [application { announce.yield($0) }], logger: logger))
        let task = Task {
            defer { announce.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await task.value
            throw CollectorError.environment("the collector stopped before it was listening")
        }
        return RunningCollector(port: port, group: group, task: task)
    }

    // MARK: Forms

    private func listForms() -> Response {
        let list = forms.values.sorted { $0.form.id < $1.form.id }.map { served in
            JSONValue.object([
                "id": .string(served.form.id), "version": .string(served.form.version),
                "title": .string(served.form.title.text),
            ])
        }
        return Self.json(.ok, .object(["forms": .array(list)]))
    }

    private func showForm(_ context: CollectorContext) throws -> Response {
        guard let served = forms[context.parameters.get("form") ?? ""] else { return Self.unknownForm(context) }
        return Self.json(.ok, served.form.json)
    }

    // MARK: Submissions

    private func submit(_ request: Request, context: CollectorContext) async -> Response {
        var bodyRead = false
        let response = await submit(request, context: context, bodyRead: &bodyRead)
        // A refusal sent before the body was read closes the connection's input, so a client cannot make the
        // collector read (and throw away) an unlimited body after the answer.
        return bodyRead ? response : Self.closingInput(response, channel: context.channel)
    }

    private func submit(_ request: Request, context: CollectorContext, bodyRead: inout Bool) async -> Response {
        let token: TokenRecord
        switch await authenticate(request) {
        case .success(let record): token = record
        case .failure(let refusal): return refusal.response
        }
        let formID = context.parameters.get("form") ?? ""
        guard let served = forms[formID] else { return Self.unknownForm(context) }
        guard token.maySubmit(to: formID) else {
            let message =
                token.role == .analyst
                ? "an analyst token cannot submit responses; use a submitter token"
                : "this token may not submit to the form '\(formID)'; it is for: \(token.forms.joined(separator: ", "))"
            return Self.error(.forbidden, message)
        }
        if let wait = limiter.take(token.id) {
            var response = Self.error(.tooManyRequests, "too many submissions with this token; try again in \(wait) s")
            response.headers[.retryAfter] = String(wait)
            return response
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > configuration.maxBodyBytes {
            return Self.tooLarge(configuration.maxBodyBytes)
        }
        let received: ReceivedSubmission
        do {
            received = try await receive(request)
            bodyRead = true
        } catch let refusal as Refusal {
            bodyRead = refusal.bodyConsumed
            return refusal.response
        } catch {
            return Refusal(.badRequest, "the request body could not be read: \(error)").response
        }
        // Files that arrived stay in tmp/ until the response is accepted; whatever was not placed is removed.
        defer { for upload in received.uploads { upload.discard() } }
        return await store(received, for: served, token: token, idempotencyKey: request.headers[.idempotencyKey])
    }

    private func store(
        _ received: ReceivedSubmission, for served: ServedForm, token: TokenRecord, idempotencyKey: String?
    ) async -> Response {
        let response: CanvassResponses.Response
        do {
            response = try CanvassResponses.Response(parsing: received.json)
        } catch {
            return Self.problems([ResponseProblem(question: "response", message: error.message)])
        }
        if let idempotencyKey, idempotencyKey != response.id {
            return Self.problems([
                ResponseProblem(question: "id", message: "the Idempotency-Key header does not match the response id")
            ])
        }
        switch await accept(response, uploads: received.uploads, for: served, token: token) {
        case .stored(let receipt): return Self.json(.created, receipt.json)
        case .duplicate(let receipt): return Self.json(.ok, receipt.json)
        case .problems(let problems): return Self.problems(problems)
        case .conflict(let message): return Self.error(.conflict, message)
        case .unavailable(let message):
            var answer = Self.error(.serviceUnavailable, message)
            answer.headers[.retryAfter] = "5"
            return answer
        }
    }

    /// What became of a submission.
    enum Outcome {
        /// Stored, durably.
        case stored(Receipt)
        /// The same response was stored before: its first receipt.
        case duplicate(Receipt)
        /// Not valid: every problem found.
        case problems([ResponseProblem])
        /// The id is taken by a different response.
        case conflict(String)
        /// Storage failed; the sender may try again later.
        case unavailable(String)
    }

    /// Validates a response (with the attachments that arrived with it) and stores it with the token's organisation.
    func accept(
        _ response: CanvassResponses.Response, uploads: [Upload], for served: ServedForm, token: TokenRecord
    ) async -> Outcome {
        var response = response
        let validation = served.validator.validate(response)
        guard validation.isValid else { return .problems(validation.problems) }
        let attachmentProblems = await checkAttachments(response, uploads: uploads, token: token)
        guard attachmentProblems.isEmpty else { return .problems(attachmentProblems) }
        // Files are placed in the store before the commit (a stored response never lacks its files); if the
        // response is then refused, the files this request brought in are taken out again.
        let hashes = uploads.map(\.sha256)
        var kept = false
        defer {
            let unwanted = placements.end(hashes, kept: kept)
            if !unwanted.isEmpty { store.attachments.remove(unwanted) }
        }
        do {
            for upload in uploads { placements.begin(upload.sha256, created: try await upload.place()) }
        } catch {
            logger.error("attachment storage failed", metadata: ["reason": "\(error)"])
            return .unavailable("the collector could not store the attachments; try again later")
        }
        response.answers = validation.answers
        let body = response.canonicalBytes
        let submission = Submission(
            id: response.id, form: response.form, formVersion: response.formVersion,
            organisation: token.organisation ?? "", tokenId: token.id, deprecates: response.deprecates, body: body,
            sha256: hex(SHA256.hash(data: body)))
        switch await committer.submit(submission) {
        case .success(.stored(let receipt)):
            kept = true
            return .stored(receipt)
        case .success(.duplicate(let receipt)):
            kept = true
            return .duplicate(receipt)
        case .success(.conflict(let message)): return .conflict(message)
        case .success(.badCorrection(let message)):
            return .problems([ResponseProblem(question: "deprecates", message: message)])
        case .failure(let failure):
            logger.error("storage failed", metadata: ["reason": "\(failure)"])
            return .unavailable("the collector could not store the response; try again later")
        }
    }

    /// Every attachment the response lists must have arrived in this request with the same bytes (or, for a
    /// resubmission of a response this organisation already sent, be stored); every file that arrived must be listed.
    private func checkAttachments(
        _ response: CanvassResponses.Response, uploads: [Upload], token: TokenRecord
    ) async -> [ResponseProblem] {
        let listed = response.attachments
        var problems: [ResponseProblem] = []
        // A file may be left out only when resubmitting a response this organisation stored with that very file:
        // the file store itself is never consulted, so no one can cite, or probe for, someone else's document.
        let alreadyStored: Set<String> =
            uploads.count < listed.count
            ? ((try? await store.attachmentKeys(ofResponse: response.id, organisation: token.organisation ?? "")) ?? [])
            : []
        let byName = Dictionary(uploads.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for attachment in listed {
            if let upload = byName[attachment.name] {
                if upload.sha256 != attachment.sha256 || upload.bytes != attachment.bytes {
                    problems.append(
                        ResponseProblem(
                            question: attachment.question,
                            message:
                                "the file '\(attachment.name)' that arrived (\(upload.bytes) bytes) does not match the "
                                + "size and SHA-256 the response lists; send it again"))
                }
            } else if !alreadyStored.contains("\(attachment.name)\n\(attachment.sha256)") {
                problems.append(
                    ResponseProblem(
                        question: attachment.question,
                        message:
                            "the file '\(attachment.name)' was not sent; send the response as multipart/form-data "
                            + "with one part per attachment"))
            }
        }
        let listedNames = Set(listed.map(\.name))
        for upload in uploads where !listedNames.contains(upload.name) {
            problems.append(
                ResponseProblem(
                    question: "attachments",
                    message: "the file '\(upload.name)' was sent but the response does not list it"))
        }
        return problems
    }

    // MARK: Reading

    private func readResponses(_ request: Request, context: CollectorContext) async -> Response {
        let token: TokenRecord
        switch await authenticate(request) {
        case .success(let record): token = record
        case .failure(let refusal): return refusal.response
        }
        let formID = context.parameters.get("form") ?? ""
        guard forms[formID] != nil else { return Self.unknownForm(context) }
        guard token.mayRead(formID) else {
            let message =
                token.role == .submitter
                ? "a submitter token cannot read responses; ask the council for an analyst token"
                : "this token may not read the responses to '\(formID)'"
            return Self.error(.forbidden, message)
        }
        await store.touchToken(token.id)
        let query = request.uri.queryParameters
        var after: Int64 = 0
        if let since = query["since"].map(String.init) {
            if let sequence = Int64(since), sequence >= 0 {
                after = sequence
            } else if let time = Timestamp.normalised(since) {
                do { after = try await store.lastSequence(before: time) } catch {
                    return unavailable(error)
                }
            } else {
                return Refusal(
                    .badRequest,
                    "since must be a sequence number (the Canvass-Last-Sequence header of an earlier read) "
                        + "or an RFC 3339 time such as 2026-11-28T10:00:00Z"
                ).response
            }
        }
        let includingReplaced = query["replaced"].map { $0 == "1" || $0 == "true" } ?? false
        let store = self.store
        var headers: HTTPFields = [.contentType: "application/x-ndjson; charset=utf-8"]
        if let text = query["limit"].map(String.init) {
            // One page: at most `limit` responses, and the sequence to read on from.
            guard let limit = Int(text), (1...10_000).contains(limit) else {
                return Refusal(.badRequest, "limit must be a whole number from 1 to 10000").response
            }
            do {
                // Read before the page: a response stored meanwhile is either in the page or after the cursor.
                let highest = try store.highestSequence()
                let page = try await store.responsesPage(
                    to: formID, after: after, limit: limit, includingReplaced: includingReplaced)
                let pageEnd = page.last?.sequence ?? after
                let last = page.count == limit ? pageEnd : max(highest, pageEnd)
                headers[.lastSequence] = String(max(last, after))
                var buffer = ByteBuffer()
                for stored in page {
                    buffer.writeBytes(stored.body)
                    buffer.writeInteger(UInt8(ascii: "\n"))
                }
                return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: buffer))
            } catch {
                return unavailable(error)
            }
        }
        do {
            let highest = try store.highestSequence()
            headers[.lastSequence] = String(highest)
            let body = ResponseBody { [after] writer in
                var cursor = after
                while cursor < highest {
                    // Small pages: a response may be up to maxResponseBytes, and a page is held in memory.
                    let page = try await store.responsesPage(
                        to: formID, after: cursor, limit: 64, includingReplaced: includingReplaced)
                    var buffer = ByteBuffer()
                    for stored in page where stored.sequence <= highest {
                        buffer.writeBytes(stored.body)
                        buffer.writeInteger(UInt8(ascii: "\n"))
                    }
                    if buffer.readableBytes > 0 { try await writer.write(buffer) }
                    guard let lastRow = page.last, page.count == 64 else { break }
                    cursor = lastRow.sequence
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: headers, body: body)
        } catch {
            return unavailable(error)
        }
    }

    // MARK: Tokens

    private func authenticate(_ request: Request) async -> Swift.Result<TokenRecord, Refusal> {
        guard let header = request.headers[.authorization] else {
            return .failure(Refusal(.unauthorized, "this needs a token: send the header Authorization: Bearer TOKEN"))
        }
        // Most requests bring a token already checked: found by the header as sent, without parsing or hashing it.
        if let known = tokens.recentlyVerified(header) { return .success(known) }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", let text = TokenText(parts[1]) else {
            return .failure(
                Refusal(.unauthorized, "the Authorization header must be 'Bearer ' and a canvass_… token"))
        }
        return await verify(text, key: header)
    }

    /// Checks a token against the store (or the recent checks, by `key`).
    func verify(_ text: TokenText, key: String) async -> Swift.Result<TokenRecord, Refusal> {
        let record: TokenRecord?
        do { record = try await tokens.authenticate(text, header: key) } catch {
            logger.error("token check failed", metadata: ["reason": "\(error)"])
            return .failure(Refusal(.serviceUnavailable, "the collector could not check the token; try again later"))
        }
        guard let record else {
            return .failure(Refusal(.unauthorized, "the token is not known or was revoked; ask for a new one"))
        }
        return .success(record)
    }

    // MARK: Answers

    static func json(_ status: HTTPResponse.Status, _ value: JSONValue) -> Response {
        var buffer = ByteBuffer()
        buffer.writeString(value.canonicalText)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: buffer))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        var response = json(status, .object(["error": .string(message)]))
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }

    /// The response, followed by closing the connection's input once it is written.
    static func closingInput(_ response: Response, channel: (any Channel)?) -> Response {
        guard let channel else { return response }
        var response = response
        let body = response.body
        response.headers[.connection] = "close"
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            try await body.write(writer)
            channel.close(mode: .input, promise: nil)
        }
        return response
    }

    static func problems(_ problems: [ResponseProblem]) -> Response {
        json(.badRequest, .array(problems.map(\.json)))
    }

    static func tooLarge(_ limit: Int) -> Response {
        var response = error(.contentTooLarge, "the submission is larger than the collector accepts (\(limit) bytes)")
        response.headers[.connection] = "close"
        return response
    }

    static func unknownForm(_ context: CollectorContext) -> Response {
        error(.notFound, "this collector has no form '\(context.parameters.get("form") ?? "")'; GET /forms lists them")
    }

    private func unavailable(_ error: any Error) -> Response {
        logger.error("store read failed", metadata: ["reason": "\(error)"])
        var response = Self.error(.serviceUnavailable, "the collector could not read its store; try again later")
        response.headers[.retryAfter] = "5"
        return response
    }
}

/// A form the collector serves, with its validator made once.
struct ServedForm: Sendable {
    let form: Form
    let validator: ResponseValidator

    init(form: Form) {
        self.form = form
        self.validator = ResponseValidator(form: form)
    }
}

/// A request refused before it reached the store.
struct Refusal: Error {
    let status: HTTPResponse.Status
    let message: String
    /// Whether the whole request body had been read when it was refused (so the connection can be kept).
    let bodyConsumed: Bool

    init(_ status: HTTPResponse.Status, _ message: String, bodyConsumed: Bool = false) {
        self.status = status
        self.message = message
        self.bodyConsumed = bodyConsumed
    }

    var response: Response {
        switch status {
        case .badRequest: return Collector.problems([ResponseProblem(question: "response", message: message)])
        case .contentTooLarge:
            var response = Collector.error(status, message)
            response.headers[.connection] = "close"
            return response
        case .serviceUnavailable:
            var response = Collector.error(status, message)
            response.headers[.retryAfter] = "5"
            return response
        default: return Collector.error(status, message)
        }
    }
}

extension Receipt {
    /// The body of a 201 or 200 answer.
    var json: JSONValue {
        .object(["id": .string(id), "sha256": .string(sha256), "receivedAt": .string(receivedAt)])
    }
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    static let lastSequence = Self("Canvass-Last-Sequence")!
}

/// Runs the group committer for as long as the application runs; it stops after the server has stopped.
struct CommitterService: Service {
    let committer: GroupCommitter
    let logger: Logger

    func run() async throws {
        try await withTaskCancellationOrGracefulShutdownHandler {
            await committer.run()
        } onCancelOrGracefulShutdown: {
            committer.stop()
        }
        logger.notice(
            "store closed",
            metadata: [
                "submissions": "\(committer.submissionCount)", "transactions": "\(committer.transactionCount)",
            ])
    }
}

/// A collector running in this process.
public struct RunningCollector: Sendable {
    /// The port it listens on.
    public let port: Int
    let group: ServiceGroup
    let task: Task<Void, any Error>

    /// Stops it as SIGTERM would: the requests in progress finish and what they brought is stored.
    public func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }
}
