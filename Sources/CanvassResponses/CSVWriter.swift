/// Comma-separated values as RFC 4180 writes them, for spreadsheets, SPSS and R.
///
/// A cell is quoted only when it holds a comma, a double quote, a carriage return or a line feed; a double quote
/// inside a quoted cell is doubled. Every line, the last included, ends with `\r\n`.
public enum CSV {
    /// One line of a CSV file: the cells, quoted where needed, separated by commas and ended by `\r\n`.
    public static func line(_ cells: [String]) -> String {
        var line = ""
        for (index, cell) in cells.enumerated() {
            if index > 0 { line += "," }
            append(cell, to: &line)
        }
        line += "\r\n"
        return line
    }

    /// Text that a spreadsheet will show as text rather than run as a formula.
    ///
    /// Text beginning with `=`, `+`, `-`, `@`, a tab or a carriage return gets a single quote (`'`) in front, as
    /// OWASP advises against CSV (formula) injection: Excel, LibreOffice and Google Sheets run such a cell as a
    /// formula, and a formula can fetch a web address or run a command on the analyst's machine. Only text is passed
    /// through this; numbers are written as they are, so `-3.5` stays a number.
    public static func safeText(_ text: String) -> String {
        // Unicode scalars, not characters: "=" followed by a combining mark is one character, but still a formula.
        switch text.unicodeScalars.first {
        case "=", "+", "-", "@", "\t", "\r": "'" + text
        default: text
        }
    }

    private static func append(_ cell: String, to line: inout String) {
        // Bytes, not characters: "\r\n" is a single Character, so `contains("\r")` would miss it, and a quote followed
        // by a combining mark would hide inside one character too.
        let needsQuotes = cell.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
        guard needsQuotes else {
            line += cell
            return
        }
        line += "\""
        for scalar in cell.unicodeScalars {
            if scalar == "\"" { line += "\"" }
            line.unicodeScalars.append(scalar)
        }
        line += "\""
    }
}
