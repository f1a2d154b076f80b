internal import CCurl
import Foundation
import Synchronization

/// An HTTP client over libcurl's multi interface: many requests at once on one thread, connections reused,
/// HTTP/2 where the server offers it, peer verification on, and timeouts that fail fast on a dead connection.
public final class HTTPClient: Sendable {
    /// How the client connects.
    public struct Configuration: Sendable {
        /// How long to wait for a connection.
        public var connectTimeout: Duration = .seconds(10)
        /// A transfer slower than `lowSpeedLimit` bytes/s for `lowSpeedTime` is abandoned as stalled.
        public var lowSpeedLimit = 1
        /// See `lowSpeedLimit`.
        public var lowSpeedTime: Duration = .seconds(30)
        /// The longest a whole request may take.
        public var totalTimeout: Duration = .seconds(300)
        /// A file of CA certificates to verify servers with, instead of the system's.
        public var caBundle: String?
        /// Skip verifying the server's certificate; only when the user asks (`--insecure`).
        public var insecure = false
        /// The most connections open to one host.
        public var maxConnectionsPerHost = 16

        /// The defaults.
        public init() {}
    }

    private let configuration: Configuration
    private let loop: TransferLoop

    /// Starts a client and its transfer thread.
    public init(configuration: Configuration = Configuration()) {
        _ = HTTPClient.globalInit
        self.configuration = configuration
        self.loop = TransferLoop(maxConnectionsPerHost: configuration.maxConnectionsPerHost)
    }

    // The transfer thread holds the loop, not the client, so a client nobody shut down still stops when released.
    deinit {
        shutdown()
    }

    /// libcurl's global set-up, done once before any handle is made.
    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    /// Sends a request and waits for its response (any status), or throws why none arrived.
    public func perform(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let result: Result<HTTPResponse, TransportError> = await withCheckedContinuation { continuation in
            let transfer = Transfer(request: request, configuration: configuration, continuation: continuation)
            if !loop.add(transfer) {
                transfer.complete(.failure(TransportError(code: .other, message: "the client is shut down")))
            }
        }
        return try result.get()
    }

    /// Finishes the transfers under way and stops the thread; later requests fail. Every caller waits until the
    /// thread has stopped.
    public func shutdown() {
        loop.shutdown()
    }
}

/// The thread that drives libcurl's multi handle, and the queue of transfers waiting to join it.
private final class TransferLoop: Sendable {
    private struct Queue {
        var pending: [Transfer] = []
        var shuttingDown = false
    }

    private let queue = Mutex(Queue())
    private let multi = MultiHandle()
    /// Entered while the thread runs; `shutdown()` waits on it, however many callers there are.
    private let running = DispatchGroup()

    init(maxConnectionsPerHost: Int) {
        canvass_multi_setopt_long(multi.pointer, CURLMOPT_MAX_HOST_CONNECTIONS, maxConnectionsPerHost)
        canvass_multi_setopt_long(multi.pointer, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        running.enter()
        let thread = Thread { [self] in
            run()
            running.leave()
        }
        thread.name = "canvass-http"
        thread.start()
    }

    /// Queues a transfer for the thread; false once shutting down.
    func add(_ transfer: Transfer) -> Bool {
        let accepted = queue.withLock { queue -> Bool in
            guard !queue.shuttingDown else { return false }
            queue.pending.append(transfer)
            return true
        }
        if accepted { curl_multi_wakeup(multi.pointer) }
        return accepted
    }

    func shutdown() {
        let first = queue.withLock { queue -> Bool in
            defer { queue.shuttingDown = true }
            return !queue.shuttingDown
        }
        if first { curl_multi_wakeup(multi.pointer) }
        running.wait()
    }

    /// The transfer loop: add new transfers, let libcurl work, complete what finished, wait for activity.
    private func run() {
        var transfers: [UnsafeMutableRawPointer: Transfer] = [:]
        while true {
            let (incoming, stopping) = queue.withLock { queue in
                defer { queue.pending.removeAll() }
                return (queue.pending, queue.shuttingDown)
            }
            for transfer in incoming { start(transfer, in: &transfers) }
            if stopping, transfers.isEmpty { break }
            var active: Int32 = 0
            curl_multi_perform(multi.pointer, &active)
            var left: Int32 = 0
            while let message = curl_multi_info_read(multi.pointer, &left) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                    let transfer = transfers.removeValue(forKey: easy)
                else { continue }
                let code = message.pointee.data.result
                curl_multi_remove_handle(multi.pointer, easy)
                if let retry = transfer.finish(code) {
                    // A same-host redirect: the transfer goes round again with its new URL.
                    start(retry, in: &transfers)
                }
            }
            curl_multi_poll(multi.pointer, nil, 0, 1000, nil)
        }
    }

    /// Sets a transfer up and hands it to libcurl; one that cannot start is completed with why, never left waiting.
    private func start(_ transfer: Transfer, in transfers: inout [UnsafeMutableRawPointer: Transfer]) {
        if let failure = transfer.prepare() {
            transfer.complete(.failure(failure))
            return
        }
        guard curl_multi_add_handle(multi.pointer, transfer.easy) == CURLM_OK else {
            transfer.complete(
                .failure(TransportError(code: .other, message: "the request to \(transfer.host) could not be started")))
            return
        }
        transfers[transfer.easy] = transfer
    }
}

/// libcurl's multi handle, cleaned up when the transfer loop ends.
private final class MultiHandle: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer

    init() {
        // curl_multi_init fails only when memory is exhausted, which nothing here could recover from anyway.
        guard let pointer = curl_multi_init() else { fatalError("libcurl could not create a multi handle") }
        self.pointer = pointer
    }

    deinit { curl_multi_cleanup(pointer) }
}
