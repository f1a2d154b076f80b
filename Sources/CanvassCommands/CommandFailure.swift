/// A failure a command reports to its user: a message and the exit status that goes with it.
///
/// Status 1 means the input was wrong, 2 that the environment failed (network, disk).
public struct CommandFailure: Error, Sendable, CustomStringConvertible {
    private enum Code: Int32, Sendable {
        case badInput = 1
        case environment = 2
    }

    private let code: Code
    /// What went wrong and how to fix it; never contains answer contents.
    public let message: String

    /// The exit status for this failure.
    public var exitStatus: Int32 { code.rawValue }

    /// The input was wrong; `message` says where and how to fix it.
    public static func badInput(_ message: String) -> CommandFailure {
        CommandFailure(code: .badInput, message: message)
    }

    /// The environment failed (a file could not be written, the network is down).
    public static func environment(_ message: String) -> CommandFailure {
        CommandFailure(code: .environment, message: message)
    }

    public var description: String { message }
}
