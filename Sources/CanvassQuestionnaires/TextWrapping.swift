/// Wraps prose to a width, for printed questionnaires and comments.
enum TextWrapping {
    /// Wraps each paragraph of `text` to `width` columns, prefixing every line with `indent`.
    ///
    /// Lines that start like Markdown lists or quotes keep their own line.
    static func wrap(_ text: String, width: Int, indent: String = "", firstIndent: String? = nil) -> [String] {
        var lines: [String] = []
        var prefix = firstIndent ?? indent
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingTrailingSpaces
            if line.isEmpty {
                lines.append("")
                continue
            }
            var current = prefix
            var hasWord = false
            for word in line.split(separator: " ") {
                if hasWord, current.count + 1 + word.count > width {
                    lines.append(current)
                    current = indent + word
                } else {
                    current += (hasWord ? " " : "") + word
                }
                hasWord = true
            }
            lines.append(current)
            prefix = indent
        }
        while lines.last == "" { lines.removeLast() }
        return lines
    }
}

extension Substring {
    var trimmingTrailingSpaces: String {
        var text = String(self)
        while text.last == " " || text.last == "\t" || text.last == "\r" { text.removeLast() }
        return text
    }
}
