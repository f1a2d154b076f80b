/// A form that could not be loaded, with every problem found.
public struct FormLoadError: Error, Sendable, CustomStringConvertible {
    /// The problems, in the order they appear in the file.
    public var diagnostics: [Diagnostic]

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

extension Form {
    /// Loads the form at `path`, throwing its errors if it has any.
    public static func load(path: String) throws(FormLoadError) -> Form {
        let result = FormLoader.load(path: path)
        guard let form = result.form else { throw FormLoadError(diagnostics: result.diagnostics) }
        return form
    }

    /// Loads a form from text, throwing its errors if it has any.
    public static func load(text: String, path: String = "<form>") throws(FormLoadError) -> Form {
        let result = FormLoader.load(text: text, path: path)
        guard let form = result.form else { throw FormLoadError(diagnostics: result.diagnostics) }
        return form
    }
}
