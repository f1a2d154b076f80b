import Foundation
import Synchronization

/// What a `canvass` command printed and how it exited, when run in-process with its output captured.
public struct CapturedRun: Sendable {
    /// The exit status.
    public var status: Int32
    /// Everything written to standard output.
    public var output: String
    /// Everything written to standard error.
    public var errorOutput: String
}

extension Canvass {
    /// Runs `canvass` in-process with `arguments`, feeding it `input` one line per read, and captures its output.
    ///
    /// Used by `canvass demo` to run the flow step by step, and by tests to read exactly what a user would.
    public static func capture(arguments: [String], input: [String] = []) async -> CapturedRun {
        let output = Mutex("")
        let errorOutput = Mutex("")
        let lines = Mutex(input[...])
        let console = Console(
            isTerminal: false,
            write: { text in output.withLock { $0 += text } },
            writeError: { text in errorOutput.withLock { $0 += text } },
            readLine: { lines.withLock { $0.popFirst() } })
        let status = await Console.$current.withValue(console) {
            await Canvass.run(arguments: arguments)
        }
        return CapturedRun(status: status, output: output.withLock { $0 }, errorOutput: errorOutput.withLock { $0 })
    }
}
