public import CanvassForms

/// The ways a form can be rendered for people and programs.
public enum QuestionnaireFormat: String, Sendable, CaseIterable {
    /// A printable questionnaire, 80 columns of plain text.
    case text
    /// A printable questionnaire in Markdown.
    case markdown
    /// A YAML answers file to fill in with any text editor, then hand to `canvass finalize`.
    case template
    /// The form's canonical JSON.
    case json
    /// A web page to answer the form in a browser, offline, saving an answers file.
    case html
}

/// Renders a form in one of the `QuestionnaireFormat`s.
public struct Questionnaire: Sendable {
    /// The form to render.
    public let form: Form
    /// The language to use for labels; `nil` for the form's default.
    public let language: String?
    /// The form's file as the user named it, for the instructions in an answer template.
    public let formPath: String?

    /// Creates a renderer for `form`.
    public init(form: Form, language: String? = nil, formPath: String? = nil) {
        self.form = form
        self.language = language
        self.formPath = formPath
    }

    /// The form rendered in `format`, ending with a newline.
    public func render(_ format: QuestionnaireFormat) -> String {
        switch format {
        case .text: PrintedQuestionnaire(form: form, language: language, style: .text).render()
        case .markdown: PrintedQuestionnaire(form: form, language: language, style: .markdown).render()
        case .template: AnswerTemplate(form: form, language: language, formPath: formPath).render()
        case .json: form.json.prettyText + "\n"
        case .html: WebQuestionnaire(form: form, language: language).page()
        }
    }
}
