internal import Yams

/// A YAML or JSON value together with where it was written, so every problem can point at its line and column.
public indirect enum SourceNode: Sendable, Hashable {
    /// A scalar: its text as written, whether it was quoted, and where it starts.
    case scalar(SourceScalar)
    /// A mapping, its keys in the order they were written.
    case mapping([(key: SourceScalar, value: SourceNode)], SourceLocation)
    /// A sequence.
    case sequence([SourceNode], SourceLocation)

    /// Where the node starts.
    public var location: SourceLocation {
        switch self {
        case .scalar(let scalar): scalar.location
        case .mapping(_, let location), .sequence(_, let location): location
        }
    }

    /// A word for the kind of node, for messages ("expected a list, found a mapping").
    public var kindName: String {
        switch self {
        case .scalar(let scalar): scalar.isNull ? "nothing" : "a single value"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    public static func == (lhs: SourceNode, rhs: SourceNode) -> Bool {
        switch (lhs, rhs) {
        case (.scalar(let a), .scalar(let b)): a == b
        case (.mapping(let a, let la), .mapping(let b, let lb)):
            la == lb && a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.sequence(let a, let la), .sequence(let b, let lb)): la == lb && a == b
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(location)
    }
}

/// A scalar as written in the source.
public struct SourceScalar: Sendable, Hashable {
    /// How a scalar was written; quoting decides whether `yes` is a word or a boolean.
    public enum Style: Sendable, Hashable {
        case plain
        case singleQuoted
        case doubleQuoted
        case block
    }

    /// The scalar's text, with quotes and escapes resolved.
    public var text: String
    /// How it was written.
    public var style: Style
    /// Where its first character (or opening quote) is.
    public var location: SourceLocation

    /// Creates a scalar.
    public init(text: String, style: Style, location: SourceLocation) {
        self.text = text
        self.style = style
        self.location = location
    }

    /// Whether the scalar is YAML's null (`~`, `null` or nothing, unquoted).
    public var isNull: Bool {
        style == .plain && ["", "~", "null", "Null", "NULL"].contains(text)
    }

    /// The scalar as a boolean, if it is one written plainly (`true`, `false`, `yes`, `no`).
    public var bool: Bool? {
        guard style == .plain else { return nil }
        switch text.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: return nil
        }
    }

    /// The scalar as a whole number, if it is one written plainly.
    public var int: Int? {
        style == .plain ? Int(text) : nil
    }

    /// The scalar as a number, if it is one written plainly.
    public var number: Double? {
        guard style == .plain, let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// The location of character `offset` of the text, allowing for an opening quote.
    public func location(ofOffset offset: Int) -> SourceLocation {
        switch style {
        case .plain: location.advanced(by: offset)
        case .singleQuoted, .doubleQuoted: location.advanced(by: offset + 1)
        case .block: location
        }
    }
}

/// A document that could not be read as YAML or JSON.
public struct SourceSyntaxError: Error, Sendable, Hashable {
    /// Where the problem was found, when known.
    public var location: SourceLocation?
    /// What the parser said.
    public var message: String
}

extension SourceNode {
    /// Parses YAML (or JSON, which is YAML's flow style) into a located tree.
    ///
    /// Returns `nil` for an empty document.
    public static func parse(yaml text: String) throws(SourceSyntaxError) -> SourceNode? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw SourceSyntaxError(error)
        } catch {
            throw SourceSyntaxError(location: nil, message: "could not read the file as YAML")
        }
        return root.map(SourceNode.init)
    }

    init(_ node: Node) {
        let location =
            node.mark.map { SourceLocation(line: $0.line, column: $0.column) }
            ?? SourceLocation(line: 1, column: 1)
        switch node {
        case .scalar(let scalar):
            self = .scalar(SourceScalar(scalar, location: location))
        case .mapping(let mapping):
            let pairs = mapping.map { pair -> (key: SourceScalar, value: SourceNode) in
                let keyLocation = pair.key.mark.map { SourceLocation(line: $0.line, column: $0.column) } ?? location
                let key: SourceScalar
                if case .scalar(let scalar) = pair.key {
                    key = SourceScalar(scalar, location: keyLocation)
                } else {
                    // A complex key (a list or mapping used as a key) is never valid in a form; keep a marker.
                    key = SourceScalar(text: "<complex key>", style: .doubleQuoted, location: keyLocation)
                }
                return (key, SourceNode(pair.value))
            }
            self = .mapping(pairs, location)
        case .sequence(let sequence):
            self = .sequence(sequence.map(SourceNode.init), location)
        case .alias:
            self = .scalar(SourceScalar(text: "", style: .plain, location: location))
        }
    }
}

extension SourceScalar {
    init(_ scalar: Node.Scalar, location: SourceLocation) {
        let style: Style =
            switch scalar.style {
            case .singleQuoted: .singleQuoted
            case .doubleQuoted: .doubleQuoted
            case .literal, .folded: .block
            default: .plain
            }
        self.init(text: scalar.string, style: style, location: location)
    }
}

extension SourceSyntaxError {
    init(_ error: YamlError) {
        func located(_ problem: String, _ context: YamlError.Context?, _ mark: Mark) -> SourceSyntaxError {
            var message = problem
            if let context { message += " \(context.text)" }
            if problem == "mapping values are not allowed in this context" {
                // Almost always a label such as `Note: …` written without quotes.
                message += "; if this is text containing ': ', put it in quotes"
            }
            // At the end of the file, point at what was left open (a quote, a bracket), not past the last line.
            let place = problem.hasSuffix("end of stream") ? context?.mark ?? mark : mark
            return SourceSyntaxError(location: SourceLocation(line: place.line, column: place.column), message: message)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _): self = located(problem, context, mark)
        case .parser(let context, let problem, let mark, _): self = located(problem, context, mark)
        case .composer(let context, let problem, let mark, _): self = located(problem, context, mark)
        case .reader(let problem, _, _, _): self.init(location: nil, message: problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the first occurrence (and puts the document in `context.text`); point at the repeat.
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            let first = SourceLocation(line: context.mark.line, column: context.mark.column)
            if let key = duplicates.first, let repeated = Self.repeatedKey(key, after: first, in: context.text) {
                self.init(
                    location: repeated,
                    message: "duplicate key \(names) (first at line \(first.line)); each key may appear once in a "
                        + "mapping")
            } else {
                self.init(location: first, message: "duplicate key \(names); each key may appear once in a mapping")
            }
        default: self.init(location: nil, message: "could not read the file as YAML")
        }
    }

    /// Where `key` is written again after its first occurrence at `first`: the next line of the same mapping
    /// (indented to the same column) that starts with it, plain or quoted.
    static func repeatedKey(_ key: String, after first: SourceLocation, in text: String) -> SourceLocation? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let indent = first.column - 1
        guard first.line >= 1, first.line < lines.count else { return nil }
        for index in first.line..<lines.count {
            let line = lines[index]
            let content = line.drop { $0 == " " }
            if content.isEmpty || content.hasPrefix("#") { continue }
            let column = line.unicodeScalars.count - content.unicodeScalars.count
            if column < indent { return nil }  // the mapping has ended
            guard column == indent else { continue }
            if ["\(key):", "\"\(key)\":", "'\(key)':"].contains(where: { content.hasPrefix($0) }) {
                return SourceLocation(line: index + 1, column: first.column)
            }
        }
        return nil
    }
}
