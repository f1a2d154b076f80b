import CanvassForms
import CanvassResponses
import CanvassTesting
import Testing

@Suite("Repeat counts, unknown questions, attachments and whole responses")
struct RepeatAndAttachmentTests {
    let form: Form

    init() throws {
        form = try Form.load(text: rulesForm, path: "rules.yaml")
    }

    func answers(tenders: [JSONValue]) -> [String: JSONValue] {
        var answers = goodRulesAnswers
        answers["tenders"] = .array(tenders)
        return answers
    }

    let goodTender: JSONValue = .object(["directorate": text("children")])

    @Test func aRepeatNeedsAtLeastItsMinimum() {
        #expect(problems(form, answers(tenders: [])) == ["tenders: give at least 1 tender"])
        var none = goodRulesAnswers
        none["tenders"] = nil
        #expect(problems(form, none) == ["tenders: give at least 1 tender"])
    }

    @Test func aRepeatTakesAtMostItsMaximum() {
        #expect(problems(form, answers(tenders: Array(repeating: goodTender, count: 3))).isEmpty)
        #expect(
            problems(form, answers(tenders: Array(repeating: goodTender, count: 4))) == [
                "tenders: give at most 3 tenders"
            ])
    }

    @Test func theLimitsUseTheSingularForOne() throws {
        let tender = try Fixtures.loadTenderForm()
        let six = Array(repeating: JSONValue.object(["directorate": text("Children's")]), count: 6)
        #expect(
            problems(tender, ["org_size": text("small"), "tenders": .array(six)]) == [
                "tenders: give at most 5 tenders"
            ])
    }

    @Test func problemsInsideARepeatNameTheirInstance() throws {
        let validation = ResponseValidator(form: form).validate(
            answers: answers(tenders: [
                goodTender,
                .object(["value": .number(-5)]),
                .object(["directorate": text("police")]),
            ]))
        #expect(
            validation.problems.map(\.description) == [
                "question 6 (directorate), item 2: an answer is required",
                "question 7 (value), item 2: Enter a value above 0.",
                "question 6 (directorate), item 3: choose one of the options: children, adults",
            ])
        #expect(validation.problems.map(\.instance) == [2, 2, 3])
        let first = try #require(validation.problems.first)
        #expect(first.place(noun: "tender") == "question 6 (directorate), tender 2")
        #expect(
            first.json.canonicalText == """
                {"instance":2,"message":"an answer is required","number":6,"question":"directorate"}
                """)
    }

    @Test func anInstanceThatIsNotASetOfAnswersKeepsTheNumbersOfTheOthers() {
        #expect(
            problems(form, answers(tenders: [text("Youth services"), .object(["directorate": text("police")])]))
                == [
                    "tenders, item 1: each tender must be a set of answers",
                    "question 6 (directorate), item 2: choose one of the options: children, adults",
                ])
    }

    @Test func aRepeatMustBeAList() {
        var given = goodRulesAnswers
        given["tenders"] = goodTender
        #expect(
            problems(form, given) == [
                "tenders: give the answers for each tender as a list",
                "tenders: give at least 1 tender",
            ])
    }

    @Test func unknownQuestionsAreReportedByTheirId() {
        var given = goodRulesAnswers
        given["colour"] = text("red")
        given["about"] = text("a section, not a question")
        #expect(
            problems(form, given) == [
                "about: this form has no question 'about'; remove it or check the spelling",
                "colour: this form has no question 'colour'; remove it or check the spelling",
            ])
        #expect(stored(form, given)["colour"] == nil)
    }

    @Test func unknownQuestionsInsideARepeatNameTheInstance() {
        let given = answers(tenders: [.object(["directorate": text("adults"), "org_name": text("Riverside")])])
        #expect(
            problems(form, given) == [
                "question 1 (org_name), item 1: the section 'tenders' has no question 'org_name'"
            ])
    }

    @Test func aRepeatedQuestionAnsweredOutsideItsRepeatIsReportedNotLost() {
        var given = goodRulesAnswers
        given["directorate"] = text("adults")
        #expect(
            problems(form, given) == [
                "question 6 (directorate): this question is asked once per tender; give its answers in the list under 'tenders'"
            ])
    }

    @Test func aResponseForAnotherFormOrVersionIsRefused() {
        let validator = ResponseValidator(form: form)
        let other = Response(form: "other-form", formVersion: "2026.1", id: "r1", answers: goodRulesAnswers)
        #expect(
            validator.validate(other).problems.map(\.description) == [
                "form: the response is for the form 'other-form', not 'rules'"
            ])
        let old = Response(form: "rules", formVersion: "2025.2", id: "r1", answers: goodRulesAnswers)
        #expect(
            validator.validate(old).problems.map(\.description) == [
                "form: the response is for version 2025.2 of the form, not 2026.1"
            ])
        let right = Response(form: "rules", formVersion: "2026.1", id: "r1", answers: goodRulesAnswers)
        #expect(validator.validate(right).isValid)
    }

    @Test func aResponseWithABadIdIsRefused() {
        let response = Response(form: "rules", formVersion: "2026.1", id: "../r1", answers: goodRulesAnswers)
        #expect(
            ResponseValidator(form: form).validate(response).problems.map(\.description) == [
                "id: a response id must be 1–128 characters of letters, digits, '.', '_' and '-'"
            ])
    }
}

@Suite("Attachments")
struct AttachmentRuleTests {
    let form: Form

    init() throws {
        form = try loadEveryTypeForm()
    }

    func attachment(_ name: String, question: String = "submission") -> CanvassResponses.Attachment {
        CanvassResponses.Attachment(
            question: question, name: name, bytes: 18342, sha256: String(repeating: "ab", count: 32),
            mediaType: CanvassResponses.Attachment.mediaType(forName: name))
    }

    @Test func aFileAnswerNamesAnAttachmentOfItsQuestion() {
        let validation = ResponseValidator(form: form).validate(
            answers: ["submission": text("evidence.pdf")], attachments: [attachment("evidence.pdf")])
        #expect(validation.problems.isEmpty)
        #expect(validation.answers == ["submission": text("evidence.pdf")])
    }

    @Test func aFileAnswerWithoutItsAttachmentIsAProblem() {
        #expect(
            problems(form, ["submission": text("evidence.pdf")]) == [
                "question 13 (submission): the file named in this answer is not attached; attach it"
            ])
    }

    @Test func anAttachmentOfAnotherNameIsNotIt() {
        #expect(
            problems(form, ["submission": text("evidence.pdf")], attachments: [attachment("draft.pdf")]) == [
                "question 13 (submission): the file named in this answer is not attached; attach it",
                "question 13 (submission): a file is attached to this question but not named in its answer",
            ])
    }

    @Test func anAttachmentOfAnotherQuestionIsNotIt() {
        let other = attachment("evidence.pdf", question: "name")
        #expect(
            problems(form, ["submission": text("evidence.pdf")], attachments: [other]) == [
                "question 13 (submission): the file named in this answer is not attached; attach it",
                "question 1 (name): a file is attached to this question but not named in its answer",
            ])
    }

    @Test func anAttachmentWithoutAnAnswerIsAProblem() {
        #expect(
            problems(form, [:], attachments: [attachment("evidence.pdf")]) == [
                "question 13 (submission): a file is attached to this question but not named in its answer"
            ])
    }

    @Test func attachmentMediaTypesAreGuessedFromTheName() {
        #expect(CanvassResponses.Attachment.mediaType(forName: "evidence.PDF") == "application/pdf")
        #expect(
            CanvassResponses.Attachment.mediaType(forName: "notes.docx")
                == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        #expect(CanvassResponses.Attachment.mediaType(forName: "README") == "application/octet-stream")
    }

    @Test(arguments: [
        "", ".", "..", ".hidden", "a/b.pdf", "a\\b.pdf", "tab\there.pdf", String(repeating: "a", count: 256),
    ])
    func unsafeFileNamesAreRefused(_ name: String) {
        #expect(!CanvassResponses.Attachment.isValidName(name))
    }

    @Test(arguments: ["evidence.pdf", "Written evidence (final).docx", "é.txt", String(repeating: "a", count: 255)])
    func plainFileNamesAreAccepted(_ name: String) {
        #expect(CanvassResponses.Attachment.isValidName(name))
    }
}

@Suite struct StoredAttachmentTests {
    static let form = """
        form: evidence
        version: "1"
        title: Evidence
        sections:
          - id: main
            questions:
              - id: paper
                type: file
                label: Your paper
                accept: [application/pdf]
        """

    static func attachment(sha256: String = String(repeating: "a", count: 64), mediaType: String = "application/pdf")
        -> CanvassResponses.Attachment
    {
        CanvassResponses.Attachment(
            question: "paper", name: "paper.pdf", bytes: 10, sha256: sha256, mediaType: mediaType)
    }

    @Test func storedFilesMustBePresentAndMatchTheirHash() throws {
        let form = try Form.load(text: Self.form)
        let validator = ResponseValidator(form: form)
        let answers: [String: JSONValue] = ["paper": .string("paper.pdf")]
        let good = validator.validate(
            answers: answers, attachments: [Self.attachment()], storedHash: { _ in String(repeating: "a", count: 64) })
        #expect(good.problems.isEmpty)
        let missing = validator.validate(answers: answers, attachments: [Self.attachment()], storedHash: { _ in nil })
        #expect(
            missing.problems.map(\.description) == ["question 1 (paper): the attached file is missing; attach it again"]
        )
        let changed = validator.validate(
            answers: answers, attachments: [Self.attachment()], storedHash: { _ in String(repeating: "b", count: 64) })
        #expect(
            changed.problems.map(\.description) == [
                "question 1 (paper): the attached file has changed since it was attached; attach it again"
            ])
    }

    @Test func attachmentsMustBeOfAnAcceptedKindWithAProperHash() throws {
        let form = try Form.load(text: Self.form)
        let validator = ResponseValidator(form: form)
        let answers: [String: JSONValue] = ["paper": .string("paper.pdf")]
        let wrongKind = validator.validate(answers: answers, attachments: [Self.attachment(mediaType: "image/png")])
        #expect(
            wrongKind.problems.map(\.description) == [
                "question 1 (paper): attach a PDF file"
            ])
        let badHash = validator.validate(answers: answers, attachments: [Self.attachment(sha256: "xyz")])
        #expect(
            badHash.problems.map(\.description) == [
                "question 1 (paper): the attachment's size or SHA-256 is not recorded properly"
            ])
    }
}
