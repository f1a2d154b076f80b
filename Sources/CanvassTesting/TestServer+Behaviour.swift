public import Foundation

extension TestServer {
    /// A request as the server read it. The handler sees its head (`body` empty, `isComplete` false); the
    /// recorded request in `TestServer.requests` has as much of the body as the behaviour read.
    public struct Request: Sendable {
        /// `GET`, `POST`, …
        public var method: String
        /// The request target, e.g. `/forms/tupe/responses?x=1`.
        public var path: String
        /// `HTTP/1.1` or `HTTP/1.0`.
        public var version: String
        /// The header fields, in order, names as sent.
        public var headers: [(name: String, value: String)]
        /// The body bytes read, up to the server's `recordedBodyLimit`.
        public var body = Data()
        /// How many body bytes were read, including any beyond `recordedBodyLimit`.
        public var bodyLength = 0
        /// Whether the whole body was read (false if the behaviour stopped early or the client went away).
        public var isComplete = false
        /// Which TCP connection it came on: 1 for the first the server accepted, 2 for the next…
        public var connection: Int

        /// The first value of a header, by case-insensitive name.
        public func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }

        /// The `Idempotency-Key` header.
        public var idempotencyKey: String? { header("Idempotency-Key") }

        /// The `Content-Length` the client declared, if any.
        public var declaredLength: Int? { header("Content-Length").flatMap { Int($0) } }

        /// Whether the body came with `Transfer-Encoding: chunked`.
        public var isChunked: Bool { header("Transfer-Encoding")?.lowercased().contains("chunked") == true }

        /// The body's parts, if it is a complete `multipart/form-data` body; `nil` otherwise.
        public func multipartParts() -> [MultipartPart]? {
            guard let type = header("Content-Type"), type.lowercased().hasPrefix("multipart/form-data"),
                let boundary = Self.parameter("boundary", in: type)
            else { return nil }
            let delimiter = Data("\r\n--\(boundary)".utf8)
            // The first delimiter has no CRLF before it; lending it one makes every delimiter alike.
            let text = Data("\r\n".utf8) + body
            var parts: [MultipartPart] = []
            guard var cursor = text.range(of: delimiter)?.upperBound else { return nil }
            while true {
                let rest = text[cursor...]
                if rest.starts(with: Data("--".utf8)) { return parts }
                guard rest.starts(with: Data("\r\n".utf8)),
                    let next = text.range(of: delimiter, in: cursor..<text.endIndex),
                    let part = MultipartPart(text[(cursor + 2)..<next.lowerBound])
                else { return nil }
                parts.append(part)
                cursor = next.upperBound
            }
        }

        /// A parameter of a header value, such as `boundary` in a `Content-Type`.
        static func parameter(_ name: String, in value: String) -> String? {
            for item in value.split(separator: ";").dropFirst() {
                let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if pair.count == 2, pair[0].lowercased() == name {
                    return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                }
            }
            return nil
        }
    }

    /// One part of a `multipart/form-data` body.
    public struct MultipartPart: Sendable {
        /// The part's header fields.
        public var headers: [(name: String, value: String)]
        /// Its content.
        public var body: Data

        /// The `name` in its `Content-Disposition`.
        public var name: String? { disposition.flatMap { Request.parameter("name", in: $0) } }
        /// The `filename` in its `Content-Disposition`, if any.
        public var fileName: String? { disposition.flatMap { Request.parameter("filename", in: $0) } }
        /// Its `Content-Type`.
        public var contentType: String? { header("Content-Type") }

        /// The first value of a header, by case-insensitive name.
        public func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }

        private var disposition: String? { header("Content-Disposition") }

        /// Parses a part: header lines, an empty line, the content.
        init?(_ bytes: Data) {
            guard let split = bytes.range(of: Data("\r\n\r\n".utf8)) else { return nil }
            let head = String(decoding: bytes[bytes.startIndex..<split.lowerBound], as: UTF8.self)
            headers = head.components(separatedBy: "\r\n").compactMap { line in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            body = Data(bytes[split.upperBound...])
        }
    }

    /// An answer: status, header fields and body. `Content-Length` is added by the server.
    public struct Reply: Sendable {
        /// The status code.
        public var status: Int
        /// Header fields to send.
        public var headers: [(name: String, value: String)]
        /// The body.
        public var body: Data

        /// Creates a reply.
        public init(status: Int, headers: [(name: String, value: String)] = [], body: Data = Data()) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        /// A reply with a JSON body.
        public static func json(_ status: Int, _ json: String, headers: [(name: String, value: String)] = []) -> Reply {
            Reply(status: status, headers: [("Content-Type", "application/json")] + headers, body: Data(json.utf8))
        }

        /// The reason phrase for a status.
        static func reason(for status: Int) -> String {
            let reasons = [
                100: "Continue", 200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently",
                302: "Found", 307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request",
                401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 408: "Request Timeout", 409: "Conflict",
                413: "Content Too Large", 429: "Too Many Requests", 500: "Internal Server Error",
                502: "Bad Gateway", 503: "Service Unavailable",
            ]
            return reasons[status] ?? "Status \(status)"
        }
    }

    /// How the server behaves for one request.
    public enum Behaviour: Sendable {
        /// Reads the whole request, then sends this reply.
        case respond(Reply)
        /// Reads the whole request, then sends the reply made from it (body included).
        case reply(@Sendable (Request) -> Reply)
        /// Reads the whole request, then closes the connection abruptly (a TCP reset, SO_LINGER 0) without
        /// answering: the client cannot tell whether the request was acted on.
        case reset
        /// Reads `afterBytes` bytes of the body, then stops reading and waits `seconds` (or until `stop()`), then
        /// closes: the client's send stalls once the socket buffers fill.
        case stallMidBody(afterBytes: Int = 64 << 10, seconds: Double)
        /// Reads the whole request, waits `seconds` (or until `stop()`), then sends `then`, or closes if `nil`.
        case stallBeforeAnswer(seconds: Double, then: Reply? = nil)
        /// Answers after the head, before reading the body, then stops sending and closes once the client has
        /// finished (or after 2 s): how a server refuses a body that is too large.
        case refuseEarly(Reply)

        /// Answers with an empty body.
        public static func status(_ status: Int, headers: [(name: String, value: String)] = []) -> Behaviour {
            .respond(Reply(status: status, headers: headers))
        }

        /// Answers with a JSON body.
        public static func json(_ status: Int, _ json: String) -> Behaviour { .respond(.json(status, json)) }

        /// `503 Service Unavailable` with `Retry-After: seconds`.
        public static func serviceUnavailable(retryAfter seconds: Int) -> Behaviour {
            .respond(.json(503, #"{"error":"storage unavailable"}"#, headers: [("Retry-After", "\(seconds)")]))
        }

        /// `429 Too Many Requests` with `Retry-After: seconds`.
        public static func tooManyRequests(retryAfter seconds: Int) -> Behaviour {
            .respond(.json(429, #"{"error":"rate limited"}"#, headers: [("Retry-After", "\(seconds)")]))
        }

        /// `409 Conflict`: the same id was stored with different content.
        public static var conflict: Behaviour {
            .json(409, #"{"error":"a different response with this id is already stored"}"#)
        }

        /// `400 Bad Request` with the collector's JSON list of `{question, message}` problems.
        public static func badRequest(_ problems: [(question: String, message: String)]) -> Behaviour {
            let list = problems.map { [$0.question, $0.message] }.map { ["question": $0[0], "message": $0[1]] }
            let json = (try? JSONSerialization.data(withJSONObject: list, options: [.sortedKeys])) ?? Data("[]".utf8)
            return .respond(Reply(status: 400, headers: [("Content-Type", "application/json")], body: json))
        }

        /// `413 Content Too Large`, sent before the body is read.
        public static var payloadTooLarge: Behaviour {
            .refuseEarly(.json(413, #"{"error":"the response is larger than the collector accepts"}"#))
        }

        /// A redirect (307 unless given) to `location`.
        public static func redirect(_ status: Int = 307, to location: String) -> Behaviour {
            .respond(Reply(status: status, headers: [("Location", location)]))
        }
    }
}
