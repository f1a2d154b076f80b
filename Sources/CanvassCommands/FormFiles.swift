import CanvassForms
import Foundation

/// Finds form files from the paths a user gave: files as they are, folders searched for `.yaml`, `.yml` and `.json`.
enum FormFiles {
    static let extensions = ["yaml", "yml", "json"]

    static func expand(_ paths: [String]) throws(CommandFailure) -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                // Kept, so the loader reports it beside the other files' problems instead of stopping the run.
                files.append(path)
                continue
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                let forms = names.filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
                if forms.isEmpty { throw .badInput("\(path): the folder has no .yaml, .yml or .json forms") }
                files += forms.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        return files
    }
}

/// Loads a form for a command, printing its problems and failing with status 1 if it has errors.
func loadForm(_ path: String) throws -> Form {
    let result = FormLoader.load(path: path)
    guard let form = result.form else {
        for diagnostic in result.diagnostics { Console.current.errorLine(diagnostic.description) }
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        throw CommandFailure.badInput(
            "\(path) has \(Lint.count(errors, "error")); run `canvass lint \(path)` for details")
    }
    return form
}
