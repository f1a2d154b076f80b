import CanvassForms
import CanvassOutbox
import CanvassResponses
import CanvassTesting
import Foundation
import Testing

/// `canvass fill` killed with SIGKILL at random moments while it answers from a script: every draft and every
/// finished response must be whole, in exactly one state, and the finished ones valid.
@Suite(.serialized) struct FillCrashTests {
    static let script = [
        "2", "yes",
        "yes", "Youth services, Maidstone lot", "2025-06-30", "4", "2", "yes", "3", "1,3", "18000",
        "no", "1", "2", "We need TUPE information before we decide whether to bid.",
        "finish",
    ]

    @Test func killingFillAtRandomMomentsLeavesDraftsAndResponsesWhole() async throws {
        let binary = repositoryRoot + "/.build/debug/canvass"
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build canvass first (make build)")
        let formPath = repositoryRoot + "/Forms/tupe-timing.yaml"
        let form = try Form.load(path: formPath)
        try await withTemporaryFolder { folder in
            let input = writeFixture(Self.script.joined(separator: "\n") + "\n", named: "answers.txt", in: folder)
            let outbox = folder + "/Outbox"
            let arguments = ["fill", formPath, "--outbox", outbox]

            // How long an uninterrupted fill takes, so kills can be spread over its whole life.
            let clock = ContinuousClock()
            let start = clock.now
            let normal = try ChildProcess.start(binary, arguments: arguments, inputPath: input)
            #expect(normal.wait() == .exited(0))
            let lifetime = max(clock.now - start, .milliseconds(20))

            var random = SystemRandomNumberGenerator()
            var killed = 0
            var finished = 1
            for _ in 0..<120 {
                let child = try ChildProcess.start(binary, arguments: arguments, inputPath: input)
                let delay = lifetime * Double.random(in: 0...1.2, using: &random)
                try await Task.sleep(for: delay)
                child.kill()
                switch child.wait() {
                case .exited(0): finished += 1
                default: killed += 1
                }
            }
            #expect(killed >= 20, "enough runs were cut short to test anything (\(killed))")

            let box = Outbox(root: outbox)
            try box.prepare()
            var seen: Set<String> = []
            for state in Outbox.State.allCases {
                for id in box.ids(in: state) {
                    #expect(seen.insert(id).inserted, "\(id) is in one state only")
                    let response = try box.response(id, in: state)  // whole: it parses
                    #expect(response.form == "tupe-timing")
                    if state == .ready {
                        #expect(response.completedAt != nil)
                        #expect(ResponseValidator(form: form).validate(response).problems.isEmpty)
                    }
                }
            }
            #expect(box.ids(in: .ready).count >= finished, "every fill that finished left its response in ready/")
            let hidden = try FileManager.default.contentsOfDirectory(atPath: box.folder(.drafts)).filter {
                $0.hasPrefix(".tmp-")
            }
            #expect(hidden.isEmpty, "prepare() cleared what the killed writes left")
        }
    }
}
