import CanvassForms
import Testing

// Each test makes one mistake in an otherwise valid form and checks every line `canvass lint` prints for it,
// location included, so a changed message, a moved column or a stray extra diagnostic fails the test.

/// The diagnostics for `text` as a user reads them: `path:line:column: error|warning: message`.
func lint(_ text: String, path: String = "form.yaml") -> [String] {
    FormLoader.load(text: text, path: path).diagnostics.map(\.description)
}

/// A valid form whose one section, `main`, holds `questions`, followed by `rest` (top-level keys such as `choices:`).
///
/// The header is lines 1–6, so the first question starts on line 7. Write `questions` indented as in the file
/// (`      - id: …`, six spaces), so a column in the literal is the column in the file.
func form(_ questions: String, _ rest: String = "") -> String {
    let header = """
        form: test-form
        version: "1"
        title: Test form
        sections:
          - id: main
            questions:
        """
    return [header, questions, rest].filter { !$0.isEmpty }.joined(separator: "\n") + "\n"
}

/// A choice list named `size` with the options `small` and `large`, for select questions.
let sizeChoices = """
    choices:
      size:
        - small: Small
        - large: Large
    """

/// An integer question, `count`, to refer to (lines 7–9 when it comes first).
let countQuestion = """
          - id: count
            type: integer
            label: How many?
    """
