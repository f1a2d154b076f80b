/// A response file that is not a valid response object.
public struct ResponseFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong (never the answers themselves).
    public var message: String

    init(_ message: String) { self.message = message }

    public var description: String { message }
}
