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
        /// Written without quotes.
        case plain
        /// In single quotes.
        case singleQuoted
        /// In double quotes (escapes resolved).
        case doubleQuoted
        /// A literal (`|`) or folded (`>`) block.
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
            root = try Yams.compose(yaml: joiningSurrogatePairs(text))
        } catch let error as YamlError {
            throw SourceSyntaxError(error, source: text)
        } catch {
            throw SourceSyntaxError(location: nil, message: "could not read the file as YAML")
        }
        guard let root else { return nil }
        var budget = maximumNodes
        return try SourceNode(root, budget: &budget)
    }

    /// The most values a document may hold. A form has a few thousand; the limit stops YAML aliases that
    /// repeat a list inside itself ("billion laughs") from exhausting memory.
    public static let maximumNodes = 200_000

    /// JSON writes characters outside the Basic Multilingual Plane as two `\u` escapes (a surrogate pair), which
    /// libyaml refuses; YAML's `\U` escape says the same thing in one.
    static func joiningSurrogatePairs(_ text: String) -> String {
        guard text.contains("\\u") || text.contains("\\U") else { return text }
        var scalars = Array(text.unicodeScalars)
        var index = 0
        func hex(_ start: Int) -> UInt32? {
            guard start + 4 <= scalars.count else { return nil }
            return UInt32(String(String.UnicodeScalarView(scalars[start..<(start + 4)])), radix: 16)
        }
        while index + 12 <= scalars.count {
            // An escape only if the backslash is not itself escaped: count the backslashes before it.
            if scalars[index] == "\\", scalars[index + 1] == "u", scalars[index + 6] == "\\", scalars[index + 7] == "u",
                let high = hex(index + 2), (0xD800..<0xDC00).contains(high), let low = hex(index + 8),
                (0xDC00..<0xE000).contains(low)
            {
                var backslashes = 0
                while index - backslashes - 1 >= 0, scalars[index - backslashes - 1] == "\\" { backslashes += 1 }
                if backslashes % 2 == 0 {
                    let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    let escape =
                        "\\U" + String(repeating: "0", count: 8 - String(code, radix: 16).count)
                        + String(code, radix: 16)
                    scalars.replaceSubrange(index..<(index + 12), with: Array(escape.unicodeScalars))
                    index += 10
                    continue
                }
            }
            index += 1
        }
        return String(String.UnicodeScalarView(scalars))
    }

    init(_ node: Node, budget: inout Int) throws(SourceSyntaxError) {
        let location =
            node.mark.map { SourceLocation(line: $0.line, column: $0.column) }
            ?? SourceLocation(line: 1, column: 1)
        budget -= 1
        guard budget >= 0 else {
            throw SourceSyntaxError(
                location: location,
                message: "the document holds more than \(Self.maximumNodes) values; if it uses YAML aliases "
                    + "(*name), write the values out instead")
        }
        switch node {
        case .scalar(let scalar):
            self = .scalar(SourceScalar(scalar, location: location))
        case .mapping(let mapping):
            var pairs: [(key: SourceScalar, value: SourceNode)] = []
            for pair in mapping {
                let keyLocation = pair.key.mark.map { SourceLocation(line: $0.line, column: $0.column) } ?? location
                let key: SourceScalar
                if case .scalar(let scalar) = pair.key {
                    key = SourceScalar(scalar, location: keyLocation)
                } else {
                    // A complex key (a list or mapping used as a key) is never valid in a form; keep a marker.
                    key = SourceScalar(text: "<complex key>", style: .doubleQuoted, location: keyLocation)
                }
                pairs.append((key, try SourceNode(pair.value, budget: &budget)))
            }
            self = .mapping(pairs, location)
        case .sequence(let sequence):
            var items: [SourceNode] = []
            for item in sequence { items.append(try SourceNode(item, budget: &budget)) }
            self = .sequence(items, location)
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
    init(_ error: YamlError, source: String) {
        func located(_ problem: String, _ context: YamlError.Context?, _ mark: Mark) -> SourceSyntaxError {
            // At the end of the file, point at what was left open (a quote, a bracket), not past the last line.
            // A key without its ':' is found only on a later line; the key itself is where the fix goes.
            let usesContext = problem.hasSuffix("end of stream") || problem == "could not find expected ':'"
            let place = usesContext ? context?.mark ?? mark : mark
            let location = SourceLocation(line: place.line, column: place.column)
            return SourceSyntaxError(
                location: location, message: Self.explain(problem, context, at: location, in: source))
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

    /// libyaml's words for a problem, with what it usually means in a form and how to fix it.
    static func explain(
        _ problem: String, _ context: YamlError.Context?, at location: SourceLocation, in source: String
    )
        -> String
    {
        let lines = source.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let line =
            location.line >= 1 && location.line <= lines.count ? Array(lines[location.line - 1].unicodeScalars) : []
        let character = location.column >= 1 && location.column <= line.count ? line[location.column - 1] : nil
        if character == "\t"
            || (problem.contains("cannot start any token") && line.prefix { $0 == " " || $0 == "\t" }.contains("\t"))
        {
            return "a tab is used to indent this line; YAML needs spaces, so replace the tab with spaces"
        }
        switch problem {
        case "mapping values are not allowed in this context":
            // Almost always a label such as `Note: …` written without quotes.
            return "a ': ' appears where a value was expected; if this is text containing ': ', put it in quotes"
        case "did not find expected '-' indicator", "did not find expected key",
            "block sequence entries are not allowed in this context":
            return "this line does not line up with the lines around it; check its indentation (\(problem))"
        case "could not find expected ':'":
            return "this line has no ':' after a key; if it continues the text above, indent it by two spaces"
        case "found character that cannot start any token":
            return "this character cannot start a value here; put the text in quotes"
        case "found unexpected end of stream":
            return "the file ends inside quoted text; add the closing quote"
        case "exceeded maximum nesting depth",
            _ where problem.contains("nest"):
            return "the document is nested too deeply"
        default:
            return problem + (context.map { " \($0.text)" } ?? "")
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
