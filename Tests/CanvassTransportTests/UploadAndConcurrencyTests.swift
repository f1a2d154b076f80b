import CanvassTesting
import CanvassTransport
import Foundation
import Synchronization
import Testing

/// Serialized, so that the large uploads do not run side by side and blur the memory measurement.
@Suite("HTTPClient uploads and concurrency", .serialized)
struct UploadAndConcurrencyTests {
    @Test("a multipart POST arrives with its boundary, part headers and a multi-megabyte file byte for byte")
    func multipartUpload() async throws {
        try await withTemporaryFolder { folder in
            let path = folder + "/submission.pdf"
            try TestFile.write(path, megabytes: 5)
            let file = try Data(contentsOf: URL(fileURLWithPath: path))
            let json = Data(#"{"form":"tupe","id":"r-7"}"#.utf8)
            let body = MultipartBody(parts: [
                .init(name: "response", contentType: "application/json", content: .bytes(json)),
                .init(
                    name: "evidence", fileName: "submission.pdf", contentType: "application/pdf",
                    content: .file(path: path)),
            ])
            try await TestServer.serving(always: .status(201)) { server in
                let client = HTTPClient()
                defer { client.shutdown() }
                let request = HTTPRequest(
                    method: "POST", url: server.url("/forms/tupe/responses"), headers: [("Idempotency-Key", "r-7")],
                    body: .multipart(body))
                let status = try await client.perform(request).status
                #expect(status == 201)

                let received = try #require(server.requests.first)
                #expect(received.header("Content-Type") == "multipart/form-data; boundary=\(body.boundary)")
                #expect(received.isComplete && received.bodyLength == received.declaredLength)
                let parts = try #require(received.multipartParts())
                #expect(parts.count == 2)
                #expect(parts.map(\.name) == ["response", "evidence"])
                #expect(parts.map(\.fileName) == [nil, "submission.pdf"])
                #expect(parts.map(\.contentType) == ["application/json", "application/pdf"])
                #expect(parts.first?.body == json)
                #expect(parts.last?.body.count == file.count)
                #expect(parts.last?.body == file)
                let head = "--\(body.boundary)\r\nContent-Disposition: form-data; name=\"response\"\r\n"
                #expect(received.body.starts(with: Data(head.utf8)))
                #expect(received.body.suffix(body.boundary.count + 6) == Data("--\(body.boundary)--\r\n".utf8))
            }
        }
    }

    #if os(Linux)
        @Test("a file part is streamed from disk: the client's memory does not grow by the file's size")
        func multipartIsStreamed() async throws {
            try await withTemporaryFolder { folder in
                let megabytes = 96
                let path = folder + "/large.bin"
                try TestFile.write(path, megabytes: megabytes)
                let body = MultipartBody(parts: [
                    .init(
                        name: "evidence", fileName: "large.bin", contentType: "application/octet-stream",
                        content: .file(path: path))
                ])
                // The server keeps only the first 64 KiB of the body, so its memory does not count either.
                try await TestServer.serving(always: .status(201), recordedBodyLimit: 64 << 10) { server in
                    let client = HTTPClient()
                    defer { client.shutdown() }
                    let sampler = MemorySampler()
                    let response = try await client.perform(
                        HTTPRequest(method: "POST", url: server.url("/forms/x/responses"), body: .multipart(body)))
                    let growth = sampler.stop()

                    #expect(response.status == 201)
                    let received = try #require(server.requests.first)
                    #expect(received.isComplete)
                    #expect(received.bodyLength == received.declaredLength)
                    #expect(received.bodyLength > megabytes << 20)
                    #expect(received.body.range(of: TestFile.block(0).prefix(4096)) != nil)
                    #expect(growth < (megabytes << 20) / 2, "resident memory grew by \(growth >> 20) MiB")
                }
            }
        }
    #endif

    @Test("50 requests at once all complete, over a handful of reused connections")
    func concurrentRequests() async throws {
        let handler: TestServer.Handler = { _ in
            .reply { request in .init(status: 201, body: Data((request.idempotencyKey ?? "none").utf8)) }
        }
        try await TestServer.serving(handler: handler) { server in
            var configuration = HTTPClient.Configuration()
            configuration.maxConnectionsPerHost = 4
            let client = HTTPClient(configuration: configuration)
            defer { client.shutdown() }
            for wave in 0..<2 {
                let answers = try await withThrowingTaskGroup(of: (String, HTTPResponse).self) { group in
                    for index in 0..<50 {
                        let key = "w\(wave)-r\(index)"
                        let request = HTTPRequest.postJSON(
                            Data(#"{"id":"\#(key)"}"#.utf8), to: server.url("/forms/x/responses"),
                            headers: [("Idempotency-Key", key)])
                        group.addTask { (key, try await client.perform(request)) }
                    }
                    return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
                }
                #expect(answers.count == 50)
                #expect(answers.allSatisfy { $0.value.status == 201 && $0.value.body == Data($0.key.utf8) })
            }
            #expect(server.requests.count == 100)
            #expect(Set(server.submissionCounts.values) == [1])
            #expect(server.submissionCounts.count == 100)
            #expect(server.connectionCount <= 4, "\(server.connectionCount) connections for 100 requests")
        }
    }

    @Test("requests one after another reuse one connection")
    func sequentialReuse() async throws {
        try await TestServer.serving(always: .status(200)) { server in
            let client = HTTPClient()
            defer { client.shutdown() }
            for index in 0..<5 {
                let status = try await client.perform(HTTPRequest(url: server.url("/\(index)"))).status
                #expect(status == 200)
            }
            #expect(server.connectionCount == 1)
            #expect(Set(server.requests.map(\.connection)) == [1])
        }
    }
}

/// Samples the process's resident memory every few milliseconds on its own thread; `stop()` returns the largest
/// growth over the first sample.
final class MemorySampler: Sendable {
    private let state = Mutex((baseline: MemorySampler.resident(), peak: 0, running: true))
    private let done = DispatchSemaphore(value: 0)

    init() {
        Thread.detachNewThread { [self] in
            while state.withLock({ $0.running }) {
                let now = Self.resident()
                state.withLock { $0.peak = max($0.peak, now - $0.baseline) }
                usleep(2000)
            }
            done.signal()
        }
    }

    func stop() -> Int {
        state.withLock { $0.running = false }
        done.wait()
        return state.withLock { $0.peak }
    }

    /// Resident set size in bytes, from /proc/self/statm.
    static func resident() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let pages = text.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
