import CanvassTesting
import CanvassTransport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The test server is itself code the sender's tests will rely on, so its framing and its fake collector are
/// checked here.
@Suite("TestServer")
struct TestServerTests {
    @Test("the fake collector fails the first attempts, stores once, answers 200 to a resubmission and 409 to a change")
    func flakyCollector() async throws {
        let collector = FlakyCollector(failures: 2, failure: .serviceUnavailable(retryAfter: 1))
        try await TestServer.serving(handler: collector.handler) { server in
            let client = HTTPClient()
            defer { client.shutdown() }
            func submit(_ json: String, key: String? = "r-1") async throws -> HTTPResponse {
                // A new MultipartBody each time, so each attempt has its own boundary, as a real resend does.
                let body = MultipartBody(parts: [
                    .init(name: "response", contentType: "application/json", content: .bytes(Data(json.utf8)))
                ])
                let headers = key.map { [(name: "Idempotency-Key", value: $0)] } ?? []
                return try await client.perform(
                    HTTPRequest(
                        method: "POST", url: server.url("/forms/x/responses"), headers: headers, body: .multipart(body))
                )
            }
            let statuses = [
                try await submit(#"{"a":1}"#).status, try await submit(#"{"a":1}"#).status,
            ]
            let stored = try await submit(#"{"a":1}"#)
            let again = try await submit(#"{"a":1}"#)
            let changed = try await submit(#"{"a":2}"#)
            let anonymous = try await submit(#"{"a":1}"#, key: nil)

            #expect(statuses == [503, 503])
            #expect(stored.status == 201)
            let receipt = try #require(try JSONSerialization.jsonObject(with: stored.body) as? [String: Any])
            #expect(receipt["id"] as? String == "r-1")
            #expect(receipt["receivedAt"] is String)
            #expect(again.status == 200 && again.body == stored.body)
            #expect(changed.status == 409)
            #expect(anonymous.status == 400)
            #expect(String(decoding: anonymous.body, as: UTF8.self).contains("Idempotency-Key header is missing"))
            #expect(collector.attempts == ["r-1": 5])
            #expect(collector.stored.keys.sorted() == ["r-1"])
            #expect(collector.receipt(forKey: "r-1") == stored.body)
            #expect(server.submissions(withKey: "r-1") == 5)
        }
    }

    @Test("chunked bodies, pipelined keep-alive requests and malformed requests are handled")
    func rawFraming() async throws {
        let echo: TestServer.Handler = { _ in .reply { .init(status: 200, body: $0.body) } }
        try await TestServer.serving(handler: echo) { server in
            let chunked =
                "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nTrailer: y\r\n\r\n"
                + "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
            let answer = try RawExchange(port: server.port).send(chunked, readUntil: "\r\n\r\nabc")
            #expect(answer.hasPrefix("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nhello, world"))
            #expect(answer.hasSuffix("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"))
            #expect(server.requests.map(\.path) == ["/a", "/b"])
            #expect(server.requests.first?.isChunked == true)
            #expect(server.connectionCount == 1)

            let bad = try RawExchange(port: server.port).send("NONSENSE\r\n\r\n", readUntil: "request line\n")
            #expect(bad.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
            #expect(bad.contains("Connection: close\r\n"))
            #expect(server.requests.count == 2)
        }
    }

    @Test("stop() ends stalled connections at once and refuses new ones")
    func stopInterruptsStalls() async throws {
        let server = try TestServer { _ in .stallBeforeAnswer(seconds: 60) }
        let exchange = try RawExchange(port: server.port)
        _ = try exchange.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n", readUntil: nil)
        while server.requests.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        server.stop()
        #expect(try exchange.readToEnd().isEmpty)  // closed, never answered
        // Refused: a connection now reaches no one, or (the port freed and taken by another test's server running
        // in parallel) someone else — never this server.
        let accepted = server.connectionCount
        _ = try? RawExchange(port: server.port)
        try await Task.sleep(for: .milliseconds(20))
        #expect(server.connectionCount == accepted)
    }
}

/// A blocking client socket that writes raw bytes and reads the raw answer.
final class RawExchange {
    private let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let fd = fd
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard connected else {
            _ = Glibc.close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
    }

    deinit { _ = Glibc.close(fd) }

    /// Sends `text`, then reads until the answer ends with `end` (or the connection closes); `nil`: read nothing.
    func send(_ text: String, readUntil end: String?) throws -> String {
        let bytes = Array(text.utf8)
        guard Glibc.send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { throw POSIXError(.EPIPE) }
        guard let end else { return "" }
        var answer = ""
        while !answer.hasSuffix(end), let more = readSome() { answer += more }
        return answer
    }

    /// Reads until the server closes the connection.
    func readToEnd() throws -> String {
        var answer = ""
        while let more = readSome() { answer += more }
        return answer
    }

    private func readSome() -> String? {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
    }
}
