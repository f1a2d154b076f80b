import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One connection accepted by a `TestServer`: buffered reads, HTTP/1.1 framing and replies.
///
/// Used by one thread only. Every wait goes through `ServerCore.wait(for:events:milliseconds:)`, so `stop()`
/// interrupts it.
final class ServerConnection {
    private let fd: Int32
    private let id: Int
    private let core: ServerCore
    /// Received bytes not yet consumed are `buffer[start..<end]`; a request line or header must fit in it.
    private var buffer = [UInt8](repeating: 0, count: 64 << 10)
    private var start = 0
    private var end = 0
    private var closed = false

    init(fd: Int32, id: Int, core: ServerCore) {
        self.fd = fd
        self.id = id
        self.core = core
    }

    /// Reads the next request line and headers; `nil` when the client closed, the request was malformed (it has
    /// been answered 400), or the server stopped.
    func readHead() -> TestServer.Request? {
        var line = ""
        repeat {  // RFC 9112 §2.2: ignore empty lines before a request line
            guard let next = readLine() else { return nil }
            line = next
        } while line.isEmpty
        let words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard words.count == 3, words[2].hasPrefix("HTTP/1."), !words[0].isEmpty else {
            return badRequest("malformed request line")
        }
        var headers: [(name: String, value: String)] = []
        while true {
            guard let field = readLine() else { return nil }
            if field.isEmpty { break }
            guard let colon = field.firstIndex(of: ":"), headers.count < 200 else {
                return badRequest("malformed header field")
            }
            let value = field[field.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append((String(field[..<colon]), value))
        }
        let head = TestServer.Request(
            method: words[0], path: words[1], version: words[2], headers: headers, connection: id)
        if !head.isChunked, let length = head.header("content-length"), (Int(length) ?? -1) < 0 {
            return badRequest("bad Content-Length")
        }
        return head
    }

    /// Reads the body of `head`, keeping at most the server's `recordedBodyLimit` bytes of it. Stops after
    /// `limit` bytes (for `stallMidBody`); the result's `isComplete` says whether the whole body was read.
    func readBody(of head: TestServer.Request, upTo limit: Int = .max) -> TestServer.Request {
        var request = head
        if head.header("expect")?.lowercased() == "100-continue", limit > 0 {
            _ = write(Data("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        let keep = core.recordedBodyLimit
        let sink: (UnsafeRawBufferPointer) -> Void = { bytes in
            if request.body.count < keep { request.body.append(contentsOf: bytes.prefix(keep - request.body.count)) }
            request.bodyLength += bytes.count
        }
        // `sink` writes to `request`, so the outcome is stored only after it has finished.
        let complete: Bool
        if head.isChunked {
            complete = readChunks(upTo: limit, into: sink)
        } else {
            let length = head.declaredLength ?? 0
            complete = consume(min(length, limit), into: sink) == length
        }
        request.isComplete = complete
        return request
    }

    /// Sends `reply` to `request`; returns whether the connection stays open for another request.
    func send(_ reply: TestServer.Reply, to request: TestServer.Request) -> Bool {
        let closing =
            request.header("connection")?.lowercased() == "close"
            || (request.version == "HTTP/1.0" && request.header("connection")?.lowercased() != "keep-alive")
            || reply.headers.contains { $0.name.lowercased() == "connection" && $0.value.lowercased() == "close" }
        let noBody = reply.status == 204 || reply.status == 304 || (100..<200).contains(reply.status)
        var head = "HTTP/1.1 \(reply.status) \(TestServer.Reply.reason(for: reply.status))\r\n"
        for (name, value) in reply.headers where name.lowercased() != "content-length" {
            head += "\(name): \(value)\r\n"
        }
        if !noBody { head += "Content-Length: \(reply.body.count)\r\n" }
        if closing, !reply.headers.contains(where: { $0.name.lowercased() == "connection" }) {
            head += "Connection: close\r\n"
        }
        head += "\r\n"
        var bytes = Data(head.utf8)
        if !noBody, request.method != "HEAD" { bytes.append(reply.body) }
        return write(bytes) && !closing
    }

    /// Closes the connection with a TCP reset (SO_LINGER 0) instead of an orderly close.
    func reset() {
        guard !closed else { return }
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        close()
    }

    /// Stops sending, then reads and discards what the client still sends for up to `seconds`, so that it reads
    /// an early answer (413) instead of a reset, and closes.
    func lingeringClose(seconds: Double) {
        guard !closed else { return }
        shutdown(fd, Int32(SHUT_WR))
        let deadline = Date().addingTimeInterval(seconds)
        while deadline.timeIntervalSinceNow > 0 {
            start = 0
            end = 0
            guard fill(milliseconds: Int(deadline.timeIntervalSinceNow * 1000) + 1) else { break }
        }
        close()
    }

    /// Closes the socket (once).
    func close() {
        guard !closed else { return }
        closed = true
        _ = systemClose(fd)
    }

    private func badRequest(_ reason: String) -> TestServer.Request? {
        let head = TestServer.Request(method: "GET", path: "/", version: "HTTP/1.1", headers: [], connection: id)
        _ = send(.init(status: 400, headers: [("Connection", "close")], body: Data((reason + "\n").utf8)), to: head)
        return nil
    }

    /// Reads a chunked body; returns whether its last chunk and trailer were read.
    private func readChunks(upTo limit: Int, into sink: (UnsafeRawBufferPointer) -> Void) -> Bool {
        var total = 0
        while true {
            guard let line = readLine(), let sizeText = line.split(separator: ";").first,
                let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0
            else { return false }
            if size == 0 {
                while true {  // trailer fields, up to the empty line
                    guard let trailer = readLine() else { return false }
                    if trailer.isEmpty { return true }
                }
            }
            let wanted = min(size, max(0, limit - total))
            let got = consume(wanted, into: sink)
            total += got
            guard got == size, readLine() == "" else { return false }
        }
    }

    /// Passes the next `count` bytes to `sink` as they arrive; returns how many there were before the stream ended.
    private func consume(_ count: Int, into sink: (UnsafeRawBufferPointer) -> Void) -> Int {
        var remaining = count
        while remaining > 0 {
            if start == end, !fill() { break }
            let taken = min(remaining, end - start)
            buffer.withUnsafeBytes { sink(UnsafeRawBufferPointer(rebasing: $0[start..<(start + taken)])) }
            start += taken
            remaining -= taken
        }
        return count - remaining
    }

    /// The next line without its CRLF; `nil` at the end of the stream or when a line overflows the buffer.
    private func readLine() -> String? {
        var scanned = 0  // bytes after `start` already searched; `fill()` may move `start`, not this count
        while true {
            if let newline = buffer[(start + scanned)..<end].firstIndex(of: 10) {
                let stop = newline > start && buffer[newline - 1] == 13 ? newline - 1 : newline
                let line = String(decoding: buffer[start..<stop], as: UTF8.self)
                start = newline + 1
                return line
            }
            scanned = end - start
            guard fill() else { return nil }
        }
    }

    /// Receives more bytes into the buffer, first moving unread ones to its front if it is full; returns false at
    /// the end of the stream, on an error, a full buffer, a timeout or when the server stops.
    private func fill(milliseconds: Int = -1) -> Bool {
        if start == end {
            start = 0
            end = 0
        } else if end == buffer.count, start > 0 {
            buffer.replaceSubrange(0..<(end - start), with: buffer[start..<end])
            end -= start
            start = 0
        }
        guard end < buffer.count, !closed else { return false }
        while core.wait(for: fd, events: Int16(POLLIN), milliseconds: milliseconds) == .ready {
            let received = buffer.withUnsafeMutableBytes { bytes -> Int in
                guard let base = bytes.baseAddress else { return -1 }
                return recv(fd, base + end, bytes.count - end, Int32(MSG_DONTWAIT))
            }
            if received > 0 {
                end += received
                return true
            }
            if received < 0, errno == EAGAIN || errno == EINTR { continue }
            return false
        }
        return false
    }

    /// Sends all of `data`; false if the client went away or the server stopped.
    private func write(_ data: Data) -> Bool {
        guard !closed else { return false }
        var offset = 0
        while offset < data.count {
            let sent = data.withUnsafeBytes { bytes -> Int in
                guard let base = bytes.baseAddress else { return -1 }
                return systemSend(fd, base + offset, bytes.count - offset, sendFlags)
            }
            if sent > 0 {
                offset += sent
            } else if sent < 0, errno == EAGAIN || errno == EINTR {
                guard core.wait(for: fd, events: Int16(POLLOUT), milliseconds: -1) == .ready else { return false }
            } else {
                return false
            }
        }
        return true
    }
}

#if canImport(Glibc)
    private let sendFlags = Int32(MSG_DONTWAIT) | Int32(MSG_NOSIGNAL)
    private let systemClose = Glibc.close
    private let systemSend = Glibc.send
#else
    private let sendFlags = Int32(MSG_DONTWAIT)
    private let systemClose = Darwin.close
    private let systemSend = Darwin.send
#endif
