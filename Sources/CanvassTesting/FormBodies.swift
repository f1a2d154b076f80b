import Foundation

/// Request bodies as a browser writes them, for tests of what the collector reads.
public enum FormBodies {
    /// `application/x-www-form-urlencoded`: each name and value percent-encoded (all but letters, digits and
    /// `-._*`), joined by `=` and `&`.
    public static func urlEncoded(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return pairs.map { name, value in
            [name, value].map { $0.addingPercentEncoding(withAllowedCharacters: allowed)! }.joined(separator: "=")
        }.joined(separator: "&")
    }

    /// One part of a multipart body: a field, or a file when it has a file name.
    public struct Part: Sendable {
        public var name: String
        public var fileName: String?
        public var contentType: String?
        public var bytes: [UInt8]

        public init(name: String, fileName: String? = nil, contentType: String? = nil, bytes: [UInt8]) {
            self.name = name
            self.fileName = fileName
            self.contentType = contentType
            self.bytes = bytes
        }

        /// A text field.
        public static func field(_ name: String, _ value: String, contentType: String? = nil) -> Part {
            Part(name: name, contentType: contentType, bytes: Array(value.utf8))
        }
    }

    /// A `multipart/form-data` body with `boundary`.
    public static func multipart(_ parts: [Part], boundary: String) -> [UInt8] {
        var body: [UInt8] = []
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let fileName = part.fileName { head += "; filename=\"\(fileName)\"" }
            head += "\r\n"
            if let contentType = part.contentType { head += "Content-Type: \(contentType)\r\n" }
            body += Array((head + "\r\n").utf8) + part.bytes + Array("\r\n".utf8)
        }
        return body + Array("--\(boundary)--\r\n".utf8)
    }
}
