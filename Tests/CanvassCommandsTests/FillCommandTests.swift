import CanvassCommands
import CanvassForms
import CanvassOutbox
import CanvassResponses
import CanvassTesting
import Foundation
import Testing

@Suite struct FillCommandTests {
    static let tupeForm = repositoryRoot + "/Forms/tupe-timing.yaml"

    @Test func scriptedAnswersOneLineEachFinishInReady() async throws {
        try await withTemporaryFolder { folder in
            let input = ["2", "no", "1", "2", "", "finish"]
            let run = await runCanvass(["fill", Self.tupeForm, "--outbox", folder], input: input)
            #expect(run.status == 0, "\(run.errorOutput)")
            let id = try #require(run.output.split(separator: "\n").last.map(String.init))
            let response = try Outbox(root: folder).response(id, in: .ready)
            #expect(response.answers["org_size"] == .string("small"))
            #expect(response.answers["any_tenders"] == .bool(false))
            #expect(response.answers["tenders"] == nil, "the tenders section is skipped when there were none")
            #expect(run.output.contains("Fill in") == false)
            #expect(run.output.contains("\n> 2\n"), "scripted answers are echoed so the transcript reads as a dialogue")
        }
    }

    @Test func aDraftIsSavedAfterEveryAnswerAndCanBeResumed() async throws {
        try await withTemporaryFolder { folder in
            let first = await runCanvass(["fill", Self.tupeForm, "--outbox", folder], input: ["2", "no"])
            #expect(first.status == 1)
            let box = Outbox(root: folder)
            let drafts = box.ids(in: .drafts)
            try #require(drafts.count == 1)
            let id = drafts[0]
            #expect(
                first.errorOutput
                    == "error: input ended before the form was finished; your answers so far are saved. Continue "
                    + "with: canvass fill \(Self.tupeForm) --resume \(id) --outbox \(folder)\n")
            let draft = try box.response(id, in: .drafts)
            #expect(draft.completedAt == nil)
            #expect(draft.answers == ["org_size": .string("small"), "any_tenders": .bool(false)])

            let second = await runCanvass(
                ["fill", Self.tupeForm, "--outbox", folder, "--resume", id], input: ["1", "", "", "finish"])
            #expect(second.status == 0, "\(second.errorOutput)")
            #expect(second.output.hasPrefix("Continuing draft \(id)."))
            #expect(box.ids(in: .drafts).isEmpty)
            #expect(box.ids(in: .ready) == [id])
            let done = try box.response(id, in: .ready)
            #expect(done.answers["tupe_needed_by"] == .string("before_interest"))
            #expect(done.answers["org_size"] == .string("small"), "answers from before the break are kept")
        }
    }

    @Test func aRefusedScriptedAnswerStopsTheScriptWithTheReason() async throws {
        try await withTemporaryFolder { folder in
            let run = await runCanvass(["fill", Self.tupeForm, "--outbox", folder], input: ["2", "perhaps", "no"])
            #expect(run.status == 1)
            #expect(run.output.contains("\n> perhaps\n  ! Type yes or no.\n"))
            #expect(!run.output.contains("> no"), "the lines after a refused one are not used")
            let drafts = Outbox(root: folder).ids(in: .drafts)
            try #require(drafts.count == 1, "the answer before the refused one was saved")
            #expect(
                run.errorOutput
                    == "error: an answer in the input was refused (see above) before the form was finished; your "
                    + "answers so far are saved. Continue with: canvass fill \(Self.tupeForm) --resume \(drafts[0]) "
                    + "--outbox \(folder)\n")
        }
    }

    @Test func answersAreCheckedAgainstTheFormsOwnMessages() async {
        await withTemporaryFolder { folder in
            let run = await runCanvass(["fill", Self.tupeForm, "--outbox", folder], input: [""])
            #expect(run.output.contains("  ! Please choose an income band, or \"Prefer not to say\"."))
            #expect(
                run.errorOutput
                    == "error: an answer in the input was refused (see above) before any answer was saved; nothing "
                    + "was kept\n")
            #expect(Outbox(root: folder).ids(in: .drafts).isEmpty)
        }
    }

    @Test func resumingADraftThatDoesNotExistIsAClearError() async {
        await withTemporaryFolder { folder in
            let run = await runCanvass(["fill", Self.tupeForm, "--outbox", folder, "--resume", "nope"])
            #expect(run.status == 1)
            #expect(run.errorOutput == "error: no draft nope in \(folder)/drafts; there are no drafts\n")
        }
    }
}
