import Foundation
import Synchronization

/// Where a command's output goes: standard output and error, or a buffer in tests.
public struct Console: Sendable {
    /// Writes to standard output.
    public var write: @Sendable (String) -> Void
    /// Writes to standard error.
    public var writeError: @Sendable (String) -> Void
    /// Whether standard output is a terminal (progress bars and colour are only drawn there).
    public var isTerminal: Bool
    /// Reads a line from standard input, without its newline; `nil` at the end of input.
    public var readLine: @Sendable () -> String?
    /// Whether standard input is a terminal (a person typing, whose input the terminal echoes).
    public var isInputTerminal: Bool

    /// Creates a console from two writers.
    public init(
        isTerminal: Bool, write: @escaping @Sendable (String) -> Void,
        writeError: @escaping @Sendable (String) -> Void,
        readLine: @escaping @Sendable () -> String? = { nil }, isInputTerminal: Bool = false
    ) {
        self.isInputTerminal = isInputTerminal
        self.isTerminal = isTerminal
        self.write = write
        self.writeError = writeError
        self.readLine = readLine
    }

    /// The process's standard output and error. A failed write (a full disk, a closed pipe) is remembered in
    /// `outputFailed`, so the command can end with status 2 instead of crashing or claiming success.
    public static let standard = Console(
        isTerminal: isatty(STDOUT_FILENO) == 1,
        write: { text in
            do { try FileHandle.standardOutput.write(contentsOf: Data(text.utf8)) } catch { outputFailed.store(true) }
        },
        writeError: { text in try? FileHandle.standardError.write(contentsOf: Data(text.utf8)) },
        readLine: { Swift.readLine(strippingNewline: true) }, isInputTerminal: isatty(STDIN_FILENO) == 1)

    /// Whether writing to standard output has failed in this process.
    public static let outputFailed = Flag()

    /// A flag set from any thread.
    public final class Flag: Sendable {
        private let value = Mutex(false)
        /// Sets the flag.
        public func store(_ flag: Bool) { value.withLock { $0 = flag } }
        /// Whether the flag is set.
        public var isSet: Bool { value.withLock { $0 } }
    }

    /// The console commands write to; tests bind it to capture output.
    @TaskLocal public static var current: Console = .standard

    /// Writes a line to standard output.
    public func line(_ text: String = "") { write(text + "\n") }

    /// Writes a line to standard error.
    public func errorLine(_ text: String) { writeError(text + "\n") }
}
