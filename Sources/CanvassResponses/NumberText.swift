import Foundation

/// Numbers as people type them: `12`, `-3.5`, `12,000` (commas only between thousands), nothing else.
///
/// Stricter than `Double(_:)`, which would also read `0x10`, `1e3`, `inf` and `1,5` (as 15 once commas go).
public enum NumberText {
    /// The number `text` writes, or `nil` if it is not a plain decimal number.
    public static func parse(_ text: String) -> Double? {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.first == "-" { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty else { return nil }
        if parts.count == 2, parts[1].isEmpty || !parts[1].allSatisfy(\.isASCIIDigit) { return nil }
        let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
        guard groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        if groups.count > 1 {
            guard groups[0].count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        let plain = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
        guard let value = Double(plain), value.isFinite else { return nil }
        return value
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
