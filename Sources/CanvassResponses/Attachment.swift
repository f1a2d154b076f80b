import CanvassForms
import Foundation

/// A file attached to a response, described by its name, size and SHA-256.
public struct Attachment: Sendable, Hashable {
    /// The `file` question it answers.
    public var question: String
    /// The file's name (no folders).
    public var name: String
    /// Its size in bytes.
    public var bytes: Int
    /// Its SHA-256, as lower-case hex.
    public var sha256: String
    /// Its media type, e.g. `application/pdf`.
    public var mediaType: String

    /// Creates an attachment description.
    public init(question: String, name: String, bytes: Int, sha256: String, mediaType: String) {
        self.question = question
        self.name = name
        self.bytes = bytes
        self.sha256 = sha256
        self.mediaType = mediaType
    }

    var json: JSONValue {
        .object([
            "question": .string(question), "name": .string(name), "bytes": .number(Double(bytes)),
            "sha256": .string(sha256), "mediaType": .string(mediaType),
        ])
    }

    init(json: JSONValue) throws(ResponseFormatError) {
        guard let members = json.object, let question = members["question"]?.string,
            let name = members["name"]?.string, let bytes = members["bytes"]?.number,
            let sha256 = members["sha256"]?.string, let mediaType = members["mediaType"]?.string
        else {
            throw ResponseFormatError("each attachment needs question, name, bytes, sha256 and mediaType")
        }
        guard Self.isValidName(name) else {
            throw ResponseFormatError("an attachment's name must be a plain file name, without folders")
        }
        // `Int(_:)` would trap on a huge or fractional size, and the file comes from outside.
        guard bytes >= 0, bytes <= 9_007_199_254_740_992, let size = Int(exactly: bytes) else {
            throw ResponseFormatError("an attachment's size must be a whole number of bytes")
        }
        self.init(question: question, name: name, bytes: size, sha256: sha256, mediaType: mediaType)
    }

    /// Whether `name` is a plain file name that is safe to create inside a folder.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 255 && name != "." && name != ".." && !name.hasPrefix(".")
            && !name.contains("/") && !name.contains("\\") && !name.unicodeScalars.contains { $0.value < 0x20 }
    }

    /// Whether a media type matches an `accept` entry such as `application/pdf` or `image/*`.
    public static func accepts(_ pattern: String, _ mediaType: String) -> Bool {
        pattern == mediaType || (pattern.hasSuffix("/*") && mediaType.hasPrefix(String(pattern.dropLast())))
    }

    /// A media type guessed from a file name's extension.
    public static func mediaType(forName name: String) -> String {
        let types = [
            "pdf": "application/pdf", "doc": "application/msword",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "odt": "application/vnd.oasis.opendocument.text", "txt": "text/plain", "csv": "text/csv",
            "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "rtf": "application/rtf",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ]
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return types[ext] ?? "application/octet-stream"
    }
}
