import Foundation

/// One row of `Fixtures/reference.csv`: a function's arguments and the value scipy (and mpmath) gave for them.
struct ReferenceRow: Sendable {
    /// The scipy name of the function, such as `gammaincc` or `t.sf`.
    let function: String
    /// The arguments, in scipy's order.
    let arguments: [Double]
    /// scipy's value.
    let scipy: Double
    /// mpmath's value at 50 digits, rounded to a double, when the script had mpmath.
    let mpmath: Double?
}

/// The reference values made by `Fixtures/make_reference.py`, read once.
enum ReferenceValues {
    /// Every row of the fixture, or none if it could not be read (which the tests report).
    static let rows: [ReferenceRow] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Fixtures/reference.csv"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), !line.hasPrefix("function,") else { return nil }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 6, let scipy = Double(fields[4]) else { return nil }
            return ReferenceRow(
                function: fields[0],
                arguments: fields[1...3].compactMap { Double($0) },
                scipy: scipy,
                mpmath: Double(fields[5])
            )
        }
    }()

    /// The rows for one function.
    static func rows(for function: String) -> [ReferenceRow] {
        rows.filter { $0.function == function }
    }
}

/// |`value` − `expected`| relative to |`expected`|, with values below the normal range compared on the scale of
/// the smallest normal double (their own relative precision is that coarse); equal values, infinities
/// included, and two NaNs count as exact.
func relativeError(_ value: Double, _ expected: Double) -> Double {
    if value == expected || (value.isNaN && expected.isNaN) { return 0 }
    return abs(value - expected) / max(abs(expected), Double.leastNormalMagnitude)
}
