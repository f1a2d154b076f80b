import ArgumentParser
import CanvassForms
import CanvassOutbox
import CanvassResponses
import CanvassTransport
import Foundation
import Synchronization

/// `canvass send`: posts every ready response to the collector, each exactly once.
struct Send: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send the responses in the Outbox to the collector.",
        discussion: """
            Each response in OUTBOX/ready/ is posted to URL/forms/FORM/responses with its id as the \
            Idempotency-Key, several at once. Stored ones move to sent/ with the collector's receipt; ones the \
            collector refuses for good (400, 409, 413) move to rejected/ with its reason; anything that fails for \
            now (no connection, a timeout, 429, 5xx) is retried with back-off and, if still unsent, stays in ready/ \
            for the next run. A refused token (401/403) or an unknown form (404) stops the run and leaves \
            everything in ready/. Exit status 0 only when everything was sent.
            """
    )

    @Option(help: "The Outbox folder.")
    var outbox = "Outbox"

    @Option(help: "The collector's address. Without it, each form's settings.submission_url is used.")
    var to: String?

    @Option(help: "The submitter token. Without it, the CANVASS_TOKEN environment variable is used.")
    var token: String?

    @Option(help: "The folder of forms, to find settings.submission_url when --to is not given.")
    var forms = "Forms"

    @Option(help: "How many responses to send at once.")
    var concurrency = 8

    @Option(help: "Tries per response before it is left for the next run.")
    var maxAttempts = 5

    @Option(help: "The first retry's longest wait, in milliseconds (later ones double it, up to 30 s).")
    var retryDelay = 500

    @Option(help: "A file of CA certificates to verify the collector with.")
    var caBundle: String?

    @Flag(help: "Do not verify the collector's certificate (testing only).")
    var insecure = false

    // Hidden: the longest one request may take, in seconds; tests use it to give up on a stalled collector quickly.
    @Option(help: .hidden)
    var timeout: Double?

    func validate() throws {
        guard (1...256).contains(concurrency) else { throw ValidationError("--concurrency must be from 1 to 256") }
        guard maxAttempts >= 1 else { throw ValidationError("--max-attempts must be at least 1") }
        guard retryDelay >= 0 else { throw ValidationError("--retry-delay must not be negative") }
        if let timeout, !(timeout > 0 && timeout <= 3600) {
            throw ValidationError("--timeout must be more than 0 and at most 3600 seconds")
        }
    }

    func run() async throws {
        let console = Console.current
        guard let token = token ?? ProcessInfo.processInfo.environment["CANVASS_TOKEN"], !token.isEmpty else {
            throw CommandFailure.badInput(
                "give the submitter token with --token or the CANVASS_TOKEN environment variable")
        }
        let collector = try collectorAddress()
        let box = Outbox(root: outbox)
        do {
            try box.prepare()
        } catch {
            throw CommandFailure.environment(error.message)
        }
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.caBundle = caBundle
        clientConfiguration.insecure = insecure
        clientConfiguration.maxConnectionsPerHost = concurrency
        if let timeout {
            let limit = Duration.milliseconds(Int((timeout * 1000).rounded()))
            clientConfiguration.totalTimeout = limit
            clientConfiguration.lowSpeedTime = min(clientConfiguration.lowSpeedTime, limit)
        }
        let client = HTTPClient(configuration: clientConfiguration)
        defer { client.shutdown() }
        var options = OutboxSender.Options(collector: collector, token: token)
        options.concurrency = concurrency
        options.maxAttempts = maxAttempts
        options.baseDelay = .milliseconds(retryDelay)
        let sender = OutboxSender(outbox: box, client: client, options: options)

        let done = Mutex(0)
        let finished: [String: OutboxSender.Outcome]?
        do {
            finished = try await box.asOnlySender {
                // Counted once the lock is held: a sender that just finished may have emptied ready/.
                let total = box.ids(in: .ready).count
                guard total > 0 else {
                    console.line("Nothing to send: \(box.folder(.ready)) is empty.")
                    return nil
                }
                console.line("Sending \(total) response\(total == 1 ? "" : "s") from \(box.folder(.ready)).")
                return try await sender.sendAll { id, outcome in
                    let count = done.withLock { count -> Int in
                        count += 1
                        return count
                    }
                    Self.report(id, outcome, count: count, total: total, console: console)
                }
            }
        } catch let stop as OutboxSender.Stop {
            if console.isTerminal { console.write("\n") }
            throw stop.isInputProblem ? CommandFailure.badInput(stop.message) : CommandFailure.environment(stop.message)
        } catch let error as OutboxError {
            if console.isTerminal { console.write("\n") }
            throw error.isEnvironmental
                ? CommandFailure.environment(error.message) : CommandFailure.badInput(error.message)
        }
        guard let outcomes = finished else { return }
        if console.isTerminal { console.write("\n") }
        let sent = outcomes.values.filter { $0 == .sent }.count
        let already = outcomes.values.filter { $0 == .alreadyStored }.count
        let rejected = outcomes.values.filter { if case .rejected = $0 { true } else { false } }.count
        let left = box.ids(in: .ready).count
        console.line(
            "Sent \(sent + already) (\(already) already stored), rejected \(rejected), left in ready \(left).")
        if rejected > 0 {
            throw CommandFailure.badInput(
                "\(rejected) response\(rejected == 1 ? " was" : "s were") refused; the reasons are in \(box.folder(.rejected))"
            )
        }
        if left > 0 {
            throw CommandFailure.environment(
                "\(left) response\(left == 1 ? " is" : "s are") still waiting in \(box.folder(.ready)); run canvass send again later"
            )
        }
    }

    /// The collector for each response: `--to`, or the form's `settings.submission_url`.
    private func collectorAddress() throws -> @Sendable (Response) -> URL? {
        if let to {
            guard let url = URL(string: to), let scheme = url.scheme?.lowercased(),
                scheme == "http" || scheme == "https",
                url.host != nil
            else {
                throw CommandFailure.badInput(
                    "--to must be an http or https address, e.g. https://collector.example.org")
            }
            return { _ in url }
        }
        let files = (try? FormFiles.expand([forms])) ?? []
        var addresses: [String: URL] = [:]
        for file in files {
            if let form = FormLoader.load(path: file).form, let address = form.submissionURL.flatMap(URL.init(string:))
            {
                addresses[form.id] = address
            }
        }
        guard !addresses.isEmpty else {
            throw CommandFailure.badInput(
                "give the collector's address with --to (no form in \(forms) has settings.submission_url)")
        }
        let found = addresses
        return { response in found[response.form] }
    }

    private static func report(
        _ id: String, _ outcome: OutboxSender.Outcome, count: Int, total: Int, console: Console
    ) {
        if console.isTerminal {
            let width = 30
            let filled = total == 0 ? width : min(width, width * count / total)
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            console.write("\r[\(bar)] \(count)/\(total)")
            return
        }
        switch outcome {
        case .sent: console.line("sent \(id)")
        case .alreadyStored: console.line("sent \(id) (the collector already had it)")
        case .rejected(let status):
            console.line("rejected \(id) (\(status)); the reason is in rejected/\(id).error.json")
        case .deferred(let reason): console.line("not sent \(id): \(reason); it stays in ready/")
        }
    }
}
