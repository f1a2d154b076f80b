/// A questionnaire: what an officer writes in `Forms/*.yaml` and every provider answers.
public struct Form: Sendable, Hashable {
    /// The form's id (`tupe-timing`): lower-case letters, digits and hyphens.
    public var id: String
    /// The version recorded in every response (`2026.1`).
    public var version: String
    /// The form's title.
    public var title: LocalizedText
    /// Markdown shown above the first question.
    public var description: LocalizedText?
    /// The languages labels are written in; the first is the default.
    public var languages: [String]
    /// The named choice lists, sorted by name (as canonical JSON writes them).
    public var choiceLists: [ChoiceList]
    /// The sections, in order.
    public var sections: [Section]
    /// Where finished responses are sent (`settings: {submission_url: …}`), if the form says.
    public var submissionURL: String?

    /// Creates a form.
    public init(
        id: String, version: String, title: LocalizedText, description: LocalizedText? = nil,
        languages: [String] = ["en"], choiceLists: [ChoiceList] = [], sections: [Section], submissionURL: String? = nil
    ) {
        self.submissionURL = submissionURL
        self.id = id
        self.version = version
        self.title = title
        self.description = description
        self.languages = languages
        self.choiceLists = choiceLists
        self.sections = sections
    }

    /// Every question, in the order people meet them.
    public var questions: [Question] { sections.flatMap(\.questions) }

    /// The question with this id.
    public func question(_ id: String) -> Question? {
        for section in sections {
            if let question = section.questions.first(where: { $0.id == id }) { return question }
        }
        return nil
    }

    /// The section that holds the question with this id.
    public func section(containing questionID: String) -> Section? {
        sections.first { $0.questions.contains { $0.id == questionID } }
    }

    /// The section with this id.
    public func section(_ id: String) -> Section? {
        sections.first { $0.id == id }
    }

    /// The choice list with this name.
    public func choiceList(_ name: String) -> ChoiceList? {
        choiceLists.first { $0.name == name }
    }

    /// The choice list a question takes its options from.
    public func choices(for question: Question) -> ChoiceList? {
        question.choiceList.flatMap(choiceList)
    }

    /// The number people see beside each question (1, 2, 3…); notes and calculations have none.
    public var questionNumbers: [String: Int] {
        var numbers: [String: Int] = [:]
        for question in questions where question.type.isAnswered {
            numbers[question.id] = numbers.count + 1
        }
        return numbers
    }
}
