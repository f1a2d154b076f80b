/// A titled group of questions; a repeat section is answered once per item (one block per tender).
public struct Section: Sendable, Hashable {
    /// The section's id; for a repeat, the key of its list of answers.
    public var id: String
    /// The heading people read.
    public var title: LocalizedText?
    /// Text shown under the heading.
    public var description: LocalizedText?
    /// When the whole section is shown.
    public var relevant: FormExpression?
    /// Set when the section repeats.
    public var repeatRule: RepeatRule?
    /// The questions, in order.
    public var questions: [Question]

    /// Creates a section.
    public init(
        id: String, title: LocalizedText? = nil, description: LocalizedText? = nil, relevant: FormExpression? = nil,
        repeatRule: RepeatRule? = nil, questions: [Question]
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.relevant = relevant
        self.repeatRule = repeatRule
        self.questions = questions
    }

    /// Whether the section is answered once per item.
    public var isRepeat: Bool { repeatRule != nil }
}

/// How often a repeat section may be answered.
public struct RepeatRule: Sendable, Hashable {
    /// The fewest instances a finished response may have.
    public var minimum: Int
    /// The most instances, if there is a limit.
    public var maximum: Int?
    /// What one instance is called ("tender"), as in "Add another tender?".
    public var noun: String?

    /// Creates a repeat rule.
    public init(minimum: Int = 0, maximum: Int? = nil, noun: String? = nil) {
        self.minimum = minimum
        self.maximum = maximum
        self.noun = noun
    }
}
