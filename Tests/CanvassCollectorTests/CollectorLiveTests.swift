import CanvassForms
import CanvassResponses
import CanvassTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CanvassCollector

/// The collector on a real socket: multipart uploads streamed to the attachment store, size limits, header limits
/// and idle connections.
@Suite("Collector on a socket", .serialized)
struct CollectorLiveTests {
    static let boundary = "canvass-test-boundary"

    /// A multipart body: the response part, then each file.
    static func multipart(_ response: String, files: [(name: String, bytes: [UInt8])]) -> ByteBuffer {
        let parts =
            [FormBodies.Part.field("response", response, contentType: "application/json")]
            + files.map {
                FormBodies.Part(name: "attachment", fileName: $0.name, contentType: "application/pdf", bytes: $0.bytes)
            }
        return ByteBuffer(bytes: FormBodies.multipart(parts, boundary: boundary))
    }

    static let multipartHeaders: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]

    static func attachment(_ bytes: [UInt8], name: String = "evidence.pdf") -> CanvassResponses.Attachment {
        CanvassResponses.Attachment(
            question: "evidence", name: name, bytes: bytes.count, sha256: sha256(bytes), mediaType: "application/pdf")
    }

    @Test("A multipart submission stores its attachment by SHA-256, durably, and the response that lists it")
    func multipartUpload() async throws {
        let harness = try CollectorHarness()
        var generator = SplitMix64(seed: 7)
        let bytes = (0..<300_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let attachment = Self.attachment(bytes)
        let text = CollectorHarness.response(id: "with-file", attachments: [attachment])
        try await harness.test(.live) { client in
            try await client.execute(
                uri: "/forms/check/responses", method: .post,
                headers: headers(token: harness.acme, Self.multipartHeaders),
                body: Self.multipart(text, files: [(attachment.name, bytes)])
            ) { #expect($0.status == .created) }
            let path = "\(harness.folder)/attachments/\(attachment.sha256.prefix(2))/\(attachment.sha256)"
            #expect(FileManager.default.contents(atPath: path) == Data(bytes))
            #expect(try harness.store.responses(to: "check").map(\.id) == ["with-file"])
            // Nothing is left half-written in tmp/.
            #expect(try FileManager.default.contentsOfDirectory(atPath: "\(harness.folder)/tmp").isEmpty)
            // Sent again as plain JSON, the attachment is already stored: an identical resubmission.
            try await client.execute(
                uri: "/forms/check/responses", method: .post, headers: headers(token: harness.acme), body: body(text)
            ) { #expect($0.status == .ok) }
        }
    }

    @Test("A file whose bytes do not match the listed SHA-256, an unlisted file, or no response part: 400")
    func multipartMistakes() async throws {
        let harness = try CollectorHarness()
        let bytes = Array("the real evidence".utf8)
        let listed = Self.attachment(bytes)
        let text = CollectorHarness.response(id: "m1", attachments: [listed])
        try await harness.test(.live) { client in
            let cases: [(ByteBuffer, String, String)] = [
                (Self.multipart(text, files: [(listed.name, Array("tampered".utf8))]), "evidence", "does not match"),
                (
                    Self.multipart(text, files: [(listed.name, bytes), ("extra.pdf", bytes)]), "attachments",
                    "does not list it"
                ),
                (ByteBuffer(string: "--\(Self.boundary)--\r\n"), "response", "no part named 'response'"),
                (
                    ByteBuffer(
                        string: "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"response\"\r\n\r\n{"),
                    "response", "closing boundary"
                ),
            ]
            for (payload, question, message) in cases {
                try await client.execute(
                    uri: "/forms/check/responses", method: .post,
                    headers: headers(token: harness.acme, Self.multipartHeaders), body: payload
                ) { response in
                    #expect(response.status == .badRequest, "\(message)")
                    #expect(problems(response).first?.question == question)
                    #expect(problems(response).first?.message.contains(message) == true, "\(problems(response))")
                }
            }
        }
        #expect(try harness.store.responses(to: "check").isEmpty)
    }

    @Test("An attachment over the size limit is refused with 413 as it streams, and nothing is kept")
    func oversizedUpload() async throws {
        let harness = try CollectorHarness { $0.maxBodyBytes = 100_000 }
        let bytes = [UInt8](repeating: 0x41, count: 1_000_000)
        let attachment = Self.attachment(bytes)
        let text = CollectorHarness.response(attachments: [attachment])
        try await harness.test(.router) { client in
            // The router framework streams the body without a Content-Length, so the running count is what stops it.
            try await client.execute(
                uri: "/forms/check/responses", method: .post,
                headers: headers(token: harness.acme, Self.multipartHeaders),
                body: Self.multipart(text, files: [(attachment.name, bytes)])
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.headers[.connection] == "close")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: "\(harness.folder)/tmp").isEmpty)
            #expect(
                !FileManager.default.fileExists(atPath: "\(harness.folder)/attachments/\(attachment.sha256.prefix(2))"))
        }
        #expect(try harness.store.responses(to: "check").isEmpty)
    }

    /// Sends `head` (announcing a 100 GB body), reads the answer, then keeps sending body bytes until the server
    /// closes the connection; returns how many it took (at most 2 GB).
    static func bytesAcceptedAfter(_ head: String, port: Int) async throws -> Int {
        let connection = try RawConnection(port: port)
        return try await offThePool {
            _ = try connection.exchange(head, keepOpen: true)
            let chunk = [UInt8](repeating: 0x20, count: 1 << 20)
            var sent = 0
            while sent < 2_000_000_000, connection.send(chunk) { sent += chunk.count }
            return sent
        }
    }

    @Test("A 413 sent before the body is read closes the connection: the collector stops reading the body")
    func tooLargeClosesTheConnection() async throws {
        let harness = try CollectorHarness { $0.maxBodyBytes = 100_000 }
        try await harness.test(.live) { client in
            let port = try #require(client.port)
            let head =
                "POST /forms/check/responses HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(harness.acme)\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100000000000\r\n\r\n"
            let sent = try await Self.bytesAcceptedAfter(head, port: port)
            #expect(sent < 100_000_000, "the collector kept reading a refused body: \(sent) bytes")
        }
    }

    @Test("A body sent to an address that reads none (a typo, /healthz) is not read on: the connection is closed")
    func unreadBodiesElsewhere() async throws {
        let harness = try CollectorHarness()
        try await harness.test(.live) { client in
            let port = try #require(client.port)
            for path in ["/forms/nope/typo", "/healthz"] {
                let head = "POST \(path) HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000000\r\n\r\n"
                let sent = try await Self.bytesAcceptedAfter(head, port: port)
                #expect(sent < 100_000_000, "\(path): the collector kept reading: \(sent) bytes")
            }
        }
    }

    @Test("Files of a refused submission are not kept (400 and 409), and a forged hash probes nothing")
    func refusedFilesAreNotKept() async throws {
        let harness = try CollectorHarness()
        let bytes = Array("the evidence".utf8)
        let attachment = Self.attachment(bytes)
        try await harness.test(.live) { client in
            // 400: the response is invalid; its file must not stay in the store.
            let invalid = CollectorHarness.response(id: "bad", size: "huge", attachments: [attachment])
            try await client.execute(
                uri: "/forms/check/responses", method: .post,
                headers: headers(token: harness.acme, Self.multipartHeaders),
                body: Self.multipart(invalid, files: [(attachment.name, bytes)])
            ) { #expect($0.status == .badRequest) }
            #expect(!harness.store.attachments.contains(attachment.sha256))
            // 409: the id is taken by a different response.
            try await client.execute(
                uri: "/forms/check/responses", method: .post, headers: headers(token: harness.acme),
                body: body(CollectorHarness.response(id: "taken"))
            ) { #expect($0.status == .created) }
            try await client.execute(
                uri: "/forms/check/responses", method: .post,
                headers: headers(token: harness.acme, Self.multipartHeaders),
                body: Self.multipart(
                    CollectorHarness.response(id: "taken", attachments: [attachment]), files: [(attachment.name, bytes)]
                )
            ) { #expect($0.status == .conflict) }
            #expect(try FileManager.default.contentsOfDirectory(atPath: "\(harness.folder)/tmp").isEmpty)
            #expect(!harness.store.attachments.contains(attachment.sha256), "the 409's file was kept")
            // 400 for a correction of a response that does not exist: its file is not kept either.
            try await client.execute(
                uri: "/forms/check/responses", method: .post,
                headers: headers(token: harness.acme, Self.multipartHeaders),
                body: Self.multipart(
                    CollectorHarness.response(id: "fix", deprecates: "nothing", attachments: [attachment]),
                    files: [(attachment.name, bytes)])
            ) { #expect($0.status == .badRequest) }
            #expect(!harness.store.attachments.contains(attachment.sha256), "the bad correction's file was kept")
            // A JSON submission citing a stored file by its hash, without sending it, is refused for a new id.
            try await client.execute(
                uri: "/forms/check/responses", method: .post,
                headers: headers(token: harness.acme, Self.multipartHeaders),
                body: Self.multipart(
                    CollectorHarness.response(id: "real", attachments: [attachment]), files: [(attachment.name, bytes)])
            ) { #expect($0.status == .created) }
            try await client.execute(
                uri: "/forms/check/responses", method: .post, headers: headers(token: harness.beacon),
                body: body(CollectorHarness.response(id: "cites", attachments: [attachment]))
            ) { response in
                #expect(response.status == .badRequest)
                #expect(problems(response).first?.message.contains("was not sent") == true)
            }
            // Nor by resubmitting one of its own responses: whether someone else's file exists is never revealed.
            try await client.execute(
                uri: "/forms/check/responses", method: .post, headers: headers(token: harness.beacon),
                body: body(CollectorHarness.response(id: "b1"))
            ) { #expect($0.status == .created) }
            var random = attachment
            random.sha256 = String(repeating: "ab", count: 32)
            for cited in [attachment, random] {
                try await client.execute(
                    uri: "/forms/check/responses", method: .post, headers: headers(token: harness.beacon),
                    body: body(CollectorHarness.response(id: "b1", days: 9, attachments: [cited]))
                ) { response in
                    #expect(response.status == .badRequest)
                    #expect(problems(response).first?.message.contains("was not sent") == true)
                }
            }
            // Acme resubmitting its own stored response as JSON, without the file, is the same response: 200.
            try await client.execute(
                uri: "/forms/check/responses", method: .post, headers: headers(token: harness.acme),
                body: body(CollectorHarness.response(id: "real", attachments: [attachment]))
            ) { #expect($0.status == .ok) }
            // A hash that is a path is a validation problem only: nothing about the file system is said.
            var forged = attachment
            forged.sha256 = String(repeating: "/", count: 40) + "../../../../etc/passwd"
            forged.sha256 = String(forged.sha256.prefix(64))
            try await client.execute(
                uri: "/forms/check/responses", method: .post, headers: headers(token: harness.acme),
                body: body(CollectorHarness.response(id: "forged", attachments: [forged]))
            ) { response in
                #expect(response.status == .badRequest)
                #expect(
                    problems(response).map(\.message) == ["the attachment's size or SHA-256 is not recorded properly"])
            }
        }
    }

    @Test("A request head over the header limit is refused and the connection closed")
    func headerLimit() async throws {
        let harness = try CollectorHarness { $0.maxHeaderBytes = 4096 }
        try await harness.test(.live) { client in
            let port = try #require(client.port)
            let answer = try await offThePool {
                try RawConnection(port: port).exchange(
                    "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 10_000))\r\n\r\n")
            }
            #expect(answer.hasPrefix("HTTP/1.1 400"))
            #expect(answer.lowercased().contains("connection: close"))
            let fine = try await offThePool {
                try RawConnection(port: port).exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", keepOpen: true)
            }
            #expect(fine.hasPrefix("HTTP/1.1 200"))
        }
    }

    @Test("An idle connection is closed after the idle timeout")
    func idleTimeout() async throws {
        let harness = try CollectorHarness { $0.idleTimeout = .milliseconds(300) }
        try await harness.test(.live) { client in
            let port = try #require(client.port)
            let connection = try RawConnection(port: port)
            // Nothing sent: the server must close the connection on its own; read() then returns end of file.
            #expect(try await offThePool { connection.readUntilClosed(waitingAtMost: 30) } == "")
        }
    }
}

/// Runs blocking socket calls on a thread of their own: blocking Swift concurrency's few threads would starve the
/// collector under test, whose handlers run there.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// A plain TCP connection to the collector, for what an HTTP client library would not send.
final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw Failure("could not connect to port \(port)") }
    }

    deinit { close(descriptor) }

    /// Sends `request` and returns what comes back until the server closes (or, with `keepOpen`, the first read).
    func exchange(_ request: String, keepOpen: Bool = false) throws -> String {
        let bytes = Array(request.utf8)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
            // The server may close before reading everything (that is the point of a limit).
            if sent <= 0 { break }
            offset += sent
        }
        return keepOpen ? readOnce() : readUntilClosed(waitingAtMost: 30)
    }

    private func readOnce() -> String {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : ""
    }

    /// Sends bytes; `false` once the server has closed the connection.
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    /// Everything received until the server closes the connection (or `seconds` pass with nothing received).
    func readUntilClosed(waitingAtMost seconds: Int) -> String {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { return count == 0 ? String(decoding: received, as: UTF8.self) : "<timed out>" }
            received += buffer[..<count]
        }
    }
}

/// Lower-case hex SHA-256 of bytes.
func sha256(_ bytes: [UInt8]) -> String {
    sha256Hex(bytes)
}
