import CanvassCommands
import Foundation
import Synchronization

/// What a `canvass` command printed and how it exited.
public struct CommandRun: Sendable {
    /// The exit status.
    public var status: Int32
    /// Everything written to standard output.
    public var output: String
    /// Everything written to standard error.
    public var errorOutput: String
}

/// Runs `canvass` in-process with `arguments`, capturing what a user would see.
public func runCanvass(_ arguments: [String]) async -> CommandRun {
    let output = Mutex("")
    let errorOutput = Mutex("")
    let console = Console(
        isTerminal: false,
        write: { text in output.withLock { $0 += text } },
        writeError: { text in errorOutput.withLock { $0 += text } })
    let status = await Console.$current.withValue(console) {
        await Canvass.run(arguments: arguments)
    }
    return CommandRun(
        status: status, output: output.withLock { $0 }, errorOutput: errorOutput.withLock { $0 })
}

/// The repository's root folder, found from this source file's location.
public let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// A fresh temporary folder, removed when `body` returns.
public func withTemporaryFolder<T>(_ body: (String) async throws -> T) async rethrows -> T {
    let path = NSTemporaryDirectory() + "canvass-test-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

/// Writes `text` to `name` inside `folder` and returns the file's path.
@discardableResult
public func writeFixture(_ text: String, named name: String, in folder: String) -> String {
    let path = (folder as NSString).appendingPathComponent(name)
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}
