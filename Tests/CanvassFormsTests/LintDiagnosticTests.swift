import CanvassForms
import Testing

// Each test makes one mistake in an otherwise valid form and checks every line `canvass lint` prints for it,
// location included, so a changed message, a moved column or a stray extra diagnostic fails the test.

/// The diagnostics for `text` as a user reads them: `path:line:column: error|warning: message`.
private func lint(_ text: String, path: String = "form.yaml") -> [String] {
    FormLoader.load(text: text, path: path).diagnostics.map(\.description)
}

/// A valid form whose one section, `main`, holds `questions`, followed by `rest` (top-level keys such as `choices:`).
///
/// The header is lines 1–6, so the first question starts on line 7. Write `questions` indented as in the file
/// (`      - id: …`, six spaces), so a column in the literal is the column in the file.
private func form(_ questions: String, _ rest: String = "") -> String {
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
private let sizeChoices = """
    choices:
      size:
        - small: Small
        - large: Large
    """

/// An integer question, `count`, to refer to (lines 7–9 when it comes first).
private let countQuestion = """
          - id: count
            type: integer
            label: How many?
    """

@Suite("Lint diagnostics")
struct LintDiagnosticTests {
    @Test("the base fixture is a valid form")
    func baseFormIsValid() {
        let result = FormLoader.load(text: form(countQuestion), path: "form.yaml")
        #expect(result.diagnostics.isEmpty)
        #expect(result.form?.questions.map(\.id) == ["count"])
    }

    // MARK: - The file

    @Test("text containing ': ' without quotes is a YAML error with a hint")
    func unquotedColon() {
        let text = form(
            """
                  - id: why
                    type: text
                    label: Note: this is not quoted
            """)
        #expect(
            lint(text) == [
                "form.yaml:9:20: error: invalid YAML: mapping values are not allowed in this context; if this is text "
                    + "containing ': ', put it in quotes"
            ])
    }

    @Test("an unclosed quote is reported where the quote opens, not past the last line")
    func unclosedQuote() {
        let text = form(
            """
                  - id: why
                    type: text
                    label: "Why did you
            """)
        #expect(
            lint(text) == [
                "form.yaml:9:16: error: invalid YAML: found unexpected end of stream while scanning a quoted scalar"
            ])
    }

    @Test("a key written twice is reported at the second one")
    func duplicateYAMLKey() {
        let text = form(
            """
                  - id: count
                    type: text
                    label: How many?
                    type: integer
            """)
        #expect(
            lint(text) == [
                "form.yaml:10:9: error: invalid YAML: duplicate key 'type' (first at line 8); each key may appear once "
                    + "in a mapping"
            ])
    }

    @Test("an empty file", arguments: ["", "\n", "# nothing yet\n"])
    func emptyFile(text: String) {
        #expect(
            lint(text) == [
                "form.yaml:1:1: error: the file is empty; a form needs at least form, version, title and sections"
            ])
    }

    @Test("a file whose top level is a list")
    func topLevelList() {
        let text = """
            - form: test-form
            - version: "1"
            """
        #expect(
            lint(text) == [
                "form.yaml:1:1: error: expected a form (a mapping of keys such as form, version, title and sections), "
                    + "found a list"
            ])
    }

    @Test(
        "a missing top-level key",
        arguments: [
            ("form", "the form has no 'form'; add `form: my-form-id` at the top"),
            (
                "version",
                "the form has no 'version'; add `version: \"2026.1\"` so every response records which version it "
                    + "answers"
            ),
            ("title", "the form has no 'title'; add the title people will see, e.g. `title: TUPE timing`"),
            ("sections", "the form has no 'sections'; add `sections:` with at least one section of questions"),
        ])
    func missingTopLevelKey(key: String, message: String) {
        // Drop the key's line; `sections` takes its questions with it.
        let lines = form(countQuestion).split(separator: "\n", omittingEmptySubsequences: false)
        let kept = key == "sections" ? Array(lines.prefix(3)) : lines.filter { !$0.hasPrefix("\(key):") }
        #expect(lint(kept.joined(separator: "\n")) == ["form.yaml:1:1: error: \(message)"])
    }

    @Test("a form id with capitals and spaces, with the id to use instead")
    func badFormID() {
        let text = """
            form: Test Form
            version: "1"
            title: Test form
            sections:
              - id: main
                questions:
                  - id: count
                    type: integer
                    label: How many?
            """
        #expect(
            lint(text) == [
                "form.yaml:1:7: error: form id 'Test Form' may only contain lower-case letters, digits and '-'; "
                    + "try 'test-form'"
            ])
    }

    @Test("an unknown top-level key, with the key meant")
    func unknownTopLevelKey() {
        let text = form(countQuestion, "language: [en]")
        #expect(lint(text) == ["form.yaml:10:1: error: unknown key 'language' in a form; did you mean 'languages'?"])
    }

    @Test("a section without questions")
    func sectionWithoutQuestions() {
        let text = form(countQuestion + "\n  - id: more\n    title: More")
        #expect(lint(text) == ["form.yaml:10:5: error: section 'more' has no 'questions'; add a list of questions"])
    }

    // MARK: - Questions

    @Test("an unknown question key, with the key meant")
    func unknownQuestionKey() {
        let text = form(
            """
                  - id: count
                    type: integer
                    label: How many?
                    hnt: Count them all
            """)
        #expect(lint(text) == ["form.yaml:10:9: error: unknown key 'hnt' in a question; did you mean 'hint'?"])
    }

    @Test("an unknown question type, with the type meant")
    func unknownType() {
        let text = form(
            """
                  - id: size
                    type: select1
                    label: Size
                    choices: size
            """, sizeChoices)
        #expect(lint(text) == ["form.yaml:8:15: error: unknown question type 'select1'; did you mean 'select_one'?"])
    }

    @Test("two questions with the same id")
    func duplicateQuestionID() {
        let text = form(
            countQuestion + "\n"
                + """
                      - id: count
                        type: decimal
                        label: How much?
                """)
        #expect(
            lint(text) == [
                "form.yaml:10:13: error: duplicate id 'count': it is already used at line 7; ids must be unique in a "
                    + "form"
            ])
    }

    @Test("a question id with a hyphen, with the id to use instead")
    func questionIDWithHyphen() {
        let text = form(
            """
                  - id: bid-count
                    type: integer
                    label: How many bids?
            """)
        #expect(
            lint(text) == [
                "form.yaml:7:13: error: question id 'bid-count' may only contain letters, digits and '_', starting "
                    + "with a letter; try 'bid_count'"
            ])
    }

    @Test("a question id starting with a digit has no suggestion that would be just as wrong")
    func questionIDStartingWithDigit() {
        let text = form(
            """
                  - id: 2count
                    type: integer
                    label: How many?
            """)
        #expect(
            lint(text) == [
                "form.yaml:7:13: error: question id '2count' may only contain letters, digits and '_', starting "
                    + "with a letter"
            ])
    }

    @Test("a question without a label")
    func missingLabel() {
        let text = form(
            """
                  - id: count
                    type: integer
            """)
        #expect(
            lint(text) == ["form.yaml:7:9: error: question 'count' has no 'label'; add the question people will read"])
    }

    @Test("a select_one without choices")
    func selectOneWithoutChoices() {
        let text = form(
            """
                  - id: size
                    type: select_one
                    label: Size
            """)
        #expect(
            lint(text) == [
                "form.yaml:7:9: error: question 'size' is a select_one but has no 'choices'; name a choice list, "
                    + "e.g. `choices: directorate`"
            ])
    }

    @Test("a misspelt choice list, with the list meant (which is then unused)")
    func undefinedChoiceList() {
        let text = form(
            """
                  - id: size
                    type: select_one
                    label: Size
                    choices: sizes
            """, sizeChoices)
        #expect(
            lint(text) == [
                "form.yaml:10:18: error: question 'size' uses the choice list 'sizes', which is not defined; "
                    + "did you mean 'size'?",
                "form.yaml:12:3: warning: the choice list 'size' is not used by any question; use it or remove it",
            ])
    }

    @Test("an empty choice list")
    func emptyChoiceList() {
        let text = form(
            """
                  - id: size
                    type: select_one
                    label: Size
                    choices: size
            """,
            """
            choices:
              size: []
            """)
        #expect(lint(text) == ["form.yaml:12:9: error: the choice list 'size' is empty; add at least one option"])
    }

    @Test("an option value written twice")
    func duplicateChoiceValue() {
        let text = form(
            """
                  - id: size
                    type: select_one
                    label: Size
                    choices: size
            """, sizeChoices + "\n    - small: Little")
        #expect(
            lint(text) == [
                "form.yaml:15:7: error: the choice list 'size' has the value 'small' twice (first at line 13); values "
                    + "must be unique within a list"
            ])
    }

    @Test("an option value with a space, with the value to use instead")
    func invalidOptionValue() {
        let text = form(
            """
                  - id: size
                    type: select_one
                    label: Size
                    choices: size
            """,
            """
            choices:
              size:
                - small: Small
                - very large: Very large
            """)
        #expect(
            lint(text) == [
                "form.yaml:14:7: error: option value 'very large' in 'size' may only contain letters, digits and '_'; "
                    + "try 'very_large'"
            ])
    }

    @Test("a choice list no question uses is a warning, and the form still loads")
    func unusedChoiceList() {
        let result = FormLoader.load(text: form(countQuestion, sizeChoices), path: "form.yaml")
        #expect(
            result.diagnostics.map(\.description) == [
                "form.yaml:11:3: warning: the choice list 'size' is not used by any question; use it or remove it"
            ])
        #expect(result.form != nil)
    }

    @Test("a calculate without a calculation")
    func calculateWithoutCalculation() {
        let text = form(
            """
                  - id: total
                    type: calculate
            """)
        #expect(
            lint(text) == [
                "form.yaml:7:9: error: question 'total' is a calculate but has no 'calculation'; add the expression "
                    + "to compute"
            ])
    }

    @Test("choices on an integer question")
    func choicesOnInteger() {
        let text = form(countQuestion + "\n        choices: size", sizeChoices)
        #expect(
            lint(text) == [
                "form.yaml:10:18: error: 'choices' only applies to select_one, select_multiple, likert, matrix and "
                    + "rank questions, not to integer question 'count'"
            ])
    }

    @Test("a constraint on a note")
    func constraintOnNote() {
        let text = form(
            """
                  - id: intro
                    type: note
                    label: Welcome
                    constraint: string-length(.) > 0
            """)
        #expect(
            lint(text) == [
                "form.yaml:10:21: error: 'constraint' only applies to questions people answer, not to note question "
                    + "'intro'"
            ])
    }

    @Test("a matrix without items")
    func matrixWithoutItems() {
        let text = form(
            """
                  - id: views
                    type: matrix
                    label: How far do you agree?
                    choices: agreement
            """,
            """
            choices:
              agreement:
                - agree: Agree
                - disagree: Disagree
            """)
        #expect(
            lint(text) == [
                "form.yaml:7:9: error: matrix question 'views' has no 'items'; list the statements people rate"
            ])
    }

    @Test("a likert scale with one point that is not missing")
    func likertWithOnePoint() {
        let text = form(
            """
                  - id: rating
                    type: likert
                    label: How good was it?
                    choices: quality
            """,
            """
            choices:
              quality:
                - good: Good
                - {value: dont_know, label: "Don't know", missing: true}
            """)
        #expect(
            lint(text) == [
                "form.yaml:10:18: error: the scale 'quality' of likert question 'rating' has only 1 point that is not "
                    + "missing; a scale needs at least 2"
            ])
    }

    @Test("a repeat whose max is below its min")
    func repeatMaxBelowMin() {
        let text = form(
            countQuestion + "\n"
                + """
                  - id: tenders
                    repeat: {min: 3, max: 2}
                    questions:
                      - id: value
                        type: decimal
                        label: Contract value
                """)
        #expect(lint(text) == ["form.yaml:11:27: error: repeat max 2 is less than min 3; raise max or lower min"])
    }

    @Test("a label in a language the form does not declare")
    func labelInUndeclaredLanguage() {
        let text = form(
            """
                  - id: count
                    type: integer
                    label: {en: How many?, cy: Faint?}
            """)
        #expect(
            lint(text) == [
                "form.yaml:9:32: error: 'label' has text in 'cy', which is not one of the form's languages (en); add "
                    + "it to 'languages' or remove it"
            ])
    }

    @Test("required on a note")
    func requiredNote() {
        let text = form(
            """
                  - id: intro
                    type: note
                    label: Welcome
                    required: true
            """)
        #expect(
            lint(text) == [
                "form.yaml:10:19: error: a note has no answer to give, so it cannot be required; remove 'required'"
            ])
    }

    @Test("a default that is not one of the options")
    func defaultNotAnOption() {
        let text = form(
            """
                  - id: size
                    type: select_one
                    label: Size
                    choices: size
                    default: medium
            """, sizeChoices)
        #expect(
            lint(text) == [
                "form.yaml:11:18: error: default 'medium' of select_one question 'size' must be one of the options of "
                    + "'size' (small, large)"
            ])
    }

    @Test("a default that is not a whole number on an integer question")
    func badIntegerDefault() {
        let text = form(countQuestion + "\n        default: 2.5")
        #expect(
            lint(text) == [
                "form.yaml:10:18: error: default '2.5' of integer question 'count' must be a whole number"
            ])
    }

    @Test("read_only without a default is a warning")
    func readOnlyWithoutDefault() {
        let result = FormLoader.load(text: form(countQuestion + "\n        read_only: true"), path: "form.yaml")
        #expect(
            result.diagnostics.map(\.description) == [
                "form.yaml:10:20: warning: question 'count' is read_only but has no default, so it will always be empty"
            ])
        #expect(result.form != nil)
    }

    @Test("a constraint without a constraint_message is a warning")
    func constraintWithoutMessage() {
        let result = FormLoader.load(text: form(countQuestion + "\n        constraint: . >= 0"), path: "form.yaml")
        #expect(
            result.diagnostics.map(\.description) == [
                "form.yaml:10:21: warning: question 'count' has a constraint but no constraint_message; add one that "
                    + "tells people what to enter"
            ])
        #expect(result.form != nil)
    }

    // MARK: - Expression syntax

    /// A `text` question, `why`, after `count`, with the relevant `expression` on line 13 starting at column 19
    /// (column 20 inside double quotes).
    private func relevant(_ expression: String) -> [String] {
        lint(
            form(
                countQuestion + "\n"
                    + """
                          - id: why
                            type: text
                            label: Why?
                            relevant: \(expression)
                    """))
    }

    @Test("an unclosed parenthesis is pointed at")
    func unclosedParenthesis() {
        #expect(
            relevant("\"(${count} > 0\"") == [
                "form.yaml:13:20: error: invalid relevant: this '(' is never closed; add a ')'"
            ])
    }

    @Test("an unknown function, with the function meant")
    func unknownFunction() {
        #expect(
            relevant("\"not(selectd(${count}, 'x'))\"") == [
                "form.yaml:13:24: error: invalid relevant: unknown function 'selectd'; did you mean 'selected'?"
            ])
    }

    @Test("'==' for equality")
    func doubleEquals() {
        #expect(
            relevant("${count} == 1") == [
                "form.yaml:13:28: error: invalid relevant: use a single '=' to compare values"
            ])
    }

    @Test("'&&' for and")
    func doubleAmpersand() {
        #expect(
            relevant("${count} > 1 && ${count} < 5") == [
                "form.yaml:13:32: error: invalid relevant: '&&' is not an operator; join conditions with 'and'"
            ])
    }

    @Test("a question id without ${…}")
    func bareWord() {
        #expect(
            relevant("bids > 3") == [
                "form.yaml:13:19: error: invalid relevant: unexpected word 'bids'; write a reference to another "
                    + "question as ${bids} and text in quotes, as 'bids'"
            ])
    }

    @Test("a question id without ${…} that is also a function's name")
    func bareWordNamingAFunction() {
        #expect(
            relevant("count > 3") == [
                "form.yaml:13:19: error: invalid relevant: 'count' is a function, so it needs brackets: "
                    + "count(${repeat_section}); to refer to a question write ${count}"
            ])
    }

    @Test("a function given the wrong number of arguments")
    func wrongArgumentCount() {
        #expect(
            relevant("selected(${count})") == [
                "form.yaml:13:19: error: invalid relevant: selected() takes 2 arguments, but was given 1; write "
                    + "selected(${question}, 'value')"
            ])
    }

    // MARK: - References

    @Test("a reference to a question that does not exist, with the question meant")
    func unknownReference() {
        #expect(
            relevant("${cont} > 1") == [
                "form.yaml:13:19: error: relevant refers to ${cont}, which is not a question in this form; did you "
                    + "mean ${count}?"
            ])
    }

    @Test("a reference to a later question")
    func laterReference() {
        let text = form(
            """
                  - id: why
                    type: text
                    label: Why?
                    relevant: ${count} > 1
            """ + "\n" + countQuestion)
        #expect(
            lint(text) == [
                "form.yaml:10:19: error: relevant refers to ${count}, which comes later in the form (line 11); a "
                    + "condition can only use answers given before it"
            ])
    }

    @Test("a relevant that refers to its own question")
    func relevantRefersToItself() {
        #expect(
            relevant("string-length(${why}) > 1") == [
                "form.yaml:13:33: error: the relevant of 'why' refers to the question itself; whether a question is "
                    + "shown cannot depend on its own answer"
            ])
    }

    @Test("'.' outside a constraint")
    func currentOutsideConstraint() {
        #expect(
            relevant("\". > 1\"") == [
                "form.yaml:13:20: error: '.' means this question's answer and can only be used in a constraint; refer "
                    + "to another question as ${id}"
            ])
    }

    @Test("a question in a repeat used outside it")
    func referenceIntoRepeat() {
        #expect(
            lint(repeatForm(total: "${value} * 2")) == [
                "form.yaml:20:22: error: ${value} is inside the repeat section 'tenders', so it has one answer per "
                    + "repeat; outside that section use count(${tenders}) or sum(${value})"
            ])
    }

    @Test("count() and sum() may use a repeat from outside it")
    func countAndSumOfRepeat() {
        let result = FormLoader.load(text: repeatForm(total: "sum(${value}) + count(${tenders})"), path: "form.yaml")
        #expect(result.diagnostics.map(\.description) == [])
        #expect(result.form != nil)
    }

    /// A form with a repeat section `tenders` (one decimal, `value`) and then a calculation `total` on line 20.
    private func repeatForm(total: String) -> String {
        form(
            countQuestion + "\n"
                + """
                  - id: tenders
                    repeat: {min: 0, max: 5}
                    questions:
                      - id: value
                        type: decimal
                        label: Contract value
                  - id: summary
                    questions:
                      - id: total
                        type: calculate
                        calculation: \(total)
                """)
    }

    // MARK: - Types

    @Test("text compared with a number")
    func textOrderedWithNumber() {
        let text = form(
            """
                  - id: name
                    type: text
                    label: Your name
                  - id: why
                    type: text
                    label: Why?
                    relevant: ${name} > 3
            """)
        #expect(lint(text) == ["form.yaml:13:19: error: '>' compares numbers or dates, but ${name} is text"])
    }

    @Test("'and' joining a number")
    func andOnNumber() {
        #expect(
            relevant("${count} and ${count} > 1") == [
                "form.yaml:13:19: error: 'and' joins yes/no conditions, but ${count} is a number"
            ])
    }

    @Test("arithmetic on text")
    func arithmeticOnText() {
        let text = form(
            """
                  - id: name
                    type: text
                    label: Your name
                  - id: total
                    type: calculate
                    calculation: ${name} + 1
            """)
        #expect(lint(text) == ["form.yaml:12:22: error: '+' works on numbers, but ${name} is text"])
    }

    @Test("a relevant that is not a condition is one error, not also a 'never true' warning")
    func relevantThatIsNotACondition() {
        #expect(
            relevant("${count} + 1") == [
                "form.yaml:13:19: error: relevant must be a yes/no condition, but this expression gives a number"
            ])
    }

    @Test("a select_multiple compared with '='")
    func selectMultipleEquals() {
        #expect(
            selectRelevant(type: "select_multiple", "${size} = 'small'") == [
                "form.yaml:14:19: error: ${size} can hold several options; test one with selected(${size}, 'small')"
            ])
    }

    @Test("an option that is not in the list, compared with '='")
    func unknownOptionInEquality() {
        #expect(
            selectRelevant(type: "select_one", "${size} = 'nope'") == [
                "form.yaml:14:29: error: 'nope' is not an option of ${size}; its options are small, large"
            ])
    }

    @Test("an option that is not in the list, in selected()")
    func unknownOptionInSelected() {
        #expect(
            selectRelevant(type: "select_multiple", "selected(${size}, 'nope')") == [
                "form.yaml:14:37: error: 'nope' is not an option of ${size}; its options are small, large"
            ])
    }

    /// A select question `size` of `type`, then `why` whose relevant (line 14, column 19) is `expression`.
    private func selectRelevant(type: String, _ expression: String) -> [String] {
        lint(
            form(
                """
                      - id: size
                        type: \(type)
                        label: Size
                        choices: size
                      - id: why
                        type: text
                        label: Why?
                        relevant: \(expression)
                """, sizeChoices))
    }

    @Test("a yes_no answer compared with 'y'")
    func yesNoComparedWithY() {
        let text = form(
            """
                  - id: agree
                    type: yes_no
                    label: Do you agree?
                  - id: why
                    type: text
                    label: Why?
                    relevant: ${agree} = 'y'
            """)
        #expect(lint(text) == ["form.yaml:13:30: error: compare a yes/no answer with 'yes' or 'no', not 'y'"])
    }

    @Test("a date compared with text that is not a date")
    func dateComparedWithText() {
        let text = form(
            """
                  - id: signed
                    type: date
                    label: When was it signed?
                  - id: why
                    type: text
                    label: Why?
                    relevant: ${signed} = 'soon'
            """)
        #expect(
            lint(text) == [
                "form.yaml:13:31: error: compare a date with a date written 'YYYY-MM-DD' or with today(), not 'soon'"
            ])
    }

    @Test("calculations that depend on each other")
    func calculationCycle() {
        let text = form(
            """
                  - id: first
                    type: calculate
                    calculation: 1 + ${second}
                  - id: second
                    type: calculate
                    calculation: ${first} * 2
            """)
        #expect(
            lint(text) == [
                "form.yaml:9:26: error: the calculations ${first} → ${second} → ${first} depend on each other in a "
                    + "circle, so none can be worked out; break the cycle"
            ])
    }

    @Test("a calculation that uses itself")
    func calculationUsesItself() {
        let text = form(
            """
                  - id: total
                    type: calculate
                    calculation: 1 + ${total}
            """)
        #expect(
            lint(text) == [
                "form.yaml:9:26: error: the calculation of 'total' refers to ${total} itself, so it can never be "
                    + "worked out; use other answers instead"
            ])
    }

    @Test("a relevant that can never be true is a warning")
    func relevantNeverTrue() {
        let result = FormLoader.load(text: form(countQuestion + "\n        relevant: 1 > 2"), path: "form.yaml")
        #expect(
            result.diagnostics.map(\.description) == [
                "form.yaml:10:19: warning: this relevant can never be true, so 'count' will never be shown; fix the "
                    + "condition or remove it"
            ])
        #expect(result.form != nil)
    }

    // MARK: - JSON

    @Test("a mistake in a JSON form is located in the JSON")
    func jsonFormMistake() {
        let text = """
            {
              "form": "test-form",
              "version": "1",
              "title": "Test form",
              "sections": [
                {
                  "id": "main",
                  "questions": [
                    {"id": "count", "type": "int", "label": "How many?"}
                  ]
                }
              ]
            }
            """
        #expect(
            lint(text, path: "form.json") == [
                "form.json:9:33: error: unknown question type 'int'; did you mean 'integer'?"
            ])
    }

    @Test("a JSON syntax error is called JSON and located")
    func jsonSyntaxError() {
        let text = """
            {
              "form": "test-form",
              "version": "1"
              "title": "Test form"
            }
            """
        #expect(
            lint(text, path: "form.json") == [
                "form.json:4:3: error: invalid JSON: did not find expected ',' or '}' while parsing a flow mapping"
            ])
    }
}
