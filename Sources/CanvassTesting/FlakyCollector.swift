public import Foundation
import Synchronization

/// A stand-in for the collector's `POST /forms/{form}/responses`, for sender tests, to serve from a `TestServer`:
///
/// - a request without `Idempotency-Key` gets 400;
/// - the first `failures` attempts of each key get `failure` (a reset by default);
/// - then the first complete submission is stored and answered 201 with a JSON receipt (`id`, `bytes`,
///   `receivedAt`); an identical resubmission gets 200 and the same receipt; different content under a stored
///   key gets 409.
///
/// Multipart submissions are compared part by part, not byte for byte, since each attempt has its own boundary.
///
/// ```swift
/// let collector = FlakyCollector(failures: 2, failure: .serviceUnavailable(retryAfter: 1))
/// let server = try TestServer(handler: collector.handler)
/// ```
public final class FlakyCollector: Sendable {
    private struct State {
        var attempts: [String: Int] = [:]
        var contents: [String: Data] = [:]
        var receipts: [String: Data] = [:]
        var bodies: [String: Data] = [:]
    }

    private let failures: Int
    private let failure: TestServer.Behaviour
    private let state = Mutex(State())

    /// Creates a collector that fails the first `failures` attempts of each key with `failure`.
    public init(failures: Int = 0, failure: TestServer.Behaviour = .reset) {
        self.failures = failures
        self.failure = failure
    }

    /// The handler to give a `TestServer`.
    public var handler: TestServer.Handler { { [self] head in behaviour(for: head) } }

    /// The body stored for each key (the first one answered 201).
    public var stored: [String: Data] { state.withLock { $0.bodies } }

    /// How many attempts arrived for each key, failed ones included.
    public var attempts: [String: Int] { state.withLock { $0.attempts } }

    /// The receipt body answered with 201 (and with 200 after) for `key`, if it was stored.
    public func receipt(forKey key: String) -> Data? { state.withLock { $0.receipts[key] } }

    private func behaviour(for head: TestServer.Request) -> TestServer.Behaviour {
        guard let key = head.idempotencyKey else {
            return .badRequest([(question: "", message: "the Idempotency-Key header is missing")])
        }
        let attempt = state.withLock { state in
            state.attempts[key, default: 0] += 1
            return state.attempts[key, default: 0]
        }
        if attempt <= failures { return failure }
        return .reply { [self] request in store(request, key: key) }
    }

    private func store(_ request: TestServer.Request, key: String) -> TestServer.Reply {
        let content = Self.content(of: request)
        return state.withLock { state in
            if let stored = state.contents[key], let receipt = state.receipts[key] {
                guard stored == content else {
                    return .json(409, #"{"error":"a different response with this id is already stored"}"#)
                }
                return TestServer.Reply(status: 200, headers: [("Content-Type", "application/json")], body: receipt)
            }
            let receipt: [String: Any] = [
                "id": key, "bytes": request.bodyLength,
                "receivedAt": ISO8601DateFormatter().string(from: Date()),
            ]
            let body = (try? JSONSerialization.data(withJSONObject: receipt, options: [.sortedKeys])) ?? Data()
            state.contents[key] = content
            state.receipts[key] = body
            state.bodies[key] = request.body
            return TestServer.Reply(status: 201, headers: [("Content-Type", "application/json")], body: body)
        }
    }

    /// What makes two submissions the same: the parts of a multipart body (boundary aside), else the bytes.
    private static func content(of request: TestServer.Request) -> Data {
        guard let parts = request.multipartParts() else { return request.body }
        var content = Data()
        for part in parts {
            let label = [part.name ?? "", part.fileName ?? "", part.contentType ?? "", "\(part.body.count)"]
            content.append(Data((label.joined(separator: "\u{0}") + "\u{0}").utf8))
            content.append(part.body)
        }
        return content
    }
}
