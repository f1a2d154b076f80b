/// Wraps prose to a width, for printed questionnaires and comments.
enum TextWrapping {
    /// Wraps `text` to `width` columns, prefixing every line with `indent` (the first with `firstIndent`).
    ///
    /// Lines are joined into paragraphs as Markdown does; a blank line ends a paragraph, and list items
    /// (`- `, `* `, `1. `), headings and quotes start their own, with continuation lines indented under the item.
    static func wrap(_ text: String, width: Int, indent: String = "", firstIndent: String? = nil) -> [String] {
        var output: [String] = []
        var prefix = firstIndent ?? indent
        for block in paragraphs(text) {
            guard let block else {
                output.append("")
                continue
            }
            let marker = listMarker(block)
            let hanging = indent + String(repeating: " ", count: marker.count)
            output += fill(block, width: width, first: prefix, rest: hanging)
            prefix = indent
        }
        while output.last == "" { output.removeLast() }
        return output
    }

    /// Greedy fill of one paragraph's words.
    private static func fill(_ paragraph: String, width: Int, first: String, rest: String) -> [String] {
        var lines: [String] = []
        var current = first
        var hasWord = false
        for word in paragraph.split(separator: " ") {
            if hasWord, current.count + 1 + word.count > width {
                lines.append(current)
                current = rest + word
            } else {
                current += (hasWord ? " " : "") + word
            }
            hasWord = true
        }
        lines.append(current)
        return lines
    }

    /// The paragraphs of `text`, with `nil` for each blank line between them.
    private static func paragraphs(_ text: String) -> [String?] {
        var result: [String?] = []
        var current: String?
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingTrailingSpaces
            let trimmed = line.drop { $0 == " " }
            if trimmed.isEmpty {
                if let paragraph = current { result.append(paragraph) }
                current = nil
                result.append(nil)
            } else if current == nil || startsBlock(String(trimmed)) {
                if let paragraph = current { result.append(paragraph) }
                current = String(trimmed)
            } else {
                current = (current ?? "") + " " + trimmed
            }
        }
        if let paragraph = current { result.append(paragraph) }
        return result
    }

    private static func startsBlock(_ line: String) -> Bool {
        !listMarker(line).isEmpty || line.hasPrefix("#") || line.hasPrefix(">")
    }

    /// The list marker a line starts with (`- `, `* `, `12. `), or "".
    private static func listMarker(_ line: String) -> String {
        if line.hasPrefix("- ") || line.hasPrefix("* ") { return "- " }
        let digits = line.prefix { $0.isNumber }
        if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") { return digits + ". " }
        return ""
    }
}

extension Substring {
    var trimmingTrailingSpaces: String {
        var text = String(self)
        while text.last == " " || text.last == "\t" || text.last == "\r" { text.removeLast() }
        return text
    }
}
