/// Media types as people name them ("PDF or Word"), for instructions about attachments.
public enum FileKinds {
    private static let names: [String: String] = [
        "application/pdf": "PDF",
        "application/msword": "Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
        "application/vnd.oasis.opendocument.text": "OpenDocument text",
        "application/rtf": "RTF",
        "text/plain": "plain text",
        "text/csv": "CSV",
        "image/*": "an image",
        "image/png": "PNG image",
        "image/jpeg": "JPEG image",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    ]

    /// The accepted kinds in words, each once: "PDF, Word or OpenDocument text".
    public static func describe(_ mediaTypes: [String]) -> String {
        var words: [String] = []
        for type in mediaTypes {
            let word = names[type] ?? type
            if !words.contains(word) { words.append(word) }
        }
        guard words.count > 1, let last = words.last else { return words.joined() }
        return words.dropLast().joined(separator: ", ") + " or " + last
    }
}
