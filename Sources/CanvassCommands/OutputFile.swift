import Foundation

/// Writes text to a file atomically, or fails with status 2.
func writeFile(_ text: String, to path: String) throws(CommandFailure) {
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw .environment("could not write \(path): \(error.localizedDescription)")
    }
}
