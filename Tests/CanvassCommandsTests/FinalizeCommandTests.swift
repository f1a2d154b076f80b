import CanvassCommands
import CanvassForms
import CanvassOutbox
import CanvassResponses
import CanvassTesting
import Foundation
import Testing

@Suite struct FinalizeCommandTests {
    static let tupeForm = repositoryRoot + "/Forms/tupe-timing.yaml"

    @Test func aFilledTemplateIsSavedInReadyAndItsIdPrinted() async throws {
        try await withTemporaryFolder { folder in
            let answers = writeFixture(
                """
                org_size: small
                any_tenders: yes
                tenders:
                  - directorate: communities
                    tupe_applied: yes
                    tupe_info_timing: after_award
                    tupe_effects: [renegotiation, unbudgeted_cost]
                    unbudgeted_cost: 12000
                """, named: "answers.yaml", in: folder)
            let run = await runCanvass(["finalize", Self.tupeForm, answers, "--outbox", folder + "/Outbox"])
            #expect(run.status == 0, "\(run.errorOutput)")
            let lines = run.output.split(separator: "\n").map(String.init)
            #expect(lines.first == "Checked \(answers) against tupe-timing 2026.1: no problems.")
            let id = try #require(lines.last)
            #expect(lines[1] == "Saved \(folder)/Outbox/ready/\(id).json.")
            let response = try Outbox(root: folder + "/Outbox").response(id, in: .ready)
            #expect(response.answers["org_size"] == .string("small"))
            #expect(response.answers["tenders_recorded"] == .number(1), "calculations are computed")
            #expect(response.answers["unbudgeted_total"] == .number(12000))
        }
    }

    @Test func problemsAreLocatedInTheAnswersFileAndNothingIsSaved() async throws {
        await withTemporaryFolder { folder in
            let answers = writeFixture(
                """
                org_size: tiny
                any_tenders: maybe
                tenders:
                  - directorate: children
                    unbudgeted_cost: lots
                favourite_colour: blue
                """, named: "answers.yaml", in: folder)
            let run = await runCanvass(["finalize", Self.tupeForm, answers, "--outbox", folder + "/Outbox"])
            #expect(run.status == 1)
            #expect(run.output.isEmpty)
            #expect(
                run.errorOutput == """
                    \(answers):1:11: error: question 1 (org_size): choose one of the options: micro, small, medium, \
                    large, major, dont_know, prefer_not_to_say
                    \(answers):2:14: error: question 2 (any_tenders): answer yes or no
                    \(answers):5:22: error: question 10 (unbudgeted_cost), tender 1: enter a number
                    \(answers):6:19: error: favourite_colour: this form has no question 'favourite_colour'; remove it \
                    or check the spelling
                    error: \(answers) has 4 problems; nothing was saved. Fix them and run this again.

                    """)
            #expect(!FileManager.default.fileExists(atPath: folder + "/Outbox/ready"), "nothing is written")
        }
    }

    @Test func messagesNeverRepeatWhatWasAnswered() async throws {
        await withTemporaryFolder { folder in
            let answers = writeFixture(
                "org_size: SECRET-VALUE-1\nany_tenders: SECRET-VALUE-2\n", named: "answers.yaml", in: folder)
            let run = await runCanvass(["finalize", Self.tupeForm, answers, "--outbox", folder + "/Outbox"])
            #expect(run.status == 1)
            #expect(!run.errorOutput.contains("SECRET"))
        }
    }

    @Test func anEmptyTemplateIsRefusedForItsRequiredQuestions() async throws {
        try await withTemporaryFolder { folder in
            let template = await runCanvass(["render", Self.tupeForm, "--format", "template"])
            let answers = writeFixture(template.output, named: "empty.yaml", in: folder)
            let run = await runCanvass(["finalize", Self.tupeForm, answers, "--outbox", folder + "/Outbox"])
            #expect(run.status == 1)
            let problems = run.errorOutput.split(separator: "\n").filter { $0.contains(": error: question") }
            #expect(problems.count == 2)
            let lines = template.output.split(separator: "\n", omittingEmptySubsequences: false)
            let orgSizeLine = try #require(lines.firstIndex { $0 == "org_size:" }) + 1
            #expect(problems.first?.hasPrefix("\(answers):\(orgSizeLine):1: error: question 1 (org_size): ") == true)
        }
    }

    @Test func attachmentsAreCopiedWithTheirHash() async throws {
        try await withTemporaryFolder { folder in
            let pdf = writeFixture("%PDF-1.4\nhello\n", named: "submission.pdf", in: folder)
            let answers = writeFixture(
                """
                capacity: individual
                contact_name: A. Person
                contact_email: a.person@example.org
                consent_publish: publish_full
                """, named: "answers.yaml", in: folder)
            let run = await runCanvass([
                "finalize", repositoryRoot + "/Forms/written-evidence.yaml", answers, "--outbox", folder + "/Outbox",
                "--attach", "submission_file=\(pdf)",
            ])
            #expect(run.status == 0, "\(run.errorOutput)")
            let id = try #require(run.output.split(separator: "\n").last.map(String.init))
            let box = Outbox(root: folder + "/Outbox")
            let response = try box.response(id, in: .ready)
            let attachment = try #require(response.attachments.first)
            #expect(attachment.name == "submission.pdf")
            #expect(attachment.bytes == 15)
            #expect(attachment.mediaType == "application/pdf")
            #expect(attachment.sha256 == DurableFile.sha256(of: Data("%PDF-1.4\nhello\n".utf8)))
            #expect(response.answers["submission_file"] == .string("submission.pdf"))
            let copy = box.attachmentsFolder(of: id) + "/submission.pdf"
            #expect(FileManager.default.contents(atPath: copy) == Data("%PDF-1.4\nhello\n".utf8))
        }
    }

    @Test func anAttachmentOfAKindTheQuestionDoesNotAcceptIsRefused() async throws {
        await withTemporaryFolder { folder in
            let image = writeFixture("not really a png", named: "photo.png", in: folder)
            let answers = writeFixture(
                "capacity: individual\ncontact_name: A\ncontact_email: a@example.org\nconsent_publish: publish_full\n",
                named: "answers.yaml", in: folder)
            let run = await runCanvass([
                "finalize", repositoryRoot + "/Forms/written-evidence.yaml", answers, "--outbox", folder + "/Outbox",
                "--attach", "submission_file=\(image)",
            ])
            #expect(run.status == 1)
            #expect(run.errorOutput.contains("attach a PDF, Word or OpenDocument text file"))
        }
    }

    @Test func attachingToAQuestionThatIsNotAFileQuestionIsAClearError() async {
        let run = await runCanvass([
            "finalize", Self.tupeForm, "/dev/null", "--attach", "org_size=x.pdf",
        ])
        #expect(run.status == 1)
        #expect(
            run.errorOutput
                == "error: --attach org_size=…: 'org_size' is not a file question of tupe-timing; this form has no "
                + "file questions\n")
    }
}
