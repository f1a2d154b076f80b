public import CanvassForms
public import Foundation

/// One provider's answers to one version of a form, as stored in the Outbox and sent to a collector.
///
/// Written as canonical JSON (keys sorted), so identical responses are identical bytes.
public struct Response: Sendable, Hashable {
    /// The format version of the response object.
    public static let formatVersion = 1

    /// The form's id.
    public var form: String
    /// The form's version the answers were given to.
    public var formVersion: String
    /// The response id: a UUID when Canvass makes it; also the idempotency key when sending.
    public var id: String
    /// When answering started (UTC, ISO 8601).
    public var createdAt: String
    /// When the response was finished, or `nil` for a draft.
    public var completedAt: String?
    /// The id of the response this one corrects, if any.
    public var deprecates: String?
    /// Answers keyed by question id; a repeat section's answers are a list of such objects under its id.
    public var answers: [String: JSONValue]
    /// Files attached to `file` questions.
    public var attachments: [Attachment]

    /// Creates a response.
    public init(
        form: String, formVersion: String, id: String = Response.newID(), createdAt: String = Response.timestamp(),
        completedAt: String? = nil, deprecates: String? = nil, answers: [String: JSONValue] = [:],
        attachments: [Attachment] = []
    ) {
        self.form = form
        self.formVersion = formVersion
        self.id = id
        self.createdAt = createdAt
        self.completedAt = completedAt
        self.deprecates = deprecates
        self.answers = answers
        self.attachments = attachments
    }

    /// A new random response id (a lower-case UUID).
    public static func newID() -> String { UUID().uuidString.lowercased() }

    /// The current time as `2026-11-28T10:00:00Z`.
    public static func timestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// Whether `id` may name a response: 1–128 characters of `[A-Za-z0-9._-]`.
    public static func isValidID(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count)
            && id.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == 0x2E || byte == 0x5F || byte == 0x2D
            } && id != "." && id != ".."
    }

    /// The response as JSON.
    public var json: JSONValue {
        .object([
            "canvass": .number(Double(Self.formatVersion)),
            "form": .string(form),
            "formVersion": .string(formVersion),
            "id": .string(id),
            "createdAt": .string(createdAt),
            "completedAt": completedAt.map(JSONValue.string) ?? .null,
            "deprecates": deprecates.map(JSONValue.string) ?? .null,
            "answers": .object(answers),
            "attachments": .array(attachments.map(\.json)),
        ])
    }

    /// The canonical JSON text (keys sorted, no spaces): what is written to disk and sent.
    public var canonicalText: String { json.canonicalText }

    /// Reads a response from its JSON.
    public init(json: JSONValue) throws(ResponseFormatError) {
        guard let members = json.object else { throw ResponseFormatError("a response must be a JSON object") }
        func text(_ key: String) throws(ResponseFormatError) -> String {
            guard let value = members[key]?.string else { throw ResponseFormatError("'\(key)' must be text") }
            return value
        }
        func optionalText(_ key: String) throws(ResponseFormatError) -> String? {
            switch members[key] {
            case nil, .null: return nil
            case .string(let value): return value
            default: throw ResponseFormatError("'\(key)' must be text or null")
            }
        }
        guard members["canvass"]?.number == Double(Self.formatVersion) else {
            throw ResponseFormatError("'canvass' must be \(Self.formatVersion), the response format version")
        }
        form = try text("form")
        formVersion = try text("formVersion")
        id = try text("id")
        guard Self.isValidID(id) else {
            throw ResponseFormatError("'id' must be 1–128 characters of letters, digits, '.', '_' and '-'")
        }
        createdAt = try text("createdAt")
        completedAt = try optionalText("completedAt")
        deprecates = try optionalText("deprecates")
        switch members["answers"] {
        case .object(let values): answers = values
        case nil: answers = [:]
        default: throw ResponseFormatError("'answers' must be an object of question ids to answers")
        }
        switch members["attachments"] {
        case .array(let items):
            attachments = try items.map { (item) throws(ResponseFormatError) in try Attachment(json: item) }
        case nil, .null: attachments = []
        default: throw ResponseFormatError("'attachments' must be a list")
        }
    }

    /// Reads a response from JSON text.
    public init(parsing text: some Collection<UInt8>) throws(ResponseFormatError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text)
        } catch {
            throw ResponseFormatError("not valid JSON (\(error.description))")
        }
        try self.init(json: value)
    }
}

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

/// A response file that is not a valid response object.
public struct ResponseFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong (never the answers themselves).
    public var message: String

    init(_ message: String) { self.message = message }

    public var description: String { message }
}
