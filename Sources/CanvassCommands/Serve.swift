import ArgumentParser
import CanvassCollector
import CanvassForms
import Foundation
import Logging

/// `canvass serve`: the collector.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the collector: receive, validate and store responses.",
        discussion: """
            Serves the forms in --forms and stores what providers submit in --data (an SQLite database and the \
            attachments). Submissions need a token from `canvass token create`. SIGTERM or SIGINT (Ctrl-C) \
            finishes the requests in progress, then stops. Logs go to standard error and never hold answers or \
            tokens.
            """
    )

    @Option(help: "The folder of forms to serve.")
    var forms = "Forms"

    @Option(help: "The data folder: the store of responses, attachments and tokens.")
    var data: String

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port, printed at start).")
    var port = 8080

    @Option(help: "The largest submission accepted, attachments included, in MiB.")
    var maxBodyMib = 64

    @Option(help: "Submissions a second each token may make on average (0: no limit).")
    var rateLimit = 100.0

    @Option(help: "How many submissions a token may make at once before --rate-limit applies.")
    var rateBurst = 200.0

    @Option(help: "Seconds a connection may stay idle before it is closed.")
    var idleTimeout = 60

    @Option(help: "Seconds SIGTERM waits for requests in progress before cancelling them.")
    var shutdownGrace = 30

    @Option(help: "The least important log messages written: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    // Hidden: the most responses per transaction; the benchmark sets 1 to measure one commit per request.
    @Option(help: .hidden)
    var maxBatch = 1024

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard (1...4096).contains(maxBodyMib) else { throw ValidationError("--max-body-mib must be from 1 to 4096") }
        guard rateLimit >= 0, rateBurst >= 1 else {
            throw ValidationError("--rate-limit must not be negative and --rate-burst must be at least 1")
        }
        guard shutdownGrace >= 0 else { throw ValidationError("--shutdown-grace must not be negative") }
        guard idleTimeout >= 1 else { throw ValidationError("--idle-timeout must be at least 1 second") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        guard maxBatch >= 1 else { throw ValidationError("--max-batch must be at least 1") }
    }

    func run() async throws {
        let console = Console.current
        let served = try FormFiles.expand([forms]).map(loadForm)
        if let clash = Dictionary(grouping: served, by: \.id).first(where: { $0.value.count > 1 }) {
            throw CommandFailure.badInput("\(forms) has \(clash.value.count) forms with the id '\(clash.key)'")
        }
        let lock = try DataFolderLock(folder: data)
        defer { lock.release() }
        let store: CollectorStore
        do {
            store = try CollectorStore(folder: data)
            store.removeInterruptedUploads()
            try store.saveForms(served)
        } catch { throw CommandFailure.environment(error.description) }

        var settings = CollectorConfiguration()
        settings.host = host
        settings.port = port
        settings.maxBodyBytes = maxBodyMib << 20
        settings.rateLimit = rateLimit
        settings.rateBurst = rateBurst
        settings.idleTimeout = .seconds(idleTimeout)
        settings.maxBatch = maxBatch
        settings.shutdownGrace = .seconds(shutdownGrace)
        var logger = Logger(label: "canvass.serve") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info

        let collector = Collector(forms: served, store: store, configuration: settings, logger: logger)
        let names = served.map(\.id).sorted().joined(separator: ", ")
        do {
            try await collector.run { port in
                console.line("canvass serve: listening on http://\(host):\(port) (forms: \(names); data: \(data))")
            }
        } catch {
            throw CommandFailure.environment("the collector stopped: \(error)")
        }
        do { try store.close() } catch { throw CommandFailure.environment(error.description) }
        console.line("canvass serve: stopped; every response acknowledged is stored")
    }
}

/// An exclusive lock on a data folder, so two collectors never serve the same store.
struct DataFolderLock {
    private let descriptor: Int32

    init(folder: String) throws(CommandFailure) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .environment("could not create the data folder \(folder): \(error.localizedDescription)")
        }
        let path = (folder as NSString).appendingPathComponent(".serve.lock")
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .environment("could not open \(path): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw .badInput("another canvass serve is using \(folder); stop it first or give another --data folder")
        }
    }

    func release() { close(descriptor) }
}
