import Foundation

/// Where a command's output goes: standard output and error, or a buffer in tests.
public struct Console: Sendable {
    /// Writes to standard output.
    public var write: @Sendable (String) -> Void
    /// Writes to standard error.
    public var writeError: @Sendable (String) -> Void
    /// Whether standard output is a terminal (progress bars and colour are only drawn there).
    public var isTerminal: Bool

    /// Creates a console from two writers.
    public init(
        isTerminal: Bool, write: @escaping @Sendable (String) -> Void,
        writeError: @escaping @Sendable (String) -> Void
    ) {
        self.isTerminal = isTerminal
        self.write = write
        self.writeError = writeError
    }

    /// The process's standard output and error.
    public static let standard = Console(
        isTerminal: isatty(STDOUT_FILENO) == 1,
        write: { FileHandle.standardOutput.write(Data($0.utf8)) },
        writeError: { FileHandle.standardError.write(Data($0.utf8)) })

    /// The console commands write to; tests bind it to capture output.
    @TaskLocal public static var current: Console = .standard

    /// Writes a line to standard output.
    public func line(_ text: String = "") { write(text + "\n") }

    /// Writes a line to standard error.
    public func errorLine(_ text: String) { writeError(text + "\n") }
}
