/// A problem found in a form: an error stops the form being used, a warning is a likely mistake.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The form cannot be used until it is fixed.
        case error
        /// Probably a mistake; the form can still be used.
        case warning
    }

    /// Whether this stops the form being used.
    public var severity: Severity
    /// The file the problem is in, as the user named it.
    public var path: String
    /// Where in the file; `nil` when the problem is with the file as a whole.
    public var location: SourceLocation?
    /// What is wrong and how to fix it, in one sentence.
    public var message: String

    /// Creates a diagnostic.
    public init(_ severity: Severity, path: String, at location: SourceLocation?, _ message: String) {
        self.severity = severity
        self.path = path
        self.location = location
        self.message = message
    }

    /// The diagnostic as compilers print it: `path:line:column: error: message`.
    public var description: String {
        let place = location.map { "\(path):\($0.line):\($0.column)" } ?? path
        return "\(place): \(severity.rawValue): \(message)"
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// The diagnostics in the order a reader meets them in the file.
    public func sortedByLocation() -> [Diagnostic] {
        enumerated().sorted { a, b in
            let la = a.element.location ?? SourceLocation(line: 0, column: 0)
            let lb = b.element.location ?? SourceLocation(line: 0, column: 0)
            return la == lb ? a.offset < b.offset : la < lb
        }.map(\.element)
    }
}
