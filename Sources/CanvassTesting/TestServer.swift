public import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fault-injecting HTTP/1.1 server for tests, listening on 127.0.0.1 on a port the system picks.
///
/// Each connection is served on its own thread and kept alive between requests. For every request the server
/// reads the head, asks the test's handler how to behave (answer, reset, stall, refuse early…), records the
/// request and counts it by its `Idempotency-Key`. A test starts the server and must stop it: `stop()` wakes and
/// joins every thread and closes every socket, so nothing outlives the test.
///
/// ```swift
/// let server = try TestServer { request in
///     request.path == "/healthz" ? .status(200) : .serviceUnavailable(retryAfter: 1)
/// }
/// defer { server.stop() }
/// ```
public final class TestServer: Sendable {
    /// Chooses how to behave for a request, given its head (its `body` is still empty).
    public typealias Handler = @Sendable (Request) -> Behaviour

    /// The port the server listens on.
    public let port: Int
    /// The address the server listens on, e.g. `127.0.0.1`.
    public let host: String
    private let core: ServerCore

    /// Starts a server on `host` and a free port.
    ///
    /// - Parameters:
    ///   - host: an IPv4 address to bind (`127.0.0.1`, or another loopback address on Linux).
    ///   - recordedBodyLimit: the most body bytes kept per recorded request; longer bodies are still read and
    ///     counted in `bodyLength`, so a test can send a large file without the server holding it in memory.
    ///   - handler: how to behave for each request.
    public init(
        host: String = "127.0.0.1", recordedBodyLimit: Int = 32 << 20, handler: @escaping Handler
    ) throws(TestServerError) {
        let (listener, port) = try ServerCore.listen(on: host)
        self.host = host
        self.port = port
        self.core = ServerCore(listener: listener, recordedBodyLimit: recordedBodyLimit, handler: handler)
        try core.start()
    }

    deinit { core.stop() }

    /// Starts a server, runs `body` with it, and stops it when `body` returns or throws.
    public static func serving<T>(
        recordedBodyLimit: Int = 32 << 20, handler: @escaping Handler, _ body: (TestServer) async throws -> T
    ) async throws -> T {
        let server = try TestServer(recordedBodyLimit: recordedBodyLimit, handler: handler)
        defer { server.stop() }
        return try await body(server)
    }

    /// Starts a server that behaves the same way for every request, runs `body` with it, and stops it when `body`
    /// returns or throws.
    public static func serving<T>(
        always behaviour: Behaviour, recordedBodyLimit: Int = 32 << 20, _ body: (TestServer) async throws -> T
    ) async throws -> T {
        try await serving(recordedBodyLimit: recordedBodyLimit, handler: { _ in behaviour }, body)
    }

    /// Stops the server: closes the listening socket and every connection and joins every thread. Idempotent.
    public func stop() { core.stop() }

    /// The server's base URL, `http://127.0.0.1:PORT`.
    public var url: URL { url("") }

    /// The URL of `path` on this server, e.g. `url("/forms/x/responses")`.
    public func url(_ path: String) -> URL {
        // A literal IPv4 address and a decimal port always make a valid URL.
        URL(string: "http://\(host):\(port)\(path)") ?? URL(fileURLWithPath: "/")
    }

    /// Replaces the handler for requests that arrive from now on.
    public func setHandler(_ handler: @escaping Handler) { core.state.withLock { $0.handler = handler } }

    /// Every request received so far, in the order they were read, with their bodies.
    public var requests: [Request] { core.state.withLock { $0.requests } }

    /// How many TCP connections the server has accepted.
    public var connectionCount: Int { core.state.withLock { $0.connections } }

    /// How many requests arrived carrying each `Idempotency-Key`, whatever the server did with them.
    public var submissionCounts: [String: Int] { core.state.withLock { $0.submissions } }

    /// How many requests arrived with `Idempotency-Key: key`.
    public func submissions(withKey key: String) -> Int { core.state.withLock { $0.submissions[key] ?? 0 } }
}

/// The test server could not start.
public struct TestServerError: Error, Sendable, CustomStringConvertible {
    /// What failed, with the system's reason.
    public var description: String
}

/// The server's sockets, threads and records; the threads hold this, not the `TestServer`, so a server that a
/// test forgets to stop is still stopped when it is released.
final class ServerCore: Sendable {
    struct State {
        var handler: TestServer.Handler
        var requests: [TestServer.Request] = []
        var submissions: [String: Int] = [:]
        var connections = 0
        var stopped = false
    }

    let state: Mutex<State>
    let recordedBodyLimit: Int
    private let listener: Int32
    /// Written once by `stop()` and never drained, so every `poll` that includes it wakes from then on.
    private let wake: (read: Int32, write: Int32)
    private let threads = DispatchGroup()

    init(listener: Int32, recordedBodyLimit: Int, handler: @escaping TestServer.Handler) {
        self.listener = listener
        self.recordedBodyLimit = recordedBodyLimit
        self.state = Mutex(State(handler: handler))
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        }
        self.wake = (fds[0], fds[1])
    }

    /// Makes a listening socket on `host` and a free port.
    static func listen(on host: String) throws(TestServerError) -> (Int32, Int) {
        let fd = socket(AF_INET, socketStream, 0)
        guard fd >= 0 else { throw failure("socket") }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(fd)
            throw TestServerError(description: "\(host) is not an IPv4 address")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(fd, address, length) == 0 && getsockname(fd, address, &length) == 0
            }
        }
        guard bound, systemListen(fd, 128) == 0 else {
            let error = failure("bind or listen on \(host)")
            close(fd)
            throw error
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    func start() throws(TestServerError) {
        // The listener is closed by `stop()`, which `TestServer.deinit` calls when its init throws.
        guard wake.read >= 0 else { throw Self.failure("pipe") }
        spawn { $0.acceptConnections() }
    }

    func stop() {
        let first = state.withLock { state in
            defer { state.stopped = true }
            return !state.stopped
        }
        guard first else {
            threads.wait()
            return
        }
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
        threads.wait()
        close(listener)
        close(wake.read)
        close(wake.write)
    }

    /// Runs `body` on a new thread that `stop()` joins.
    private func spawn(_ body: @escaping @Sendable (ServerCore) -> Void) {
        threads.enter()
        let thread = Thread { [self] in
            body(self)
            threads.leave()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func acceptConnections() {
        while wait(for: listener, events: Int16(POLLIN), milliseconds: -1) == .ready {
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else {  // EINTR, ECONNABORTED, EMFILE: wait a moment, then let the next poll decide
                _ = pause(seconds: 0.01)
                continue
            }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            var yes: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            #if canImport(Darwin)
                setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &yes, socklen_t(MemoryLayout<Int32>.size))
            #endif
            let id = state.withLock { state -> Int? in
                guard !state.stopped else { return nil }
                state.connections += 1
                return state.connections
            }
            guard let id else {
                close(fd)
                return
            }
            spawn { $0.serve(ServerConnection(fd: fd, id: id, core: $0)) }
        }
    }

    /// What `wait(for:events:milliseconds:)` saw.
    enum Readiness { case ready, timedOut, stopped }

    /// Waits until `fd` is ready for `events`, the time is up (`-1`: never), or the server stops.
    func wait(for fd: Int32, events: Int16, milliseconds: Int) -> Readiness {
        let deadline = Date().addingTimeInterval(Double(min(milliseconds, 86_400_000)) / 1000)
        var fds = [
            pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0), pollfd(fd: fd, events: events, revents: 0),
        ]
        while true {
            let left = milliseconds < 0 ? -1 : Int32(clamping: max(0, Int(deadline.timeIntervalSinceNow * 1000)))
            let count = poll(&fds, fd < 0 ? 1 : 2, left)
            if count < 0, errno == EINTR { continue }
            if count < 0 || fds[0].revents != 0 { return .stopped }
            return count == 0 ? .timedOut : .ready
        }
    }

    /// Sleeps for `seconds`, waking early if the server stops; returns whether it is still running.
    func pause(seconds: Double) -> Bool {
        // At most a day, and never a negative or NaN time, so the conversion below cannot trap.
        let clamped = seconds.isNaN ? 0 : min(max(seconds, 0), 86_400)
        return wait(for: -1, events: 0, milliseconds: Int(clamped * 1000)) == .timedOut
    }

    func record(_ request: TestServer.Request) {
        state.withLock { state in
            state.requests.append(request)
            if let key = request.idempotencyKey { state.submissions[key, default: 0] += 1 }
        }
    }

    /// Serves requests on one connection until the client closes it, a behaviour ends it, or the server stops.
    private func serve(_ connection: ServerConnection) {
        defer { connection.close() }
        while let head = connection.readHead() {
            let handler = state.withLock { $0.handler }
            if !perform(handler(head), for: head, on: connection) { return }
        }
    }

    /// Carries out a behaviour; returns whether the connection may serve another request.
    private func perform(
        _ behaviour: TestServer.Behaviour, for head: TestServer.Request, on connection: ServerConnection
    ) -> Bool {
        switch behaviour {
        case .respond(let reply):
            return answer(with: { _ in reply }, head: head, on: connection)
        case .reply(let makeReply):
            return answer(with: makeReply, head: head, on: connection)
        case .reset:
            record(connection.readBody(of: head))
            connection.reset()
            return false
        case .stallMidBody(let afterBytes, let seconds):
            record(connection.readBody(of: head, upTo: afterBytes))
            _ = pause(seconds: seconds)
            return false
        case .stallBeforeAnswer(let seconds, let then):
            let request = connection.readBody(of: head)
            record(request)
            guard request.isComplete, pause(seconds: seconds), let then else { return false }
            return connection.send(then, to: request)
        case .refuseEarly(let reply):
            record(head)
            var closing = reply
            closing.headers.append(("Connection", "close"))
            _ = connection.send(closing, to: head)
            connection.lingeringClose(seconds: 2)
            return false
        }
    }

    /// Reads the whole body, records the request and sends the reply made from it.
    private func answer(
        with makeReply: (TestServer.Request) -> TestServer.Reply, head: TestServer.Request,
        on connection: ServerConnection
    ) -> Bool {
        let request = connection.readBody(of: head)
        record(request)
        guard request.isComplete else { return false }
        return connection.send(makeReply(request), to: request)
    }

    static func failure(_ call: String) -> TestServerError {
        TestServerError(description: "test server: \(call) failed: \(String(cString: strerror(errno)))")
    }
}

#if canImport(Glibc)
    let socketStream = Int32(SOCK_STREAM.rawValue)
    private let systemListen = Glibc.listen
#else
    let socketStream = SOCK_STREAM
    private let systemListen = Darwin.listen
#endif
