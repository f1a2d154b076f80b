import CanvassForms
import CanvassResponses
import Foundation
import Testing

/// The attachment the filled written-evidence template names.
let riversideEvidence = CanvassResponses.Attachment(
    question: "submission_file", name: "riverside-evidence.pdf", bytes: 48_213,
    sha256: "5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef", mediaType: "application/pdf")

/// The answers a filled template holds, validated on 2026-03-31.
func validateTemplate(_ yaml: String, form: Form) -> (file: AnswersFile, validation: Validation) {
    let file = AnswersFile(text: yaml, path: "answers.yaml", form: form)
    let attachments = form.id == "written-evidence" ? [riversideEvidence] : []
    let validation = ResponseValidator(form: form, today: "2026-03-31")
        .validate(answers: file.answers, attachments: attachments)
    return (file, validation)
}

@Suite("Filled templates of the shipped forms")
struct ShippedFormTests {
    @Test(arguments: filledTemplates.indices)
    func aFilledTemplateHasNoProblems(_ index: Int) throws {
        let (name, yaml) = filledTemplates[index]
        let form = try loadShippedForm(name)
        let (file, validation) = validateTemplate(yaml, form: form)
        #expect(file.problems.map(\.description) == [])
        #expect(validation.problems.map(\.description) == [])
    }

    @Test func everyShippedFormHasAFilledTemplate() {
        #expect(Set(filledTemplates.map(\.form)) == Set(shippedFormNames))
    }

    @Test func tupeTimingKeepsItsTendersAndWorksOutTheTotals() throws {
        let form = try loadShippedForm("tupe-timing")
        let answers = validateTemplate(filledTupeTiming, form: form).validation.answers
        #expect(answers["org_size"] == text("medium"))
        #expect(answers["any_tenders"] == .bool(true))
        #expect(
            answers["tenders"]
                == .array([
                    .object([
                        "tender_name": text("Youth services: Maidstone lot"), "closing_date": text("2025-06-30"),
                        "directorate": text("communities"), "bid_outcome": text("awarded"), "tupe_applied": .bool(true),
                        "tupe_info_timing": text("after_award"), "tupe_effects": list("unbudgeted_cost", "delay"),
                        "unbudgeted_cost": .number(42000), "late_tupe": .number(1), "cost_or_zero": .number(42000),
                    ]),
                    .object([
                        "tender_name": text("Family support hubs (west)"), "closing_date": text("2025-11-01"),
                        "directorate": text("children"), "bid_outcome": text("unsuccessful"),
                        "tupe_applied": .bool(true),
                        "tupe_info_timing": text("invitation"), "tupe_effects": list("none"), "late_tupe": .number(0),
                        "cost_or_zero": .number(0),
                    ]),
                    .object([
                        "tender_name": text("Healthy lifestyles service"), "closing_date": text("2026-01-15"),
                        "directorate": text("public_health"), "bid_outcome": text("awaiting"),
                        "tupe_applied": .bool(false),
                        "late_tupe": .number(0), "cost_or_zero": .number(0),
                    ]),
                ]))
        #expect(answers["directorate_consistency"] == .number(2))
        #expect(
            answers["tupe_comments"]
                == text(
                    """
                    Children's Services gave us staff lists with the invitation, which let us price properly.

                    Communities sent them after award, and the pension costs alone came to more than our margin.
                    """))
        #expect(answers["tenders_recorded"] == .number(3))
        #expect(answers["late_tupe_total"] == .number(1))
        #expect(answers["unbudgeted_total"] == .number(42000))
    }

    @Test func writtenEvidenceKeepsItsTextAndAttachment() throws {
        let form = try loadShippedForm("written-evidence")
        let answers = validateTemplate(filledWrittenEvidence, form: form).validation.answers
        #expect(answers["org_name"] == text("Riverside Community Trust"))
        #expect(answers["contact_email"] == text("priya.shah@riverside-trust.org.uk"))
        #expect(
            answers["ev_tender_information"]
                == text(
                    "TUPE lists arrived a week before the deadline, with no pension details.\n"))
        #expect(
            answers["ev_changes"]
                == text("1. Publish a forward plan of tenders.\n2. Pay the first quarter in advance.\n"))
        #expect(answers["submission_file"] == text("riverside-evidence.pdf"))
        #expect(answers["withhold_parts"] == text("Paragraph 4: the case study"))
        #expect(answers["oral_evidence"] == .bool(true))
        #expect(answers["ev_quality"] == nil)
        #expect(answers["how_used"] == nil)
        #expect(answers.count == 15)
    }

    @Test func writtenEvidenceWithoutItsAttachmentIsAProblem() throws {
        let form = try loadShippedForm("written-evidence")
        let file = AnswersFile(text: filledWrittenEvidence, path: "answers.yaml", form: form)
        #expect(
            ResponseValidator(form: form).validate(answers: file.answers).problems.map(\.description) == [
                "question 14 (submission_file): the file named in this answer is not attached; attach it"
            ])
    }

    @Test func anIndividualsEvidenceDropsTheOrganisation() throws {
        let form = try loadShippedForm("written-evidence")
        let yaml = filledWrittenEvidence.replacingOccurrences(
            of: "capacity: organisation", with: "capacity: individual")
        let answers = validateTemplate(yaml, form: form).validation.answers
        #expect(answers["capacity"] == text("individual"))
        #expect(answers["org_name"] == nil)
        #expect(answers["org_size"] == nil)
        #expect(answers["contact_name"] == text("Priya Shah"))
    }

    @Test func barriersToEntryFollowsBothConsortiumBranches() throws {
        let form = try loadShippedForm("barriers-to-entry")
        let member = validateTemplate(filledBarriersToEntry, form: form).validation.answers
        #expect(member["bid_staff_days"] == .number(22.5))
        #expect(member["bid_team"] == list("senior_staff", "service_staff", "trustees"))
        #expect(member["not_bid_reasons"] == list("lot_too_large", "several_at_once", "other"))
        #expect(member["consortium_setup_months"] == .number(9))
        #expect(member["consortium_drawbacks"] == nil)
        #expect(member["framework_guidance_clear"] == .number(2))
        #expect(member["criteria_change_detail"] == text("The pass mark fell from 80% to 20% after we had applied."))
        #expect(member["framework_not_applied_reasons"] == nil)

        let alone = validateTemplate(filledBarriersToEntryAlone, form: form).validation.answers
        #expect(alone["directorates"] == list("dont_know"))
        #expect(alone["bid_staff_days"] == nil)
        #expect(alone["consortium_drawbacks"] == list("setup_time", "partners", "liability"))
        #expect(alone["framework_not_applied_reasons"] == list("paperwork", "little_work"))
        #expect(alone["framework_application_days"] == nil)
        #expect(alone["paid_staff"] == .number(0))
    }

    @Test func qaRegimeKeepsItsMatrixAndRankingAndWorksOutChanges() throws {
        let form = try loadShippedForm("qa-regime")
        let answers = validateTemplate(filledQARegime, form: form).validation.answers
        #expect(
            answers["commissioning_statements"]
                == .object([
                    "vary_contract": .number(2), "bid_strengths": .number(1), "challenge": .number(2),
                    "room_to_innovate": .number(3), "price_realistic": .number(1), "monitoring_faults": .number(4),
                    "clear_purpose": text("dont_know"),
                ]))
        #expect(
            answers["qa_rank"]
                == list(
                    "outcomes", "user_feedback", "social_value", "value_for_money", "compliance", "outputs"))
        #expect(answers["manager_changes"] == .number(3))
        #expect(answers["last_review_date"] == text("2025-10-14"))
        #expect(answers["feedback_useful"] == .number(2))
        #expect(
            answers["process_ratings"]
                == .object([
                    "market_events": .number(4), "clarification_stage": .number(2),
                    "specification_detail": text("dont_know"),
                ]))
    }

    @Test func aContractlessProviderSkipsTheMonitoringSection() throws {
        let form = try loadShippedForm("qa-regime")
        let yaml = filledQARegime.replacingOccurrences(
            of: "main_directorate: communities", with: "main_directorate: no_contract")
        let validation = validateTemplate(yaml, form: form).validation
        #expect(validation.problems.isEmpty)
        for cleared in ["monitoring_focus", "commissioning_managers", "manager_changes", "last_review_date"] {
            #expect(validation.answers[cleared] == nil, "\(cleared)")
        }
        #expect(validation.answers["relationship_overall"] == .number(3))
    }

    @Test(arguments: filledTemplates.indices)
    func aFilledTemplateMakesAResponseThatSurvivesARoundTrip(_ index: Int) throws {
        let (name, yaml) = filledTemplates[index]
        let form = try loadShippedForm(name)
        let (_, validation) = validateTemplate(yaml, form: form)
        let response = Response(
            form: form.id, formVersion: form.version, id: "resp-\(index)", createdAt: "2026-03-31T09:00:00Z",
            completedAt: "2026-03-31T09:20:00Z", answers: validation.answers,
            attachments: form.id == "written-evidence" ? [riversideEvidence] : [])
        let read = try Response(parsing: Array(response.canonicalText.utf8))
        #expect(read == response)
        #expect(ResponseValidator(form: form, today: "2026-03-31").validate(read).problems.map(\.description) == [])
        // Validating what was stored changes nothing: stored answers are already normalised.
        #expect(ResponseValidator(form: form, today: "2026-03-31").validate(read).answers == read.answers)
    }
}
