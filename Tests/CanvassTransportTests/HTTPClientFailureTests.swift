import CanvassTesting
import CanvassTransport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("HTTPClient failures")
struct HTTPClientFailureTests {
    /// Runs `request` and returns the error it must fail with.
    private func failure(
        _ request: HTTPRequest, configuration: HTTPClient.Configuration = .init()
    ) async throws -> TransportError {
        let client = HTTPClient(configuration: configuration)
        defer { client.shutdown() }
        do throws(TransportError) {
            let response = try await client.perform(request)
            Issue.record("expected an error, got status \(response.status)")
        } catch {
            return error
        }
        throw CancellationError()
    }

    @Test("a refused connection is a retryable error that names the host")
    func connectionRefused() async throws {
        let port = try ClosedPort()
        defer { port.close() }
        let url = try #require(URL(string: "http://127.0.0.1:\(port.number)/forms"))
        let error = try await failure(HTTPRequest(url: url))
        #expect(error.message == "could not connect to 127.0.0.1: connection refused")
        #expect("\(error)" == error.message)
        #expect(error.isRetryable)
        #expect(!error.isCertificateProblem)
    }

    @Test("a connection reset before the answer is retryable, and the server did receive the request")
    func resetBeforeAnswer() async throws {
        try await TestServer.serving(always: .reset) { server in
            let request = HTTPRequest.postJSON(
                Data(#"{"id":"r-9"}"#.utf8), to: server.url("/forms/x/responses"), headers: [("Idempotency-Key", "r-9")]
            )
            let error = try await failure(request)
            #expect(error.isRetryable)
            #expect(error.message == "the connection to 127.0.0.1 was reset before an answer arrived")
            #expect(server.submissions(withKey: "r-9") == 1)
            #expect(server.requests.first?.isComplete == true)
        }
    }

    @Test("a server that closes without answering gives a retryable error")
    func closedWithoutAnswer() async throws {
        try await TestServer.serving(always: .stallBeforeAnswer(seconds: 0)) { server in
            let error = try await failure(HTTPRequest(url: server.url("/healthz")))
            #expect(error.isRetryable)
            #expect(error.message == "127.0.0.1 closed the connection without answering")
        }
    }

    @Test("a server that stops answering trips the low-speed timeout, quickly and retryably")
    func stalledAnswer() async throws {
        try await TestServer.serving(always: .stallBeforeAnswer(seconds: 20)) { server in
            var configuration = HTTPClient.Configuration()
            configuration.lowSpeedTime = .seconds(1)
            let started = ContinuousClock.now
            let error = try await failure(HTTPRequest(url: server.url("/healthz")), configuration: configuration)
            let elapsed = ContinuousClock.now - started
            #expect(error.isRetryable)
            #expect(error.message.hasPrefix("127.0.0.1 took too long to answer"))
            #expect(elapsed >= .milliseconds(900), "the stall was waited for, took \(elapsed)")
        }
    }

    @Test("a server that stops reading the body mid-way trips the total timeout, quickly and retryably")
    func stalledMidBody() async throws {
        try await withTemporaryFolder { folder in
            let path = folder + "/attachment.bin"
            try TestFile.sparse(path, bytes: 48 << 20)
            try await TestServer.serving(always: .stallMidBody(afterBytes: 100_000, seconds: 20)) { server in
                var configuration = HTTPClient.Configuration()
                configuration.totalTimeout = .milliseconds(1500)
                let body = MultipartBody(parts: [
                    .init(
                        name: "file", fileName: "a.bin", contentType: "application/octet-stream",
                        content: .file(path: path))
                ])
                let request = HTTPRequest(method: "POST", url: server.url("/forms/x/responses"), body: .multipart(body))
                let started = ContinuousClock.now
                let error = try await failure(request, configuration: configuration)
                let elapsed = ContinuousClock.now - started

                #expect(error.isRetryable)
                #expect(error.message.hasPrefix("127.0.0.1 took too long to answer"))
                #expect(elapsed >= .milliseconds(1400), "the stall was waited for, took \(elapsed)")
                let received = try #require(server.requests.first)
                #expect(!received.isComplete)
                #expect(received.bodyLength >= 100_000 && received.bodyLength < 48 << 20)
            }
        }
    }

    @Test("a low-speed time under a second still applies (libcurl counts whole seconds)")
    func subSecondLowSpeedTime() async throws {
        try await TestServer.serving(always: .stallBeforeAnswer(seconds: 20)) { server in
            var configuration = HTTPClient.Configuration()
            configuration.lowSpeedTime = .milliseconds(300)
            configuration.totalTimeout = .seconds(15)
            let error = try await failure(HTTPRequest(url: server.url("/healthz")), configuration: configuration)
            #expect(error.isRetryable)
            #expect(error.message.hasPrefix("127.0.0.1 took too long to answer"))
        }
    }

    @Test("https to a server that does not speak TLS is a handshake failure, not a certificate problem")
    func tlsToPlainServer() async throws {
        try await TestServer.serving(always: .status(200)) { server in
            let url = try #require(URL(string: "https://127.0.0.1:\(server.port)/healthz"))
            let error = try await failure(HTTPRequest(url: url))
            #expect(error.message.hasPrefix("could not make a secure connection to 127.0.0.1 ("))
            #expect(!error.isCertificateProblem)
            #expect(!error.isRetryable)
        }
    }

    @Test("a header value with a line break is refused without echoing the value")
    func headerWithLineBreak() async throws {
        try await TestServer.serving(always: .status(200)) { server in
            let request = HTTPRequest(
                url: server.url("/forms"), headers: [("Authorization", "Bearer s3cret\nX-Injected: 1")])
            let error = try await failure(request)
            #expect(error.message == "the Authorization header contains a line break")
            #expect(!error.message.contains("s3cret"))
            #expect(!error.isRetryable)
            #expect(server.connectionCount == 0)
        }
    }

    @Test("a 307 to the same host is followed, with the body sent again")
    func redirectSameHost() async throws {
        let handler: TestServer.Handler = { request in
            request.path == "/old" ? .redirect(to: "/new") : .json(201, #"{"stored":true}"#)
        }
        try await TestServer.serving(handler: handler) { server in
            let client = HTTPClient()
            defer { client.shutdown() }
            let json = Data(#"{"id":"r-2"}"#.utf8)
            let response = try await client.perform(.postJSON(json, to: server.url("/old")))
            #expect(response.status == 201)
            #expect(response.body == Data(#"{"stored":true}"#.utf8))
            #expect(server.requests.map(\.path) == ["/old", "/new"])
            #expect(server.requests.map(\.method) == ["POST", "POST"])
            #expect(server.requests.map(\.body) == [json, json])
        }
    }

    @Test("a redirect to another port is refused, and nothing is sent there", arguments: [307, 308])
    func redirectElsewhere(status: Int) async throws {
        try await TestServer.serving(always: .status(201)) { elsewhere in
            let target = elsewhere.url("/forms/x/responses").absoluteString
            try await TestServer.serving(always: .redirect(status, to: target)) { server in
                let error = try await failure(.postJSON(Data("{}".utf8), to: server.url("/forms/x/responses")))
                #expect(error.message == "127.0.0.1 redirected to another address; use that address instead")
                #expect(!error.isRetryable)
                #expect(server.requests.count == 1)
                #expect(elsewhere.requests.isEmpty)
            }
        }
    }

    @Test("a redirect loop stops with an error")
    func redirectLoop() async throws {
        try await TestServer.serving(always: .redirect(to: "/again")) { server in
            let error = try await failure(HTTPRequest(url: server.url("/start")))
            #expect(error.message == "127.0.0.1 redirected too many times")
            #expect(!error.isRetryable)
            #expect(server.requests.count == 6)
        }
    }

    @Test("a URL that is not http or https is refused", arguments: ["ftp://127.0.0.1/x", "file:///etc/passwd"])
    func invalidScheme(address: String) async throws {
        let url = try #require(URL(string: address))
        let error = try await failure(HTTPRequest(url: url))
        #expect(error.message == "\(address) is not an http or https URL")
        #expect(!error.isRetryable)
    }

    @Test("after shutdown(), perform fails at once and nothing is sent")
    func performAfterShutdown() async throws {
        try await TestServer.serving(always: .status(200)) { server in
            let client = HTTPClient()
            let status = try await client.perform(HTTPRequest(url: server.url("/healthz"))).status
            #expect(status == 200)
            client.shutdown()
            client.shutdown()  // a second call is harmless
            await #expect(throws: TransportError.self) {
                try await client.perform(HTTPRequest(url: server.url("/healthz")))
            }
            do throws(TransportError) {
                _ = try await client.perform(HTTPRequest(url: server.url("/healthz")))
            } catch {
                #expect(error.message == "the client is shut down")
                #expect(!error.isRetryable)
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test("a missing attachment file fails before anything is sent")
    func missingFile() async throws {
        try await TestServer.serving(always: .status(201)) { server in
            let body = MultipartBody(parts: [
                .init(
                    name: "evidence", fileName: "x.pdf", contentType: "application/pdf",
                    content: .file(path: "/nonexistent/x.pdf"))
            ])
            let error = try await failure(HTTPRequest(method: "POST", url: server.url("/r"), body: .multipart(body)))
            #expect(error.message == "a file to send could not be read")
            #expect(!error.isRetryable)
            #expect(server.connectionCount == 0)
        }
    }
}

/// A port on 127.0.0.1 that is bound but not listening, so connecting to it is refused for as long as it is held.
struct ClosedPort {
    let fd: Int32
    let number: Int

    init() throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let fd = fd
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        try #require(fd >= 0 && bound)
        number = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(fd) }
}

@Suite struct RequestLineInjectionTests {
    @Test func aMethodOrContentTypeThatIsNotATokenIsRefusedBeforeConnecting() async throws {
        let client = HTTPClient()
        defer { client.shutdown() }
        let url = try #require(URL(string: "http://127.0.0.1:9/forms"))
        do {
            _ = try await client.perform(HTTPRequest(method: "POST /admin HTTP/1.1\r\nX-Evil: 1\r\nY:", url: url))
            Issue.record("the request was sent")
        } catch {
            #expect(error.message == "the request method is not a valid HTTP method")
            #expect(!error.isRetryable)
        }
        do {
            _ = try await client.perform(
                HTTPRequest(method: "POST", url: url, body: .bytes(Data(), contentType: "a/b\r\nX-Injected: yes")))
            Issue.record("the request was sent")
        } catch {
            #expect(error.message == "a content type contains a line break")
        }
    }
}
