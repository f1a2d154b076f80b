/// One question of a form, as an officer wrote it.
public struct Question: Sendable, Hashable {
    /// The question's id, used in responses and expressions (`${bid_staff_days}`).
    public var id: String
    /// What kind of answer it takes.
    public var type: QuestionType
    /// The question as people read it. Calculations have none.
    public var label: LocalizedText?
    /// Extra guidance shown under the label.
    public var hint: LocalizedText?
    /// Whether an answer is needed to finish the form.
    public var isRequired: Bool
    /// What to say when a required answer is missing, in place of the standard message.
    public var requiredMessage: LocalizedText?
    /// When the question is shown; unanswered when false.
    public var relevant: FormExpression?
    /// A condition the answer (`.`) must meet.
    public var constraint: FormExpression?
    /// What to say when the constraint is not met.
    public var constraintMessage: LocalizedText?
    /// For `calculate`: the value to compute.
    public var calculation: FormExpression?
    /// The answer filled in before the person changes it.
    public var defaultValue: JSONValue?
    /// Whether the person can change the answer.
    public var isReadOnly: Bool
    /// For questions with options: the name of their choice list.
    public var choiceList: String?
    /// For `matrix`: the items, each rated on the question's scale.
    public var items: [MatrixItem]
    /// For `file`: the media types accepted (`application/pdf`); empty accepts any.
    public var accept: [String]

    /// Creates a question.
    public init(
        id: String, type: QuestionType, label: LocalizedText? = nil, hint: LocalizedText? = nil,
        isRequired: Bool = false, requiredMessage: LocalizedText? = nil, relevant: FormExpression? = nil,
        constraint: FormExpression? = nil, constraintMessage: LocalizedText? = nil, calculation: FormExpression? = nil,
        defaultValue: JSONValue? = nil, isReadOnly: Bool = false, choiceList: String? = nil,
        items: [MatrixItem] = [], accept: [String] = []
    ) {
        self.id = id
        self.type = type
        self.label = label
        self.hint = hint
        self.isRequired = isRequired
        self.requiredMessage = requiredMessage
        self.relevant = relevant
        self.constraint = constraint
        self.constraintMessage = constraintMessage
        self.calculation = calculation
        self.defaultValue = defaultValue
        self.isReadOnly = isReadOnly
        self.choiceList = choiceList
        self.items = items
        self.accept = accept
    }
}

/// One row of a matrix question: an item rated on the matrix's shared scale.
public struct MatrixItem: Sendable, Hashable {
    /// The item's id, the key of its rating in the answer.
    public var id: String
    /// The item as people read it.
    public var label: LocalizedText

    /// Creates a matrix item.
    public init(id: String, label: LocalizedText) {
        self.id = id
        self.label = label
    }
}
