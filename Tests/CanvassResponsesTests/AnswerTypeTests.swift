import CanvassForms
import CanvassResponses
import Testing

// One question of each type (ResponseTestSupport's `everyTypeForm`), answered rightly and wrongly. Each test
// checks the problems exactly as a provider reads them and the answer exactly as it is stored.

@Suite("Answers checked by question type")
struct AnswerTypeTests {
    let form: Form

    init() throws {
        form = try loadEveryTypeForm()
    }

    @Test func textAndLongTextTakeTextOnly() {
        #expect(
            stored(form, ["name": text("Riverside Trust"), "essay": text("Line one\nLine two")]) == [
                "name": text("Riverside Trust"), "essay": text("Line one\nLine two"),
            ])
        #expect(
            problems(form, ["name": JSONValue.number(42), "essay": JSONValue.bool(true)]) == [
                "question 1 (name): enter text",
                "question 2 (essay): enter text",
            ])
    }

    @Test func blankAnswersAreDroppedWithoutProblems() {
        let answers: [String: JSONValue] = [
            "name": text("   "), "essay": text("\n\t"), "staff": .null, "reasons": .array([]),
            "views": .object(["clear": .null]),
        ]
        let validation = ResponseValidator(form: form).validate(answers: answers)
        #expect(validation.problems.isEmpty)
        #expect(validation.answers.isEmpty)
    }

    @Test func integerTakesWholeNumbersOnly() {
        #expect(stored(form, ["staff": .number(12)]) == ["staff": .number(12), "doubled": .number(24)])
        #expect(stored(form, ["staff": .number(-3)])["staff"] == .number(-3))
        for wrong: JSONValue in [.number(2.5), .string("12"), .bool(true), .number(1e15), .array([.number(1)])] {
            #expect(problems(form, ["staff": wrong]) == ["question 3 (staff): enter a whole number"])
        }
    }

    @Test func decimalTakesAnyFiniteNumber() {
        #expect(stored(form, ["days": .number(7.5)]) == ["days": .number(7.5)])
        #expect(stored(form, ["days": .number(0)]) == ["days": .number(0)])
        for wrong: JSONValue in [.string("7.5"), .bool(false), .number(.infinity), .number(.nan)] {
            #expect(problems(form, ["days": wrong]) == ["question 4 (days): enter a number"])
        }
    }

    @Test(arguments: ["2026-03-31", "2024-02-29", "2000-02-29", "1999-12-31", "2026-01-01", "2026-04-30"])
    func realDatesAreAccepted(_ date: String) {
        #expect(problems(form, ["closing": text(date)]).isEmpty)
        #expect(stored(form, ["closing": text(date)]) == ["closing": text(date)])
    }

    @Test(arguments: [
        "2023-02-29", "1900-02-29", "2100-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
        "2026-1-01", "26-01-01", "2026/01/01", "31-03-2026", "+026-01-01", "2026-+1-01", "2026-01-+1",
        "2026-01-1 ", " 2026-1-01", "２０２６-01-01", "2026-01-01T00:00:00Z", "yesterday",
    ])
    func impossibleOrMisspeltDatesAreRefused(_ date: String) {
        #expect(
            problems(form, ["closing": text(date)]) == [
                "question 5 (closing): enter a date written YYYY-MM-DD, e.g. 2026-03-31"
            ])
    }

    @Test func dateMustBeText() {
        #expect(
            problems(form, ["closing": JSONValue.number(20_260_331)]) == [
                "question 5 (closing): enter a date written YYYY-MM-DD, e.g. 2026-03-31"
            ])
    }

    @Test(arguments: ["clerk@council.gov.uk", "a@b.co", "first.last+bids@example.org", "x_y@sub.example.org"])
    func emailAddressesAreAccepted(_ address: String) {
        #expect(stored(form, ["email": text(address)]) == ["email": text(address)])
    }

    @Test(arguments: [
        "clerk", "clerk@", "@council.gov.uk", "clerk@council", "clerk@@council.gov.uk", "a@b@c.org",
        "clerk@council..gov.uk", "clerk@.council.org", "clerk@council.org.", "clerk @council.org",
        "clerk@coun\tcil.org",
    ])
    func malformedEmailAddressesAreRefused(_ address: String) {
        #expect(
            problems(form, ["email": text(address)]) == [
                "question 6 (email): enter an email address, like name@example.org"
            ])
    }

    @Test func yesNoTakesBooleansOnly() {
        #expect(stored(form, ["bid": .bool(false)]) == ["bid": .bool(false)])
        for wrong: JSONValue in [.string("yes"), .number(1), .string("no")] {
            #expect(problems(form, ["bid": wrong]) == ["question 7 (bid): answer yes or no"])
        }
    }

    @Test func selectOneTakesOneOptionOfItsList() {
        #expect(stored(form, ["size": text("dont_know")]) == ["size": text("dont_know")])
        for wrong: JSONValue in [text("medium"), text("Small"), list("small"), .number(1)] {
            #expect(
                problems(form, ["size": wrong]) == [
                    "question 8 (size): choose one of the options: small, large, dont_know"
                ])
        }
    }

    @Test func selectMultipleIsStoredInListOrderWithoutRepeats() {
        #expect(
            stored(form, ["reasons": list("price", "lot_size", "price")]) == [
                "reasons": list("lot_size", "price")
            ])
        #expect(stored(form, ["reasons": list("none")]) == ["reasons": list("none")])
    }

    @Test func selectMultipleRefusesOtherValuesAndNonLists() {
        #expect(
            problems(form, ["reasons": list("lot_size", "bogus")]) == [
                "question 9 (reasons): tick only options of this question: lot_size, timescale, price, none, dont_know"
            ])
        #expect(
            problems(form, ["reasons": text("lot_size")]) == [
                "question 9 (reasons): tick any of the options, as a list: lot_size, timescale, price, none, dont_know"
            ])
    }

    @Test func exclusiveOptionsCannotBeTickedWithOthers() {
        #expect(
            problems(form, ["reasons": list("price", "none")]) == [
                "question 9 (reasons): “None of these” cannot be ticked together with other options"
            ])
        #expect(
            problems(form, ["reasons": list("dont_know", "lot_size")]) == [
                "question 9 (reasons): “Don't know” cannot be ticked together with other options"
            ])
        // Two exclusive options: the first in the list's order is named.
        #expect(
            problems(form, ["reasons": list("dont_know", "none")]) == [
                "question 9 (reasons): “None of these” cannot be ticked together with other options"
            ])
        // The same exclusive option twice is one option.
        #expect(stored(form, ["reasons": list("none", "none")]) == ["reasons": list("none")])
    }

    @Test func likertTakesPointsOneToNOrAMissingOption() {
        for point in 1...3 {
            #expect(stored(form, ["fair": .number(Double(point))]) == ["fair": .number(Double(point))])
        }
        #expect(stored(form, ["fair": text("dont_know")]) == ["fair": text("dont_know")])
        for wrong: JSONValue in [.number(0), .number(4), .number(2.5), text("agree"), text("2"), .bool(true)] {
            #expect(problems(form, ["fair": wrong]) == ["question 10 (fair): choose a point from 1 to 3 or dont_know"])
        }
    }

    @Test func matrixRatesEachItemOnTheScale() {
        let answer: JSONValue = .object(["clear": .number(3), "timely": text("dont_know")])
        #expect(stored(form, ["views": answer]) == ["views": answer])
        // A blank rating is left out; the others are kept.
        #expect(
            stored(form, ["views": .object(["clear": .number(1), "timely": .null])]) == [
                "views": .object(["clear": .number(1)])
            ])
    }

    @Test func matrixProblemsNameTheStatement() {
        let validation = ResponseValidator(form: form).validate(answers: [
            "views": .object(["clear": .number(4), "timely": .number(1)])
        ])
        #expect(
            validation.problems.map(\.description) == [
                "question 11 (views), statement clear: choose a point from 1 to 3 or dont_know"
            ])
        #expect(validation.problems.first?.item == "clear")
        #expect(validation.answers["views"] == nil)
    }

    @Test func matrixRefusesUnknownStatementsAndNonObjects() {
        #expect(
            problems(form, ["views": JSONValue.object(["clarity": .number(2)])]) == [
                "question 11 (views): a statement given is not one of this question's; they are clear, timely"
            ])
        #expect(
            problems(form, ["views": JSONValue.number(2)]) == [
                "question 11 (views): rate each statement: clear, timely"
            ])
    }

    @Test func rankKeepsTheOrderGivenAndRefusesRepeats() {
        #expect(
            stored(form, ["order": list("price", "outcomes", "outputs")]) == [
                "order": list("price", "outcomes", "outputs")
            ])
        #expect(stored(form, ["order": list("outputs")]) == ["order": list("outputs")])
        #expect(
            problems(form, ["order": list("price", "outcomes", "price")]) == [
                "question 12 (order): each option may appear only once in a ranking"
            ])
        #expect(
            problems(form, ["order": list("price", "speed")]) == [
                "question 12 (order): rank only options of this question: outcomes, outputs, price"
            ])
        #expect(
            problems(form, ["order": text("price")]) == [
                "question 12 (order): put the options in order, as a list: outcomes, outputs, price"
            ])
    }

    @Test func fileTakesAPlainFileName() {
        for wrong: JSONValue in [text("../secret.pdf"), text("folder/report.pdf"), text(".hidden"), .number(3)] {
            #expect(
                problems(form, ["submission": wrong]) == [
                    "question 13 (submission): give the name of the attached file"
                ])
        }
    }

    @Test func notesAndCalculationsTakeNoAnswer() {
        let answers = stored(form, ["intro": text("typed into a note"), "doubled": .number(99), "staff": .number(4)])
        #expect(answers == ["staff": .number(4), "doubled": .number(8)])
    }

    @Test func oneAnswerCanBeCheckedAsItIsTyped() throws {
        let validator = ResponseValidator(form: form)
        let staff = try #require(form.question("staff"))
        let fair = try #require(form.question("fair"))
        #expect(validator.problem(with: .number(3), for: staff, context: EvaluationContext()) == nil)
        #expect(
            validator.problem(with: .number(3.5), for: staff, context: EvaluationContext())?.message
                == "enter a whole number")
        #expect(
            validator.problem(with: .number(7), for: fair, context: EvaluationContext())?.message
                == "choose a point from 1 to 3 or dont_know")
    }

    @Test func problemsCarryTheQuestionNumberAndTheirJSON() throws {
        let validation = ResponseValidator(form: form).validate(answers: [
            "views": .object(["timely": .number(9)])
        ])
        let problem = try #require(validation.problems.first)
        #expect(problem.question == "views")
        #expect(problem.number == 11)
        #expect(
            problem.json.canonicalText == """
                {"item":"timely","message":"choose a point from 1 to 3 or dont_know","number":11,"question":"views"}
                """)
    }
}
