import CanvassTesting
import CanvassTransport
import Foundation
import Testing

@Suite("HTTPClient round trips")
struct HTTPClientTests {
    @Test("a GET returns the status, headers by any case, and the exact body")
    func getRoundTrip() async throws {
        let reply = TestServer.Reply(
            status: 200, headers: [("Content-Type", "text/plain; charset=utf-8"), ("X-Canvass-Forms", "3")],
            body: Data("ok\n".utf8))
        try await TestServer.serving(always: .respond(reply)) { server in
            let client = HTTPClient()
            defer { client.shutdown() }
            let request = HTTPRequest(url: server.url("/healthz?probe=1"), headers: [("Authorization", "Bearer abc")])
            let response = try await client.perform(request)

            #expect(response.status == 200)
            #expect(response.body == Data("ok\n".utf8))
            #expect(response.header("x-canvass-forms") == "3")
            #expect(response.header("X-CANVASS-FORMS") == "3")
            #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(response.header("Content-Length") == "3")
            #expect(response.httpVersion == "1.1")
            let received = try #require(server.requests.first)
            #expect(server.requests.count == 1)
            #expect(received.method == "GET")
            #expect(received.path == "/healthz?probe=1")
            #expect(received.header("authorization") == "Bearer abc")
            #expect(received.header("Expect") == nil)
            #expect(received.declaredLength == nil && received.bodyLength == 0)
        }
    }

    @Test("a POST of JSON arrives byte for byte with its headers, and the answer comes back byte for byte")
    func postJSONRoundTrip() async throws {
        let json = Data(#"{"answers":{"note":"Café – 20% ✓","n":[1,2.5]},"id":"r-1"}"#.utf8)
        let echo: TestServer.Handler = { _ in
            .reply { request in
                .init(
                    status: 201, headers: [("Content-Type", "application/json")], body: request.body + Data("\n".utf8))
            }
        }
        try await TestServer.serving(handler: echo) { server in
            let client = HTTPClient()
            defer { client.shutdown() }
            let request = HTTPRequest.postJSON(
                json, to: server.url("/forms/tupe/responses"), headers: [("Idempotency-Key", "r-1")])
            let response = try await client.perform(request)

            #expect(response.status == 201)
            #expect(response.body == json + Data("\n".utf8))
            let received = try #require(server.requests.first)
            #expect(received.method == "POST")
            #expect(received.body == json)
            #expect(received.isComplete)
            #expect(received.declaredLength == json.count)
            #expect(received.header("content-type") == "application/json")
            #expect(received.idempotencyKey == "r-1")
            #expect(server.submissions(withKey: "r-1") == 1)
        }
    }

    @Test("other methods send their name and body", arguments: ["PUT", "PATCH", "DELETE"])
    func otherMethods(method: String) async throws {
        try await TestServer.serving(always: .status(204)) { server in
            let client = HTTPClient()
            defer { client.shutdown() }
            let body = Data("{\"x\":1}".utf8)
            let response = try await client.perform(
                HTTPRequest(
                    method: method, url: server.url("/thing"), body: .bytes(body, contentType: "application/json")))
            let bare = try await client.perform(HTTPRequest(method: method, url: server.url("/bare")))

            #expect(response.status == 204 && bare.status == 204)
            #expect(server.requests.map(\.method) == [method, method])
            #expect(server.requests.map(\.body) == [body, Data()])
        }
    }

    @Test("an empty POST body is sent as Content-Length: 0")
    func emptyPost() async throws {
        try await TestServer.serving(always: .status(200)) { server in
            let client = HTTPClient()
            defer { client.shutdown() }
            let response = try await client.perform(.postJSON(Data(), to: server.url("/empty")))
            #expect(response.status == 200)
            let received = try #require(server.requests.first)
            #expect(received.method == "POST" && received.declaredLength == 0 && received.body.isEmpty)
        }
    }

    @Test("a HEAD request returns the headers without waiting for a body")
    func head() async throws {
        let reply = TestServer.Reply(status: 200, body: Data(repeating: 65, count: 1000))
        try await TestServer.serving(always: .respond(reply)) { server in
            var configuration = HTTPClient.Configuration()
            configuration.totalTimeout = .seconds(5)
            let client = HTTPClient(configuration: configuration)
            defer { client.shutdown() }
            let response = try await client.perform(HTTPRequest(method: "HEAD", url: server.url("/forms")))
            #expect(response.status == 200)
            #expect(response.header("content-length") == "1000")
            #expect(response.body.isEmpty)
        }
    }

    @Test("a client released without shutdown() is freed and its thread stops")
    func releasedWithoutShutdown() async throws {
        try await TestServer.serving(always: .status(200)) { server in
            weak var released: HTTPClient?
            do {
                let client = HTTPClient()
                released = client
                let response = try await client.perform(HTTPRequest(url: server.url("/healthz")))
                #expect(response.status == 200)
            }
            #expect(released == nil)
        }
    }

    @Test("a large answer body arrives whole")
    func largeResponse() async throws {
        let body = Data((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) })
        try await TestServer.serving(always: .respond(.init(status: 200, body: body))) { server in
            let client = HTTPClient()
            defer { client.shutdown() }
            let response = try await client.perform(HTTPRequest(url: server.url("/forms/tupe/responses")))
            #expect(response.body.count == body.count)
            #expect(response.body == body)
        }
    }

    @Test(
        "error statuses come back as responses, not errors",
        arguments: [
            (TestServer.Behaviour.badRequest([(question: "org_size", message: "Choose one of the options.")]), 400),
            (.status(401), 401), (.status(404), 404), (.conflict, 409), (.status(500), 500),
            (.tooManyRequests(retryAfter: 7), 429), (.serviceUnavailable(retryAfter: 3), 503),
        ])
    func errorStatuses(behaviour: TestServer.Behaviour, status: Int) async throws {
        try await TestServer.serving(always: behaviour) { server in
            let client = HTTPClient()
            defer { client.shutdown() }
            let response = try await client.perform(.postJSON(Data("{}".utf8), to: server.url("/forms/x/responses")))
            #expect(response.status == status)
            switch status {
            case 400:
                #expect(
                    response.body == Data(#"[{"message":"Choose one of the options.","question":"org_size"}]"#.utf8))
                #expect(response.header("content-type") == "application/json")
            case 409: #expect(String(decoding: response.body, as: UTF8.self).contains("already stored"))
            case 429: #expect(response.header("retry-after") == "7")
            case 503: #expect(response.header("Retry-After") == "3")
            default: #expect(response.body.isEmpty)
            }
        }
    }

    @Test("a 413 sent before the body was read comes back as a response")
    func earlyPayloadTooLarge() async throws {
        try await withTemporaryFolder { folder in
            let path = folder + "/big.bin"
            try TestFile.sparse(path, bytes: 24 << 20)
            try await TestServer.serving(always: .payloadTooLarge) { server in
                let client = HTTPClient()
                defer { client.shutdown() }
                let body = MultipartBody(parts: [
                    .init(
                        name: "evidence", fileName: "big.bin", contentType: "application/pdf",
                        content: .file(path: path))
                ])
                let request = HTTPRequest(method: "POST", url: server.url("/forms/x/responses"), body: .multipart(body))
                let response = try await client.perform(request)

                #expect(response.status == 413)
                #expect(String(decoding: response.body, as: UTF8.self).contains("larger than the collector accepts"))
                let received = try #require(server.requests.first)
                #expect(!received.isComplete && received.bodyLength == 0)
            }
        }
    }
}
