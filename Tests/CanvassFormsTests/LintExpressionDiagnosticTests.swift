import CanvassForms
import Testing

@Suite("Lint diagnostics in expressions")
struct LintExpressionDiagnosticTests {
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
                    + "item; outside that section use count(${tenders}) or sum(${value})"
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
