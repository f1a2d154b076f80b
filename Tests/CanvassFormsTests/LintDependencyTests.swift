import CanvassForms
import Foundation
import Testing

@Suite("Lint: dependencies, portability and robustness")
struct LintDependencyTests {
    @Test("a condition using a calculation worked out from a later question")
    func calculationOfLaterAnswer() {
        let text = form(
            """
                  - id: a
                    type: integer
                    label: A
                    relevant: "${total} > 1"
                  - id: b
                    type: integer
                    label: B
                  - id: total
                    type: calculate
                    calculation: "${b} * 2"
            """)
        #expect(
            lint(text) == [
                "form.yaml:10:20: error: relevant uses ${total}, which is worked out from ${b}, a later question "
                    + "(line 11); a condition can only use answers given before it"
            ])
    }

    @Test("a relevant that depends on its own answer through a calculation")
    func relevantThroughOwnAnswer() {
        let text = form(
            """
                  - id: n
                    type: integer
                    label: N
                    relevant: "${twice} > 1"
                  - id: twice
                    type: calculate
                    calculation: "${n} * 2"
            """)
        #expect(
            lint(text) == [
                "form.yaml:10:20: error: the relevant of 'n' uses ${twice}, which is worked out from 'n' itself; "
                    + "whether a question is shown cannot depend on its own answer"
            ])
    }

    @Test("count() of a repeat section that comes later")
    func countOfLaterRepeat() {
        let text = form(
            """
                  - id: a
                    type: integer
                    label: A
                    relevant: "count(${later}) > 0"
              - id: later
                repeat: true
                questions:
                  - id: r
                    type: text
                    label: R
            """)
        #expect(
            lint(text) == [
                "form.yaml:10:26: error: relevant counts the section 'later', which comes later in the form; a "
                    + "condition can only use answers given before it"
            ])
    }

    @Test("a regex construct JavaScript reads differently")
    func unportableRegex() {
        let text = form(
            """
                  - id: code
                    type: text
                    label: Code
                    constraint: "regex(., '^(?i)abc$')"
                    constraint_message: Enter the code.
            """)
        #expect(
            lint(text) == [
                "form.yaml:10:31: error: the regex pattern uses '(?i', which the web page's JavaScript reads "
                    + "differently; use only the common syntax (classes, groups, | and the quantifiers * + ? {n,m})"
            ])
    }

    @Test("a tab used for indentation")
    func tabIndentation() {
        let text = "form: x\nversion: \"1\"\ntitle: X\nsections:\n  - id: s\n    questions:\n\t- id: a\n"
        #expect(
            lint(text) == [
                "form.yaml:7:1: error: invalid YAML: a tab is used to indent this line; YAML needs spaces, so "
                    + "replace the tab with spaces"
            ])
    }

    @Test("empty text where text is needed")
    func emptyText() {
        let text = form(
            """
                  - id: a
                    type: text
                    label: "  "
            """
        ).replacingOccurrences(of: "title: Test form", with: "title: \"\"")
        #expect(
            lint(text) == [
                "form.yaml:3:8: error: 'title' is empty; write the text or remove the key",
                "form.yaml:9:16: error: 'label' is empty; write the text or remove the key",
            ])
    }

    @Test("a quoted true is not a flag")
    func quotedFlag() {
        let text = form(
            """
                  - id: a
                    type: text
                    label: A
                    required: "true"
            """)
        #expect(lint(text) == ["form.yaml:10:19: error: 'required' must be true or false without quotes"])
    }

    @Test("a plain label in a form with several languages")
    func untranslatedPlainLabel() {
        let text = form(
            """
                  - id: a
                    type: text
                    label: {en: A, cy: A}
                  - id: b
                    type: text
                    label: Only English
            """
        ).replacingOccurrences(of: "title: Test form", with: "title: {en: Test, cy: Prawf}\nlanguages: [en, cy]")
        #expect(
            lint(text) == [
                "form.yaml:13:16: warning: 'label' is only in en; write it as {en: …, cy: …} so the form reads "
                    + "fully in every language"
            ])
    }

    @Test("JSON with a surrogate-pair escape, as Python's json.dumps writes it")
    func surrogatePairInJSON() throws {
        let json = """
            {"form": "x", "version": "1", "title": "Smile \\ud83d\\ude00", "sections": [{"id": "s", \
            "questions": [{"id": "a", "type": "text", "label": "A"}]}]}
            """
        let result = FormLoader.load(text: json, path: "form.json")
        #expect(result.diagnostics.isEmpty)
        #expect(try #require(result.form).title.text == "Smile 😀")
    }

    @Test("YAML aliases that repeat a list inside itself are refused, not expanded")
    func aliasBomb() {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            let previous = level == 1 ? "a" : "a\(level - 1)"
            text +=
                "a\(level): &a\(level) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        let diagnostics = lint(text)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.contains("holds more than 200000 values; if it uses YAML aliases") == true)
    }
}

@Suite("Lint: Likert answers in conditions")
struct LintLikertTests {
    static let scale = """
        choices:
          agree:
            - disagree: Disagree
            - agree: Agree
            - {value: dont_know, label: "Don't know", missing: true}
        """

    @Test("a Likert answer may be compared with one of its missing options")
    func missingOptionComparison() {
        let text = form(
            """
                  - id: rating
                    type: likert
                    choices: agree
                    label: Rate it
                  - id: why_unsure
                    type: text
                    label: Why are you unsure?
                    relevant: "${rating} = 'dont_know'"
            """, Self.scale)
        #expect(lint(text).isEmpty)
    }

    @Test("a Likert answer compared with text that is not one of its options")
    func otherText() {
        let text = form(
            """
                  - id: rating
                    type: likert
                    choices: agree
                    label: Rate it
                  - id: why
                    type: text
                    label: Why?
                    relevant: "${rating} = 'agree'"
            """, Self.scale)
        #expect(
            lint(text) == [
                "form.yaml:14:32: error: ${rating} is a point on a scale from 1 to 2; compare it with a number, or "
                    + "with one of its other answers: 'dont_know'"
            ])
    }
}
