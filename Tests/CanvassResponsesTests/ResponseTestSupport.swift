import CanvassForms
import CanvassResponses
import CanvassTesting
import Testing

/// A form with one question of every type, in one plain section, for checking answers type by type.
///
/// Question numbers: name 1, essay 2, staff 3, days 4, closing 5, email 6, bid 7, size 8, reasons 9, fair 10,
/// views 11, order 12, submission 13 (the note and the calculation have none).
let everyTypeForm = """
    form: every-type
    version: "1"
    title: Every type
    choices:
      size:
        - small: Small
        - large: Large
        - {value: dont_know, label: "Don't know", missing: true}
      reasons:
        - lot_size: Lots too large
        - timescale: Not enough time
        - price: Price too low
        - {value: none, label: None of these, exclusive: true}
        - {value: dont_know, label: "Don't know", missing: true, exclusive: true}
      agree:
        - disagree: Disagree
        - neutral: Neither
        - agree: Agree
        - {value: dont_know, label: "Don't know", missing: true}
      priorities:
        - outcomes: Outcomes
        - outputs: Outputs
        - price: Price
    sections:
      - id: main
        questions:
          - id: intro
            type: note
            label: Please answer what you can.
          - id: name
            type: text
            label: Your organisation
          - id: essay
            type: long_text
            label: Anything else?
          - id: staff
            type: integer
            label: Paid staff
          - id: days
            type: decimal
            label: Staff-days
          - id: closing
            type: date
            label: Closing date
          - id: email
            type: email
            label: Email
          - id: bid
            type: yes_no
            label: Did you bid?
          - id: size
            type: select_one
            choices: size
            label: Size
          - id: reasons
            type: select_multiple
            choices: reasons
            label: Reasons
          - id: fair
            type: likert
            choices: agree
            label: The process was fair.
          - id: views
            type: matrix
            choices: agree
            label: How far do you agree?
            items:
              - clear: The specification was clear
              - timely: Information came in time
          - id: order
            type: rank
            choices: priorities
            label: Put these in order
          - id: submission
            type: file
            label: Attach your submission
          - id: doubled
            type: calculate
            calculation: "${staff} * 2"
    """

/// The every-type form, loaded.
func loadEveryTypeForm() throws -> Form {
    try Form.load(text: everyTypeForm, path: "every-type.yaml")
}

/// The names of the shipped forms in `Forms/`.
let shippedFormNames = ["barriers-to-entry", "qa-regime", "tupe-timing", "written-evidence"]

/// Loads a shipped form from `Forms/NAME.yaml`.
func loadShippedForm(_ name: String) throws -> Form {
    try Form.load(path: repositoryRoot + "/Forms/\(name).yaml")
}

/// The problems for `answers`, as a user reads them: `place: message`.
func problems(
    _ form: Form, _ answers: [String: JSONValue], attachments: [CanvassResponses.Attachment] = [],
    today: String = "2026-03-31"
) -> [String] {
    ResponseValidator(form: form, today: today)
        .validate(answers: answers, attachments: attachments)
        .problems.map(\.description)
}

/// The stored answers for `answers`, with irrelevant ones cleared and calculations computed.
func stored(_ form: Form, _ answers: [String: JSONValue], today: String = "2026-03-31") -> [String: JSONValue] {
    ResponseValidator(form: form, today: today).validate(answers: answers).answers
}

/// A text answer.
func text(_ value: String) -> JSONValue { .string(value) }

/// A list of option values.
func list(_ values: String...) -> JSONValue { .array(values.map(JSONValue.string)) }
