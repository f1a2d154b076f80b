import CanvassCollector
import CanvassForms
import CanvassResponses
import CanvassTesting
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

/// A collector over a fresh data folder with two small forms and a token of every kind, for the router and
/// live-socket tests.
struct CollectorHarness {
    static let checkForm = """
        form: check
        version: "1"
        title: Check
        choices:
          size:
            - small: Small
            - large: Large
        sections:
          - id: main
            title: Main
            questions:
              - id: size
                type: select_one
                choices: size
                label: How large is your organisation?
                required: true
              - id: days
                type: integer
                label: How many days did the bid take?
                constraint: ". >= 0"
                constraint_message: Enter a number of days, 0 or more.
              - id: evidence
                type: file
                label: Your evidence
        """

    static let otherForm = """
        form: other
        version: "1"
        title: Other
        sections:
          - id: main
            title: Main
            questions:
              - id: note
                type: text
                label: Anything else?
        """

    let folder: String
    let store: CollectorStore
    let collector: Collector
    /// A submitter for Acme Trust, for `check`.
    let acme: String
    /// A submitter for Beacon CIC, for `check`.
    let beacon: String
    /// A submitter for Acme Trust, for `other` only.
    let otherOnly: String
    /// An analyst for every form.
    let analyst: String
    /// An analyst for `other` only.
    let otherAnalyst: String

    init(configure: (inout CollectorConfiguration) -> Void = { _ in }) throws {
        folder = NSTemporaryDirectory() + "canvass-collector-\(UUID().uuidString)"
        store = try CollectorStore(folder: folder)
        let forms = [
            try Form.load(text: Self.checkForm, path: "check.yaml"),
            try Form.load(text: Self.otherForm, path: "o.yaml"),
        ]
        try store.saveForms(forms)
        acme = try store.createToken(role: .submitter, organisation: "Acme Trust", forms: ["check"]).1.text
        beacon = try store.createToken(role: .submitter, organisation: "Beacon CIC", forms: ["check"]).1.text
        otherOnly = try store.createToken(role: .submitter, organisation: "Acme Trust", forms: ["other"]).1.text
        analyst = try store.createToken(role: .analyst, organisation: nil, forms: []).1.text
        otherAnalyst = try store.createToken(role: .analyst, organisation: nil, forms: ["other"]).1.text
        var configuration = CollectorConfiguration()
        configuration.port = 0
        configuration.rateLimit = 0
        configuration.tokenRefresh = .zero
        configure(&configuration)
        var logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        logger.logLevel = .critical
        collector = Collector(forms: forms, store: store, configuration: configuration, logger: logger)
    }

    /// Runs `body` against the collector's router (no sockets), then removes the data folder.
    func test(
        _ framework: TestingSetup = .router, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await collector.application().test(framework) { client in try await body(client) }
    }

    /// A valid response to `check`, as canonical JSON.
    static func response(
        id: String = CanvassResponses.Response.newID(), size: String = "small", days: Double? = 3,
        deprecates: String? = nil,
        attachments: [CanvassResponses.Attachment] = []
    ) -> String {
        var answers: [String: JSONValue] = ["size": .string(size)]
        if let days { answers["days"] = .number(days) }
        if let attachment = attachments.first { answers["evidence"] = .string(attachment.name) }
        let response = CanvassResponses.Response(
            form: "check", formVersion: "1", id: id, createdAt: "2026-11-28T10:00:00Z",
            completedAt: "2026-11-28T10:05:00Z", deprecates: deprecates, answers: answers, attachments: attachments)
        return response.canonicalText
    }
}

/// Headers with a bearer token (and any others).
func headers(token: String?, _ extra: HTTPFields = [:]) -> HTTPFields {
    var fields = extra
    if let token { fields[.authorization] = "Bearer \(token)" }
    return fields
}

/// A body of text.
func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

/// The body of an answer as JSON.
func json(_ response: TestResponse) throws -> JSONValue {
    try JSONValue(parsing: Array(response.body.readableBytesView))
}

/// The `error` member of an answer's JSON body.
func errorMessage(_ response: TestResponse) -> String {
    guard case .object(let members)? = try? json(response), case .string(let message)? = members["error"] else {
        return "<no error member in \(String(buffer: response.body))>"
    }
    return message
}

/// The `{question, message}` problems of a 400 answer.
func problems(_ response: TestResponse) -> [(question: String, message: String)] {
    guard case .array(let items)? = try? json(response) else { return [] }
    return items.compactMap { item in
        guard case .object(let members) = item, case .string(let question)? = members["question"],
            case .string(let message)? = members["message"]
        else { return nil }
        return (question, message)
    }
}

/// Lower-case hex SHA-256 of a text's UTF-8.
func sha256(_ text: String) -> String { sha256Hex(Array(text.utf8)) }

/// Lower-case hex SHA-256 of bytes.
func sha256Hex(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
}
