import CanvassForms
import CanvassOutbox
import CanvassResponses
import CanvassTesting
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The crash test of issue 3: `canvass finalize` is killed with SIGKILL at random moments, before, during and after
/// it writes, and afterwards every response must be whole, valid and in exactly one state. The tests run one at a
/// time: each measures how long a run takes, which the other's children would distort.
@Suite(.serialized) struct FinalizeCrashTests {
    static let runs = 300
    /// Change it (or set CANVASS_CRASH_SEED) to explore other kill times; a failure prints the seed it used.
    static let defaultSeed: UInt64 = 0xC0FF_EE15_5EED

    static let answers = """
        capacity: organisation
        org_name: Riverside Community Trust
        org_size: medium
        contact_name: Sam Okafor
        role: Chief executive
        contact_email: sam@riverside.example.org
        ev_barriers: |
          Lots covering the whole borough are too large for us to bid alone.

          Three tenders arrived in the same fortnight last spring.
        ev_tender_information: "TUPE information came two weeks before the deadline: too late to price staff costs."
        ev_relationships:
        ev_quality: Outcomes matter more than session counts.
        ev_continuity:
        ev_social_value:
        ev_changes: Smaller lots, and TUPE information with the invitation to tender.
        submission_file:
        consent_publish: publish_no_name
        withhold_parts:
        oral_evidence: yes

        """

    /// How a run ended, judged by its exit and by what it left in the Outbox.
    enum Outcome: Hashable {
        /// Exited 0 and printed its id.
        case completed
        /// Killed before it wrote anything.
        case killedBeforeWriting
        /// Killed with a temporary file, or an attachments folder without its response, on disk.
        case killedWhileWriting
        /// Killed after its response was in place.
        case killedAfterSaving
    }

    @Test(.timeLimit(.minutes(2)))
    func killingFinalizeAtRandomMomentsLeavesEveryResponseWholeInOneState() async throws {
        let canvass = repositoryRoot + "/.build/debug/canvass"
        try #require(
            FileManager.default.isExecutableFile(atPath: canvass),
            "the crash test runs the real executable: build it with `swift build` (looked for \(canvass))")
        let seed = ProcessInfo.processInfo.environment["CANVASS_CRASH_SEED"].flatMap { UInt64($0) } ?? Self.defaultSeed
        let formPath = repositoryRoot + "/Forms/written-evidence.yaml"
        let validator = ResponseValidator(form: try Form.load(path: formPath))

        try await withTemporaryFolder { folder in
            let answersPath = writeFixture(Self.answers, named: "answers.yaml", in: folder)
            let pdf = Data("%PDF-1.4\n".utf8) + Data((0..<6000).map { UInt8(truncatingIfNeeded: $0 * 7 + $0 / 256) })
            let pdfPath = folder + "/submission.pdf"
            #expect(FileManager.default.createFile(atPath: pdfPath, contents: pdf))
            let pdfSHA256 = DurableFile.sha256(of: pdf)
            let outbox = Outbox(root: folder + "/Outbox")
            let outputPath = folder + "/output.txt"
            let arguments = [
                "finalize", formPath, answersPath, "--outbox", outbox.root, "--attach", "submission_file=" + pdfPath,
            ]
            var inspector = Inspector(outbox: outbox, validator: validator, pdfSHA256: pdfSHA256)

            // A normal run's length, start to reaped, sets the range of kill times. The machine's load changes
            // (other tests, other builds), so it is measured again every 50 runs: the median of the last five.
            var lengths: [Duration] = []
            func measure() throws {
                let started = ContinuousClock.now
                let child = try ChildProcess.start(canvass, arguments: arguments, outputPath: outputPath)
                let termination = child.wait()
                lengths.append(ContinuousClock.now - started)
                try #require(termination == .exited(0), "a normal run: \(Self.output(outputPath))")
                #expect(inspector.inspect() == .response)
            }
            for _ in 0..<4 { try measure() }

            var random = SplitMix64(seed: seed)
            var outcomes: [Outcome: Int] = [:]
            var longest = Duration.zero
            let started = ContinuousClock.now
            for run in 0..<Self.runs {
                if run % 50 == 0 {
                    try measure()
                    longest = lengths.suffix(5).sorted()[2] * 1.2
                }
                let delay = longest * Double.random(in: 0...1, using: &random)
                let child = try ChildProcess.start(canvass, arguments: arguments, outputPath: outputPath)
                try await Task.sleep(for: delay)
                child.kill()
                let termination = child.wait()
                let context = "run \(run) of seed \(seed), killed after \(delay)"
                let left = inspector.inspect(context)
                switch (termination, left) {
                case (.exited(0), _):
                    let id = Self.output(outputPath).split(separator: "\n").last.map(String.init) ?? ""
                    #expect(outbox.state(of: id) == .ready, "\(context): the printed id is ready")
                    #expect(left == .response, "\(context): a finished run saved one response and nothing else")
                    outcomes[.completed, default: 0] += 1
                case (.signalled(SIGKILL), .nothing): outcomes[.killedBeforeWriting, default: 0] += 1
                case (.signalled(SIGKILL), .partialWrite): outcomes[.killedWhileWriting, default: 0] += 1
                case (.signalled(SIGKILL), .response): outcomes[.killedAfterSaving, default: 0] += 1
                default: Issue.record("\(context): canvass \(termination): \(Self.output(outputPath))")
                }
            }
            let elapsed = ContinuousClock.now - started

            try outbox.prepare()
            inspector.checkAll("after recovery")
            let killed = Self.runs - outcomes[.completed, default: 0]
            let normal = "\(lengths.min() ?? .zero)…\(lengths.max() ?? .zero)"
            print(
                "Crash test (seed \(seed)): a normal finalize took \(normal); "
                    + "\(Self.runs) runs killed within 0…1.2 × that in \(elapsed): "
                    + "\(outcomes[.completed, default: 0]) completed, "
                    + "\(outcomes[.killedBeforeWriting, default: 0]) killed before writing, "
                    + "\(outcomes[.killedWhileWriting, default: 0]) while writing, "
                    + "\(outcomes[.killedAfterSaving, default: 0]) after saving; "
                    + "\(outbox.ids(in: .ready).count) responses ready.")
            #expect(killed >= 1, "some runs were killed before they finished")
            #expect(outcomes[.completed, default: 0] >= 1, "some runs finished before the kill")
            #expect(outcomes[.killedWhileWriting, default: 0] >= 1, "some kills landed while finalize was writing")
            #expect(
                outbox.ids(in: .ready).count
                    == lengths.count + outcomes[.completed, default: 0] + outcomes[.killedAfterSaving, default: 0])
        }
    }

    /// Finalising runs `prepare()`, whose recovery must not take another process's finalise in progress for what a
    /// crash left (it once removed attachment folders whose response was about to be written).
    @Test(.timeLimit(.minutes(1)))
    func concurrentFinalizesKeepEachOthersAttachments() async throws {
        let canvass = repositoryRoot + "/.build/debug/canvass"
        try #require(
            FileManager.default.isExecutableFile(atPath: canvass),
            "this test runs the real executable: build it with `swift build` (looked for \(canvass))")
        let formPath = repositoryRoot + "/Forms/written-evidence.yaml"
        let validator = ResponseValidator(form: try Form.load(path: formPath))

        try await withTemporaryFolder { folder in
            let answersPath = writeFixture(Self.answers, named: "answers.yaml", in: folder)
            let pdfPath = writeFixture(
                "%PDF-1.4\n" + String(repeating: "evidence ", count: 500), named: "s.pdf", in: folder)
            let outbox = Outbox(root: folder + "/Outbox")
            let arguments = [
                "finalize", formPath, answersPath, "--outbox", outbox.root, "--attach", "submission_file=" + pdfPath,
            ]
            var printed: [String] = []
            for round in 0..<30 {
                var children: [(ChildProcess, String)] = []
                for index in 0..<3 {
                    let output = "\(folder)/output-\(index).txt"
                    children.append((try ChildProcess.start(canvass, arguments: arguments, outputPath: output), output))
                }
                for (child, output) in children {
                    let termination = child.wait()
                    #expect(termination == .exited(0), "round \(round): \(Self.output(output))")
                    printed += Self.output(output).split(separator: "\n").last.map { [String($0)] } ?? []
                }
            }
            #expect(Set(printed).count == 90)
            let ready = Set(outbox.ids(in: .ready))
            #expect(Set(printed).subtracting(ready).isEmpty, "every printed id is ready")
            #expect(ready.count == printed.count, "nothing else is ready")
            let inspector = Inspector(
                outbox: outbox, validator: validator, pdfSHA256: try DurableFile.sha256(ofFile: pdfPath))
            inspector.checkAll("after 90 concurrent runs")
        }
    }

    static func output(_ path: String) -> String {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}

/// Checks the Outbox between runs, remembering the responses it has already read (a file in place never changes).
private struct Inspector {
    let outbox: Outbox
    let validator: ResponseValidator
    let pdfSHA256: String
    var known: [String: Outbox.State] = [:]
    /// Temporary files and orphan folders seen so far: the next run's `prepare()` removes them, unless it is
    /// killed first, so only new ones are blamed on a run.
    var leftovers: Set<String> = []

    /// What a run left in the Outbox, before the next run's `prepare()` tidies it.
    enum Left: Equatable {
        /// No new response and no partial write.
        case nothing
        /// A temporary file, or an attachments folder whose response is not in place.
        case partialWrite
        /// One new response, whole and valid.
        case response
    }

    init(outbox: Outbox, validator: ResponseValidator, pdfSHA256: String) {
        self.outbox = outbox
        self.validator = validator
        self.pdfSHA256 = pdfSHA256
    }

    /// Checks what the last run left and says what it was.
    mutating func inspect(_ context: String = "a normal run") -> Left {
        var found: Set<String> = []
        var added = 0
        for state in Outbox.State.allCases {
            let names = Set((try? FileManager.default.contentsOfDirectory(atPath: outbox.folder(state))) ?? [])
            for name in names where name.hasPrefix(".tmp-") { found.insert("\(state)/\(name)") }
            let orphans = names.filter {
                $0.hasSuffix(".files") && !names.contains($0.dropLast(".files".count) + ".json")
            }
            for name in orphans { found.insert("\(state)/\(name)") }
            for id in outbox.ids(in: state) {
                #expect(!id.hasPrefix(".") && names.contains(id + ".json"), "\(context): \(id) is a response file")
                if let earlier = known[id] {
                    #expect(earlier == state, "\(context): \(id) moved from \(earlier) to \(state)")
                    continue
                }
                known[id] = state
                added += 1
                check(id, in: state, context)
            }
        }
        #expect(added <= 1, "\(context): one run saved \(added) responses")
        let ids = Outbox.State.allCases.flatMap { outbox.ids(in: $0) }
        #expect(Set(ids).count == ids.count, "\(context): no id is in two states")
        defer { leftovers = found }
        if !found.subtracting(leftovers).isEmpty { return .partialWrite }
        return added == 0 ? .nothing : .response
    }

    /// After `prepare()`: no temporary file or orphan folder, every `*.json` a whole, valid response in one state,
    /// and every ready response's attachments complete.
    func checkAll(_ context: String) {
        var seen: Set<String> = []
        for state in Outbox.State.allCases {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: outbox.folder(state))) ?? []
            #expect(!names.contains { $0.hasPrefix(".") }, "\(context): nothing hidden is left in \(state)")
            let files = names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(".json".count)) }
            #expect(files.sorted() == outbox.ids(in: state), "\(context): every file in \(state) is listed")
            for id in files {
                #expect(seen.insert(id).inserted, "\(context): \(id) is in one state")
                check(id, in: state, context)
            }
            for name in names where name.hasSuffix(".files") {
                #expect(files.contains(String(name.dropLast(".files".count))), "\(context): \(name) has its response")
            }
        }
    }

    private func check(_ id: String, in state: Outbox.State, _ context: String) {
        #expect(state == .ready, "\(context): finalize writes only to ready/")
        do {
            let response = try outbox.response(id, in: state)
            #expect(response.id == id)
            #expect(response.completedAt != nil)
            let validation = validator.validate(response)
            #expect(validation.problems.isEmpty, "\(context): \(id): \(validation.problems)")
            #expect(validation.answers == response.answers, "\(context): \(id) was saved as validated")
            #expect(response.attachments.map(\.sha256) == [pdfSHA256])
            let complete = attachmentsAreComplete(response)
            #expect(complete, "\(context): \(id) has its attachments, whole")
        } catch {
            Issue.record("\(context): \(error)")
        }
    }

    private func attachmentsAreComplete(_ response: Response) -> Bool {
        let folder = outbox.attachmentsFolder(of: response.id)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        guard names.sorted() == response.attachments.map(\.name).sorted() else { return false }
        return response.attachments.allSatisfy { attachment in
            let path = (folder as NSString).appendingPathComponent(attachment.name)
            let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber
            return size?.intValue == attachment.bytes && (try? DurableFile.sha256(ofFile: path)) == attachment.sha256
        }
    }
}
