public import Foundation

/// An HTTP request for `HTTPClient`: a method, a URL, headers and a body.
public struct HTTPRequest: Sendable {
    /// The body of a request.
    public enum Body: Sendable {
        /// No body.
        case none
        /// Bytes held in memory, such as a JSON document.
        case bytes(Data, contentType: String)
        /// A `multipart/form-data` body whose file parts are streamed from disk, never read whole into memory.
        case multipart(MultipartBody)
    }

    /// `GET`, `POST`, `PUT`, …
    public var method: String
    /// The absolute `http` or `https` URL.
    public var url: URL
    /// Header fields, in order.
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: Body

    /// Creates a request.
    public init(method: String = "GET", url: URL, headers: [(name: String, value: String)] = [], body: Body = .none) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// A `POST` of a JSON document.
    public static func postJSON(_ json: Data, to url: URL, headers: [(name: String, value: String)] = []) -> HTTPRequest
    {
        HTTPRequest(method: "POST", url: url, headers: headers, body: .bytes(json, contentType: "application/json"))
    }
}

/// A `multipart/form-data` body: parts of bytes or files, sent in order and streamed.
public struct MultipartBody: Sendable {
    /// One part.
    public struct Part: Sendable {
        /// Where a part's content comes from.
        public enum Content: Sendable {
            /// Bytes in memory.
            case bytes(Data)
            /// A file, read in blocks as it is sent.
            case file(path: String)
        }

        /// The form field name.
        public var name: String
        /// The file name sent with a file part, if any.
        public var fileName: String?
        /// The part's media type.
        public var contentType: String
        /// Its content.
        public var content: Content

        /// Creates a part.
        public init(name: String, fileName: String? = nil, contentType: String, content: Content) {
            self.name = name
            self.fileName = fileName
            self.contentType = contentType
            self.content = content
        }
    }

    /// The parts, in order.
    public var parts: [Part]
    /// The boundary between parts.
    public let boundary: String

    /// Creates a multipart body with a random boundary.
    public init(parts: [Part]) {
        self.parts = parts
        self.boundary = "canvass-" + UUID().uuidString
    }

    /// The `Content-Type` header value.
    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// The body as a sequence of segments: literal bytes and files, in order.
    var segments: [MultipartSegment] {
        var segments: [MultipartSegment] = []
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.escape(part.name))\""
            if let fileName = part.fileName { head += "; filename=\"\(Self.escape(fileName))\"" }
            head += "\r\nContent-Type: \(part.contentType)\r\n\r\n"
            segments.append(.bytes(Data(head.utf8)))
            switch part.content {
            case .bytes(let data): segments.append(.bytes(data))
            case .file(let path): segments.append(.file(path))
            }
            segments.append(.bytes(Data("\r\n".utf8)))
        }
        segments.append(.bytes(Data("--\(boundary)--\r\n".utf8)))
        return segments
    }

    /// The exact length of the body in bytes, or `nil` if a file cannot be read.
    func length() -> Int64? {
        var total: Int64 = 0
        for segment in segments {
            switch segment {
            case .bytes(let data): total += Int64(data.count)
            case .file(let path):
                guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber
                else { return nil }
                total += size.int64Value
            }
        }
        return total
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
}

/// A piece of a multipart body.
enum MultipartSegment {
    case bytes(Data)
    case file(String)
}

/// An HTTP response: status, headers and body.
public struct HTTPResponse: Sendable {
    /// The status code, e.g. 201.
    public var status: Int
    /// The header fields of the final response, names in lower case.
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: Data
    /// `1.1` or `2`.
    public var httpVersion: String

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name == wanted }?.value
    }
}
