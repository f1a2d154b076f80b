import CanvassForms
import Testing

@Suite("Lint diagnostics")
struct LintDiagnosticTests {
    @Test("the base fixture is a valid form")
    func baseFormIsValid() {
        let result = FormLoader.load(text: form(countQuestion), path: "form.yaml")
        #expect(result.diagnostics.isEmpty)
        #expect(result.form?.questions.map(\.id) == ["count"])
    }

    @Test("a select_multiple question has at most 64 options")
    func tooManyOptions() {
        func text(options: Int) -> String {
            let list = (1...options).map { "    - o\($0): Option \($0)" }.joined(separator: "\n")
            return form(
                """
                      - id: many
                        type: select_multiple
                        choices: lots
                        label: Which of these?
                """, "choices:\n  lots:\n" + list)
        }
        #expect(
            lint(text(options: 65)) == [
                "form.yaml:7:13: error: many has 65 options; a select_multiple question can have at most 64 "
                    + "(split it into two questions)"
            ])
        #expect(lint(text(options: 64)).isEmpty)
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
                "form.yaml:9:20: error: invalid YAML: a ': ' appears where a value was expected; if this is text "
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
                "form.yaml:9:16: error: invalid YAML: the file ends inside quoted text; add the closing quote"
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

    @Test("a question id with '__' is refused: the web questionnaire numbers a repeat entry's fields id__N")
    func questionIDWithDoubleUnderscore() {
        let text = form(
            """
                  - id: bids__1
                    type: integer
                    label: How many?
            """)
        #expect(
            lint(text) == [
                "form.yaml:7:13: error: question id 'bids__1' may not contain '__' (two '_' in a row); try 'bids_1'"
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
}
