import Foundation

/// What loading a form produced: the form (when it has no errors) and every problem found.
public struct FormLoadResult: Sendable {
    /// The form, or `nil` when it has errors.
    public var form: Form?
    /// Errors and warnings, in the order they appear in the file.
    public var diagnostics: [Diagnostic]
}

/// Reads forms from YAML or JSON files and checks them.
public enum FormLoader {
    /// Loads and checks the form in `text`; `path` names the file in messages.
    ///
    /// JSON is read through the same parser (it is YAML's flow style), so JSON forms get located errors too.
    public static func load(text: String, path: String) -> FormLoadResult {
        let root: SourceNode?
        do {
            root = try SourceNode.parse(yaml: text)
        } catch {
            let kind = path.lowercased().hasSuffix(".json") ? "JSON" : "YAML"
            return FormLoadResult(
                form: nil,
                diagnostics: [Diagnostic(.error, path: path, at: error.location, "invalid \(kind): \(error.message)")])
        }
        guard let root else {
            return FormLoadResult(
                form: nil,
                diagnostics: [
                    Diagnostic(
                        .error, path: path, at: SourceLocation(line: 1, column: 1),
                        "the file is empty; a form needs at least form, version, title and sections")
                ])
        }
        var reader = FormReader(path: path)
        let form = reader.readForm(root)
        if let form {
            var checker = FormChecker(form: form, reader: reader)
            checker.check()
            reader.diagnostics += checker.diagnostics
        }
        let diagnostics = reader.diagnostics.sortedByLocation()
        return FormLoadResult(form: diagnostics.hasErrors ? nil : form, diagnostics: diagnostics)
    }

    /// Loads and checks the form in the file at `path`.
    public static func load(path: String) -> FormLoadResult {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            let message = exists ? "cannot read the file; check its permissions" : "no such file"
            return FormLoadResult(form: nil, diagnostics: [Diagnostic(.error, path: path, at: nil, message)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return FormLoadResult(
                form: nil,
                diagnostics: [Diagnostic(.error, path: path, at: nil, "the file is not UTF-8 text; save it as UTF-8")])
        }
        return load(text: text, path: path)
    }
}
