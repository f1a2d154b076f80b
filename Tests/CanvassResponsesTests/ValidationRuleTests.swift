import CanvassForms
import CanvassResponses
import CanvassTesting
import Testing

/// A form exercising the rules around answers: required answers with and without their own message,
/// constraints with and without one, `today()`, a required matrix, and a repeat whose answers are counted
/// and summed by calculations.
///
/// Question numbers: org_name 1, staff 2, founded 3, code 4, views 5, directorate 6, value 7, lots 8, local 9.
let rulesForm = """
    form: rules
    version: "2026.1"
    title: Rules
    choices:
      directorate:
        - children: Children's Services
        - adults: Adult Social Care
      agree:
        - disagree: Disagree
        - agree: Agree
    sections:
      - id: about
        questions:
          - id: org_name
            type: text
            label: Name
            required: true
            required_message: Please give the name of your organisation.
          - id: staff
            type: integer
            label: Staff
            required: true
            constraint: ". >= 0 and . <= 100"
            constraint_message: Enter a number of staff between 0 and 100.
          - id: founded
            type: date
            label: Founded
            constraint: ". <= today()"
            constraint_message: The date cannot be in the future.
          - id: code
            type: text
            label: Supplier code
            constraint: "regex(., '^[A-Z]{2}[0-9]{3}$')"
          - id: views
            type: matrix
            choices: agree
            label: Views
            required: true
            items:
              - clear: Clear
              - timely: Timely
      - id: tenders
        title: Tenders
        repeat: {min: 1, max: 3, noun: tender}
        questions:
          - id: directorate
            type: select_one
            choices: directorate
            label: Directorate
            required: true
          - id: value
            type: decimal
            label: Value
            constraint: ". > 0"
            constraint_message: Enter a value above 0.
          - id: lots
            type: integer
            label: Lots
            relevant: "${value} > 1000"
          - id: local
            type: yes_no
            label: Local?
            relevant: "${staff} > 10"
          - id: big
            type: calculate
            label: Big tender
            calculation: "if(${value} > 1000, 1, 0)"
      - id: totals
        questions:
          - id: tender_count
            type: calculate
            label: Tenders
            calculation: "count(${tenders})"
          - id: big_total
            type: calculate
            label: Big tenders
            calculation: "sum(${big})"
          - id: value_total
            type: calculate
            label: Total value
            calculation: "sum(${value})"
    """

/// Answers to `rulesForm` with no problems, to change one thing at a time.
let goodRulesAnswers: [String: JSONValue] = [
    "org_name": text("Riverside Trust"), "staff": .number(12),
    "views": .object(["clear": .number(1), "timely": .number(2)]),
    "tenders": .array([.object(["directorate": text("children"), "value": .number(500)])]),
]

@Suite("Required answers, constraints, skip logic and calculations")
struct ValidationRuleTests {
    let form: Form
    let tender: Form

    init() throws {
        form = try Form.load(text: rulesForm, path: "rules.yaml")
        tender = try Fixtures.loadTenderForm()
    }

    func with(_ changes: [String: JSONValue?]) -> [String: JSONValue] {
        var answers = goodRulesAnswers
        for (key, value) in changes { answers[key] = value }
        return answers
    }

    @Test func goodAnswersHaveNoProblems() {
        #expect(problems(form, goodRulesAnswers).isEmpty)
    }

    @Test func requiredAnswersUseTheFormsMessageOrTheStandardOne() {
        #expect(
            problems(form, with(["org_name": nil, "staff": nil, "views": nil])) == [
                "question 1 (org_name): Please give the name of your organisation.",
                "question 2 (staff): an answer is required",
                "question 5 (views): an answer is required",
            ])
        // White space alone, or a matrix with nothing rated, is no answer.
        #expect(
            problems(form, with(["org_name": text("  \n"), "views": .object(["clear": .null])])) == [
                "question 1 (org_name): Please give the name of your organisation.",
                "question 5 (views): an answer is required",
            ])
    }

    @Test func aRequiredMatrixNeedsEveryStatementRated() {
        #expect(
            problems(form, with(["views": .object(["clear": .number(2)])])) == [
                "question 5 (views): rate every statement; not yet rated: timely"
            ])
    }

    @Test func constraintsUseTheFormsMessage() {
        #expect(
            problems(form, with(["staff": .number(101)])) == [
                "question 2 (staff): Enter a number of staff between 0 and 100."
            ])
        #expect(
            problems(form, with(["staff": .number(-1)])) == [
                "question 2 (staff): Enter a number of staff between 0 and 100."
            ])
        #expect(problems(form, with(["staff": .number(100)])).isEmpty)
        #expect(problems(form, with(["staff": .number(0)])).isEmpty)
    }

    @Test func aConstraintWithoutAMessageGetsTheStandardOne() {
        #expect(problems(form, with(["code": text("AB123")])).isEmpty)
        #expect(
            problems(form, with(["code": text("ab123")])) == [
                "question 4 (code): the answer is not allowed here; check the question"
            ])
    }

    @Test func aWrongTypeIsReportedOnceWithoutTheConstraint() {
        #expect(problems(form, with(["staff": .number(500.5)])) == ["question 2 (staff): enter a whole number"])
    }

    @Test func todayIsTheValidatorsDate() {
        #expect(problems(form, with(["founded": text("2026-03-31")]), today: "2026-03-31").isEmpty)
        #expect(
            problems(form, with(["founded": text("2026-04-01")]), today: "2026-03-31") == [
                "question 3 (founded): The date cannot be in the future."
            ])
        #expect(problems(form, with(["founded": text("2026-04-01")]), today: "2026-04-01").isEmpty)
    }

    @Test func answersToQuestionsThatAreNotRelevantAreCleared() {
        // bid is yes, so "why did you not bid?" is not asked: its answer goes, without a problem.
        let validation = ResponseValidator(form: tender).validate(answers: [
            "org_size": text("large"), "bid": .bool(true), "bid_days": .number(3), "reasons": list("timescale"),
        ])
        #expect(validation.problems.isEmpty)
        #expect(validation.answers == ["org_size": text("large"), "bid": .bool(true), "bid_days": .number(3)])
    }

    @Test func aWrongAnswerToAQuestionThatIsNotRelevantIsNoProblem() {
        let validation = ResponseValidator(form: tender).validate(answers: [
            "org_size": text("large"), "bid": .bool(false), "bid_days": .number(900), "reasons": list("none"),
        ])
        #expect(validation.problems.isEmpty)
        #expect(validation.answers == ["org_size": text("large"), "bid": .bool(false), "reasons": list("none")])
    }

    @Test func anUnansweredGateCountsAsNo() {
        // As in XLSForm, an unanswered yes/no is empty: ${bid} is false and not(${bid}) is true.
        #expect(
            stored(tender, ["org_size": text("large"), "bid_days": .number(3), "reasons": list("none")]) == [
                "org_size": text("large"), "reasons": list("none"),
            ])
    }

    @Test func clearingCascadesThroughLaterConditions() throws {
        let tupe = try loadShippedForm("tupe-timing")
        let instance: JSONValue = .object([
            "directorate": text("adults"), "tupe_applied": .bool(false), "tupe_info_timing": text("never"),
            "tupe_effects": list("unbudgeted_cost"), "unbudgeted_cost": .number(5000),
        ])
        let validation = ResponseValidator(form: tupe, today: "2026-03-31").validate(answers: [
            "org_size": text("small"), "any_tenders": .bool(true), "tenders": .array([instance]),
        ])
        #expect(validation.problems.isEmpty)
        #expect(
            validation.answers["tenders"]
                == .array([
                    .object([
                        "directorate": text("adults"), "tupe_applied": .bool(false), "late_tupe": .number(0),
                        "cost_or_zero": .number(0),
                    ])
                ]))
        #expect(validation.answers["late_tupe_total"] == .number(0))
        #expect(validation.answers["unbudgeted_total"] == .number(0))
        #expect(validation.answers["tenders_recorded"] == .number(1))
    }

    @Test func aSectionThatIsNotRelevantIsClearedWhole() {
        // tenders is asked only of small organisations; these six bad tenders are cleared, not reported.
        let bad: JSONValue = .object(["directorate": .number(7), "colour": text("red")])
        let validation = ResponseValidator(form: tender).validate(answers: [
            "org_size": text("large"), "tenders": .array(Array(repeating: bad, count: 6)),
        ])
        #expect(validation.problems.isEmpty)
        #expect(validation.answers == ["org_size": text("large")])
    }

    @Test func aRelevantSectionIsChecked() {
        #expect(
            problems(tender, ["org_size": text("small"), "tenders": .array([.object(["directorate": .number(7)])])])
                == ["question 7 (directorate), item 1: enter text"])
    }

    @Test func calculationsAreComputedInEachInstanceAndOverTheRepeat() {
        let answers = stored(
            form,
            with([
                "tenders": .array([
                    .object(["directorate": text("children"), "value": .number(500)]),
                    .object(["directorate": text("adults"), "value": .number(2500), "lots": .number(3)]),
                    .object(["directorate": text("adults"), "value": .number(1200.5), "lots": .number(1)]),
                ])
            ]))
        #expect(
            answers["tenders"]
                == .array([
                    .object(["directorate": text("children"), "value": .number(500), "big": .number(0)]),
                    .object([
                        "directorate": text("adults"), "value": .number(2500), "lots": .number(3), "big": .number(1),
                    ]),
                    .object([
                        "directorate": text("adults"), "value": .number(1200.5), "lots": .number(1), "big": .number(1),
                    ]),
                ]))
        #expect(answers["tender_count"] == .number(3))
        #expect(answers["big_total"] == .number(2))
        #expect(answers["value_total"] == .number(4200.5))
    }

    @Test func aQuestionInARepeatSeesAnswersOutsideIt() {
        let tenders: JSONValue = .array([
            .object(["directorate": text("children"), "local": .bool(true)])
        ])
        #expect(
            stored(form, with(["staff": .number(12), "tenders": tenders]))["tenders"]
                == .array([
                    .object(["directorate": text("children"), "local": .bool(true), "big": .number(0)])
                ]))
        #expect(
            stored(form, with(["staff": .number(5), "tenders": tenders]))["tenders"]
                == .array([
                    .object(["directorate": text("children"), "big": .number(0)])
                ]))
    }

    @Test func calculationsOverAnEmptyRepeatAreZero() {
        // The repeat is below its minimum (a problem), but the totals are still worked out.
        let answers = stored(form, with(["tenders": .array([])]))
        #expect(answers["tender_count"] == .number(0))
        #expect(answers["big_total"] == .number(0))
        #expect(answers["value_total"] == .number(0))
        #expect(answers["tenders"] == nil)
    }
}
