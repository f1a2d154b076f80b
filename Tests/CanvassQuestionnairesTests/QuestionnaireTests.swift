import CanvassForms
import CanvassQuestionnaires
import CanvassTesting
import Foundation
import Testing
import Yams

@Suite struct QuestionnaireTests {
    @Test func skipInstructionsAreWrittenInWords() throws {
        let form = try Fixtures.loadTenderForm()
        let text = Questionnaire(form: form).render(.text)
        #expect(text.contains("    Answer only if you answered Yes to question 2."))
        #expect(text.contains("    Answer only if you did not answer Yes to question 2."))
        #expect(text.contains("Fill in this section only if you answered “Small” to question 1."))
        #expect(text.contains("Fill in this section once for each tender (up to 5); copy the pages as needed."))
    }

    @Test func printedQuestionnaireNumbersQuestionsAndListsChoices() throws {
        let form = try Fixtures.loadTenderForm()
        let lines = Questionnaire(form: form).render(.text).split(separator: "\n").map(String.init)
        #expect(lines.prefix(3) == ["Tender check", "============", "Form tender-check, version 2026.1"])
        #expect(lines.contains(" 1. How large is your organisation? (required)"))
        #expect(lines.contains("    [ ] Don't know"))
        #expect(lines.contains("    [ ] None of these (tick only this)"))
        #expect(lines.contains("    [ ] Yes    [ ] No"))
        #expect(lines.contains("    Enter a number of days between 0 and 365."))
        #expect(lines.contains { $0.hasPrefix("    a) The specification was clear ") && $0.hasSuffix("1  2  3  X") })
        #expect(lines.allSatisfy { $0.count <= 80 }, "every line fits 80 columns")
    }

    @Test func markdownUsesHeadingsCheckboxesAndATableForMatrices() throws {
        let form = try Fixtures.loadTenderForm()
        let markdown = Questionnaire(form: form).render(.markdown)
        #expect(markdown.hasPrefix("# Tender check\n"))
        #expect(markdown.contains("## Section 1: About you"))
        #expect(markdown.contains("**1. How large is your organisation?** (required)"))
        #expect(markdown.contains("- [ ] Small"))
        #expect(markdown.contains("| Statement | Disagree | Neither | Agree | Don't know |"))
        #expect(markdown.contains("*Answer only if you answered Yes to question 2.*"))
    }

    @Test func answerTemplateIsValidYAMLWithEveryQuestionAsAnEmptyKey() throws {
        let form = try Fixtures.loadTenderForm()
        let template = Questionnaire(form: form).render(.template)
        let parsed = try #require(try Yams.load(yaml: template) as? [String: Any])
        #expect(Set(parsed.keys) == ["org_size", "bid", "bid_days", "reasons", "fair", "views", "tenders"])
        #expect(parsed["org_size"] is NSNull, "answers start empty")
        let tenders = try #require(parsed["tenders"] as? [[String: Any]])
        #expect(tenders.count == 1 && tenders[0].keys.contains("directorate"))
        let views = try #require(parsed["views"] as? [String: Any])
        #expect(Set(views.keys) == ["clear", "timely"])
        #expect(
            template.contains("#    Choose one: small = Small | large = Large | dont_know = Don't know\norg_size:\n"))
        #expect(template.contains("#    Write one: 1 = Disagree | 2 = Neither | 3 = Agree | dont_know = Don't know"))
        #expect(
            template.contains(
                "#    A number.\n#    Answer only if you answered Yes to question 2.\n"
                    + "#    Enter a number of days between 0 and 365.\nbid_days:\n"))
    }

    @Test func jsonRenderingLoadsBackAsTheSameForm() throws {
        let form = try Fixtures.loadTenderForm()
        let json = Questionnaire(form: form).render(.json)
        let reloaded = try Form.load(text: json, path: "tender-check.json")
        #expect(reloaded == form)
        #expect(Questionnaire(form: reloaded).render(.json) == json)
    }

    @Test func groupingIsKeptInWords() throws {
        let form = try Fixtures.loadTenderForm()
        let wording = ConditionWording(form: form)
        func words(_ text: String) throws -> String { wording.describe(try ExpressionParser.parse(text)) }
        #expect(
            try words("${bid} and (${org_size} = 'small' or ${fair} > 2)")
                == "you answered Yes to question 2 and either you answered “Small” to question 1 or your answer to "
                + "question 5 is more than 2")
        #expect(
            try words("(${bid} and ${org_size} = 'small') or ${fair} > 2")
                == "both you answered Yes to question 2 and you answered “Small” to question 1 or your answer to "
                + "question 5 is more than 2")
        #expect(
            try words("not(${bid} or ${org_size} = 'large')")
                == "neither you answered Yes to question 2 nor you answered “Large” to question 1")
        #expect(try words("${bid} = 'no'") == "you answered No to question 2")
        #expect(
            try words("count-selected(${reasons}) > 100000000000000000000000")
                == "you ticked more than 100000000000000000000000 options at question 4")
        #expect(try words("count(${tenders}) > 0") == "you listed at least one tender")
    }

    @Test func conditionsWithoutASpecialWordingStillNameTheQuestions() throws {
        let form = try Fixtures.loadTenderForm()
        let wording = ConditionWording(form: form)
        let condition = try ExpressionParser.parse("${bid_days} * 2 > ${fair} + 1")
        #expect(wording.describe(condition) == "this is true: answer 3 * 2 > answer 5 + 1")
        let ticked = try ExpressionParser.parse("selected(${reasons}, 'lot_size') and count-selected(${reasons}) > 1")
        #expect(
            wording.describe(ticked)
                == "you ticked “Lots too large” at question 4 and you ticked more than 1 option at question 4")
    }
}

@Suite struct MultilingualQuestionnaireTests {
    static let bilingual = """
        form: bilingual
        version: "1"
        title: {en: Tenders, cy: Tendrau}
        languages: [en, cy]
        choices:
          yn:
            - yes: {en: "Yes", cy: "Ie"}
            - no: {en: "No", cy: "Na"}
        sections:
          - id: main
            title: {en: About you, cy: Amdanoch chi}
            questions:
              - id: bid
                type: select_one
                choices: yn
                label: {en: Did you bid?, cy: A wnaethoch chi gynnig?}
        """

    @Test func labelsAreRenderedInTheLanguageAskedFor() throws {
        let form = try Form.load(text: Self.bilingual, path: "bilingual.yaml")
        let welsh = Questionnaire(form: form, language: "cy").render(.text)
        #expect(welsh.hasPrefix("Tendrau\n"))
        #expect(welsh.contains(" 1. A wnaethoch chi gynnig?\n"))
        #expect(welsh.contains("    [ ] Ie\n    [ ] Na\n"))
        let english = Questionnaire(form: form).render(.text)
        #expect(english.contains(" 1. Did you bid?\n"))
    }

    @Test func aMissingTranslationIsAWarningThatNamesTheLanguage() {
        let text = Self.bilingual.replacingOccurrences(of: ", cy: A wnaethoch chi gynnig?", with: "")
        let result = FormLoader.load(text: text, path: "bilingual.yaml")
        #expect(
            result.diagnostics.map(\.description) == [
                "bilingual.yaml:16:16: warning: 'label' has no 'cy' text; add it so the form reads fully in every "
                    + "language"
            ])
        #expect(result.form != nil)
    }
}
