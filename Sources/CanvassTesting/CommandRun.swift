public import CanvassCommands
import Foundation

/// What a `canvass` command printed and how it exited.
public typealias CommandRun = CapturedRun

/// Runs `canvass` in-process with `arguments` (and `input`, one line per read), capturing what a user would see.
public func runCanvass(_ arguments: [String], input: [String] = []) async -> CommandRun {
    await Canvass.capture(arguments: arguments, input: input)
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
