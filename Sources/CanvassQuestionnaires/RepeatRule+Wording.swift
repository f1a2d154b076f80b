import CanvassForms

extension RepeatRule {
    /// What one instance is called in instructions ("tender"), or "item" when the form does not say.
    var nounInWords: String { noun ?? "item" }

    /// The limits in words, with a leading space and brackets (" (at least 1, up to 20)"), or "" when there are none.
    var limitsInWords: String {
        var limits: [String] = []
        if minimum > 0 { limits.append("at least \(minimum)") }
        if let maximum { limits.append("up to \(maximum)") }
        return limits.isEmpty ? "" : " (\(limits.joined(separator: ", ")))"
    }
}
