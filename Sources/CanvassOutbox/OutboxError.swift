import Foundation

/// A failure of the Outbox: a file that could not be read or written, or an item in the wrong state.
public struct OutboxError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case io
        case notFound
        case invalid
        case locked
    }

    private let code: Code
    /// What went wrong, with the path; never an answer.
    public let message: String

    /// Whether the problem is with the environment (disk, permissions) rather than the input.
    public var isEnvironmental: Bool { code == .io || code == .locked }

    static func io(_ message: String, _ error: Int32) -> OutboxError {
        OutboxError(code: .io, message: "\(message): \(String(cString: strerror(error)))")
    }

    static func notFound(_ message: String) -> OutboxError { OutboxError(code: .notFound, message: message) }
    static func invalid(_ message: String) -> OutboxError { OutboxError(code: .invalid, message: message) }
    static func locked(_ message: String) -> OutboxError { OutboxError(code: .locked, message: message) }

    public var description: String { message }
}
