/// Dates as forms and responses write them: `YYYY-MM-DD`.
public enum CalendarDate {
    /// Whether `text` is a real calendar date written `YYYY-MM-DD` (four, two and two ASCII digits).
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        // Digits only: `Int` alone would also read "+1" as a month.
        let isDigits = { (part: Substring) in part.utf8.allSatisfy { (0x30...0x39).contains($0) } }
        guard parts.map(\.utf8.count) == [4, 2, 2], parts.allSatisfy(isDigits), let year = Int(parts[0]),
            let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month), day >= 1
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}
