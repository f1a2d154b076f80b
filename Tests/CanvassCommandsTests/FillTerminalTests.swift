import CanvassCommands
import CanvassForms
import CanvassOutbox
import CanvassResponses
import CanvassTesting
import Foundation
import Testing

/// `canvass fill` in a real terminal: tmux runs it, types with send-keys and reads the screen with capture-pane.
@Suite(.serialized) struct FillTerminalTests {
    /// A tmux server of the test's own (its own socket), so it never touches a user's sessions.
    struct Tmux {
        let socket = "canvass-test-\(UUID().uuidString.prefix(8))"
        let session = "fill"

        /// Runs `tmux -L socket arguments…` and returns what it printed.
        ///
        /// posix_spawn and waitpid rather than Foundation's Process, whose wait can miss the child's exit when
        /// called from a Swift concurrency thread; output goes through a file, since the tmux server that
        /// `new-session` starts keeps the descriptors it inherits and a pipe would never reach end of file.
        @discardableResult
        func run(_ arguments: [String]) throws -> String {
            let path = NSTemporaryDirectory() + "tmux-\(UUID().uuidString)"
            defer { unlink(path) }
            var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            let argv = (["tmux", "-L", socket] + arguments).map { strdup($0) } + [nil]
            defer { for pointer in argv { free(pointer) } }
            var pid: pid_t = 0
            let spawned = posix_spawnp(&pid, "tmux", &actions, nil, argv, environ)
            guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .ENOENT) }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        }

        func type(_ text: String) throws {
            if !text.isEmpty { try run(["send-keys", "-t", session, "-l", text]) }
            try run(["send-keys", "-t", session, "Enter"])
        }

        func screen() throws -> String { try run(["capture-pane", "-p", "-S", "-60", "-t", session]) }

        /// Waits until the screen's last lines contain `text` at least `times` times (10 s at most).
        func waitFor(_ text: String, times: Int = 1, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
            for _ in 0..<200 {
                if try screen().components(separatedBy: text).count - 1 >= times { return }
                usleep(50_000)
            }
            Issue.record(
                "the terminal never showed “\(text)”; it shows:\n\(try screen())", sourceLocation: sourceLocation)
            throw CancellationError()
        }

        func stop() { _ = try? run(["kill-server"]) }
    }

    @Test func fillsTupeTimingWithARepeatASkippedQuestionAndBack() async throws {
        let binary = repositoryRoot + "/.build/debug/canvass"
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build canvass first (make build)")
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"), "tmux is needed (make setup)")
        try await withTemporaryFolder { folder in
            let outbox = folder + "/Outbox"
            let tmux = Tmux()
            defer { tmux.stop() }
            let command = "'\(binary)' fill '\(repositoryRoot)/Forms/tupe-timing.yaml' --outbox '\(outbox)'; sleep 5"
            try tmux.run(["new-session", "-d", "-s", tmux.session, "-x", "110", "-y", "50", command])

            try tmux.waitFor("Question 1: What was your organisation's total income")
            try tmux.type("99")
            try tmux.waitFor("! Type the number of one option.")
            try tmux.type("2")
            try tmux.waitFor("Question 2:")
            try tmux.type("yes")
            try tmux.waitFor("Do you have a tender to add? (yes/no)")
            try tmux.type("yes")
            try tmux.waitFor("Question 3: What was the tender called?")
            try tmux.type("Youth services, Maidstone lot")
            try tmux.waitFor("Question 4:")
            try tmux.type("")  // optional: skipped
            try tmux.waitFor("Question 5: Which council directorate ran the tender?")
            try tmux.type("back")
            try tmux.waitFor("Question 4:", times: 2)
            try tmux.type("2031-01-01")
            // The form's constraint: a closing date cannot be in the future.
            try tmux.waitFor("! Please tell us only about tenders whose closing date has passed")
            try tmux.type("")
            try tmux.waitFor("Question 5: Which council directorate ran the tender?", times: 2)
            try tmux.type("4")
            try tmux.waitFor("Question 6:")
            try tmux.type("")
            try tmux.waitFor("Question 7: Did TUPE apply to this tender?")
            try tmux.type("no")
            // Questions 8–10 only apply when TUPE applied, so the next thing asked is about another tender.
            try tmux.waitFor("Add another tender? You have added 1. (yes/no)")
            try tmux.type("no")
            try tmux.waitFor("Question 11:")
            try tmux.type("1")
            try tmux.waitFor("Question 12:")
            try tmux.type("2")
            try tmux.waitFor("Question 13:")
            try tmux.type("")
            try tmux.waitFor("Type 'finish' to save your response, or a question's number to change its answer.")
            try tmux.type("finish")
            try tmux.waitFor("Saved your response in")

            let box = Outbox(root: outbox)
            let ids = box.ids(in: .ready)
            try #require(ids.count == 1)
            #expect(box.ids(in: .drafts).isEmpty, "the draft became the ready response")
            let response = try box.response(ids[0], in: .ready)
            #expect(response.form == "tupe-timing")
            #expect(response.completedAt != nil)
            #expect(response.answers["org_size"] == .string("small"))
            #expect(response.answers["any_tenders"] == .bool(true))
            let tender = try #require(
                response.answers["tenders"].flatMap { value -> [String: JSONValue]? in
                    if case .array(let items) = value { return items.first?.object }
                    return nil
                })
            #expect(tender["tender_name"] == .string("Youth services, Maidstone lot"))
            #expect(tender["directorate"] == .string("communities"))
            #expect(tender["tupe_applied"] == .bool(false))
            #expect(tender["closing_date"] == nil, "skipped")
            #expect(tender["tupe_info_timing"] == nil, "not asked, since TUPE did not apply")
            #expect(response.answers["directorate_consistency"] == .number(2))
            let form = try Form.load(path: repositoryRoot + "/Forms/tupe-timing.yaml")
            #expect(ResponseValidator(form: form).validate(response).problems.isEmpty)
        }
    }
}
