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
        // gmtime_r rather than a date formatter: formatters are costly to make, and this runs once per response sent.
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):"
            + "\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
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

    /// The canonical JSON as UTF-8 bytes.
    public var canonicalBytes: [UInt8] { json.canonicalBytes }

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
        try self.init(parsing: Array(text))
    }

    /// Reads a response from JSON text held in an array (no copy; called for every response the collector gets).
    public init(parsing text: [UInt8]) throws(ResponseFormatError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text)
        } catch {
            throw ResponseFormatError("not valid JSON (\(error.description))")
        }
        try self.init(json: value)
    }
}
