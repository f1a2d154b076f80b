/// One option in a choice list.
public struct Choice: Sendable, Hashable {
    /// The value stored in a response (`after_award`).
    public var value: String
    /// What people read (`After the contract was awarded`).
    public var label: LocalizedText
    /// A non-answer such as "Don't know": counted and shown, but left out of percentage bases and tests.
    public var isMissing: Bool
    /// In a `select_multiple`, an option that cannot be ticked with any other (e.g. "None of these").
    public var isExclusive: Bool

    /// Creates a choice.
    public init(value: String, label: LocalizedText, isMissing: Bool = false, isExclusive: Bool = false) {
        self.value = value
        self.label = label
        self.isMissing = isMissing
        self.isExclusive = isExclusive
    }
}

/// A named, ordered list of choices shared by questions (`choices: directorate`).
public struct ChoiceList: Sendable, Hashable {
    /// The list's name.
    public var name: String
    /// The options in the order they are shown.
    public var choices: [Choice]

    /// Creates a choice list.
    public init(name: String, choices: [Choice]) {
        self.name = name
        self.choices = choices
    }

    /// The option with this value, if there is one.
    public func choice(_ value: String) -> Choice? {
        choices.first { $0.value == value }
    }

    /// The options that are real answers (not `missing`), in order; for a Likert scale these are points 1…N.
    public var substantive: [Choice] { choices.filter { !$0.isMissing } }

    /// The options that are non-answers, such as "Don't know".
    public var missing: [Choice] { choices.filter(\.isMissing) }

    /// The Likert point (1…N) of a substantive option, or `nil` for a missing one.
    public func scalePoint(of value: String) -> Int? {
        substantive.firstIndex { $0.value == value }.map { $0 + 1 }
    }
}
