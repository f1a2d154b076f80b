/// A failure of the collector's store or configuration, in words.
public enum CollectorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input was wrong (a bad option or argument); the message says how to fix it.
    case input(String)
    /// The environment failed (the disk, the database, the network).
    case environment(String)

    public var description: String {
        switch self {
        case .input(let message), .environment(let message): message
        }
    }
}
