import CanvassForms
import CanvassQuestionnaires
import CanvassResponses
import CanvassTesting
import Foundation
import Testing

/// `FormFiller` driven by a script of typed lines, as a person would answer.
@Suite struct FormFillerTests {
    /// The result of one scripted run: what was shown, the answers finished with, and how many saves happened.
    struct Run {
        var outcome: FormFiller.Outcome
        var screen: String
        var finished: [String: JSONValue]?
        var saves: Int
    }

    static func fill(_ form: Form, _ lines: [String], interactive: Bool = true) throws -> Run {
        var input = lines[...]
        var screen = ""
        var filler = FormFiller(
            form: form,
            terminal: FormFiller.Terminal(
                write: { screen += $0 }, readLine: { input.popFirst() }, isInteractive: interactive))
        var finished: [String: JSONValue]?
        var saves = 0
        let outcome = try filler.run(
            save: { _ in saves += 1 },
            finish: { answers in
                let validation = ResponseValidator(form: form).validate(answers: answers)
                if validation.problems.isEmpty { finished = validation.answers }
                return validation.problems
            })
        return Run(outcome: outcome, screen: screen, finished: finished, saves: saves)
    }

    @Test func goingBackAndChangingAnAnswerFollowsTheNewSkipLogic() throws {
        let form = try Fixtures.loadTenderForm()
        let run = try Self.fill(
            form, ["2", "y", "12", "back", "back", "n", "1", "3", "1", "2", "finish"])
        #expect(run.outcome == .finished)
        let answers = try #require(run.finished)
        #expect(answers["bid"] == .bool(false))
        #expect(answers["bid_days"] == nil, "no longer relevant once the answer to question 2 changed")
        #expect(answers["reasons"] == .array([.string("lot_size")]))
        #expect(answers["views"] == .object(["clear": .number(1), "timely": .number(2)]))
        let review = try #require(run.screen.components(separatedBy: "Review your answers").last)
        #expect(!review.contains("How many staff-days"), "the review shows what will be saved")
        #expect(review.contains("  5. The process was fair.\n      → Agree"))
        #expect(
            review.contains(
                "      → The specification was clear: Disagree; TUPE information came in time:\n      Neither"))
        #expect(run.saves == 7, "the draft is saved after every answer given or changed")
    }

    @Test func anAddedRepeatCanBeTakenBackBeforeAnythingIsTypedInIt() throws {
        let form = try Fixtures.loadTenderForm()
        let run = try Self.fill(
            form, ["1", "n", "2", "", "", "", "yes", "Children", "yes", "back", "no", "finish"])
        #expect(run.outcome == .finished)
        #expect(run.screen.contains("Do you have a tender to add? (yes/no)"))
        #expect(run.screen.components(separatedBy: "Add another tender? You have added 1. (yes/no)").count == 3)
        let answers = try #require(run.finished)
        #expect(answers["tenders"] == .array([.object(["directorate": .string("Children")])]))
    }

    @Test func aRepeatWithAMinimumIsAskedWithoutAskingToAdd() throws {
        let form = try Form.load(
            text: """
                form: minimum
                version: "1"
                title: Minimum
                sections:
                  - id: tenders
                    repeat: {min: 1, max: 2, noun: tender}
                    questions:
                      - id: name
                        type: text
                        label: Tender name
                        required: true
                """)
        let run = try Self.fill(form, ["First", "no", "finish"])
        #expect(run.outcome == .finished)
        #expect(!run.screen.contains("Do you have a tender to add?"))
        #expect(run.screen.contains("Tenders — tender 1") || run.screen.contains("tenders — tender 1"))
        #expect(try #require(run.finished)["tenders"] == .array([.object(["name": .string("First")])]))
    }

    @Test func theReviewGoesStraightToAQuestionByItsNumber() throws {
        let form = try Fixtures.loadTenderForm()
        // After the review, "5" reopens question 5; its new answer is kept and the review comes back.
        let run = try Self.fill(form, ["2", "y", "12", "3", "", "", "5", "1", "", "", "finish"])
        #expect(run.outcome == .finished)
        #expect(try #require(run.finished)["fair"] == .number(1))
        #expect(run.screen.components(separatedBy: "Review your answers").count == 3)
    }

    @Test func aScriptStopsAtTheFirstRefusedAnswer() throws {
        let form = try Fixtures.loadTenderForm()
        let run = try Self.fill(form, ["9", "2"], interactive: false)
        #expect(run.outcome == .answerRefused)
        #expect(run.screen.contains("  ! Type the number of one option."))
        #expect(run.saves == 0)
    }

    @Test func aPersonIsAskedAgainAfterARefusedAnswer() throws {
        let form = try Fixtures.loadTenderForm()
        let run = try Self.fill(form, ["9", "2", "y", "400"], interactive: true)
        #expect(run.outcome == .inputEnded)
        #expect(run.screen.contains("  ! Type the number of one option."))
        #expect(run.screen.contains("  ! Enter a number of days between 0 and 365."), "the form's constraint message")
    }

    @Test func numbersAreReadStrictly() throws {
        let form = try Fixtures.loadTenderForm()
        let run = try Self.fill(form, ["2", "y", "1,5", "0x10", "7.5"])
        #expect(
            run.screen.components(separatedBy: "  ! Type a number, with a full stop for decimals, e.g. 7.5.").count == 3
        )
    }
}
