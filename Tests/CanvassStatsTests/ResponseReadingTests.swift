import CanvassForms
import CanvassStats
import Foundation
import Synchronization
import Testing

/// A JSON Lines file built in memory: its bytes and where each line starts.
private struct LinesFile {
    var bytes: [UInt8] = []
    var lineStarts: [Int] = []

    var lineCount: Int { lineStarts.count }

    /// Appends one line (a newline is added).
    mutating func append(_ line: [UInt8]) {
        lineStarts.append(bytes.count)
        bytes += line
        bytes.append(0x0A)
    }

    /// Replaces the first byte of line `index` (0-based) so the line is no longer a response object.
    mutating func spoil(_ index: Int) {
        bytes[lineStarts[index]] = UInt8(ascii: "[")
    }

    /// The 0-based index of the line holding byte `offset`.
    func line(containing offset: Int) -> Int {
        (lineStarts.lastIndex { $0 <= offset }) ?? 0
    }
}

/// A random response of the test form, `{"pad":…}` first, padded so the line (with its newline) is `length`
/// bytes long when `length` is given.
private func randomResponse(
    id: String, _ generator: inout SeededGenerator, length: Int? = nil, deprecates: String? = nil
) -> [UInt8] {
    func pick<T>(_ options: [T]) -> T { options[Int(generator.next() % UInt64(options.count))] }
    var answers: [String] = []
    if generator.next() % 10 != 0 {
        answers.append("\"region\":\"\(pick(["north", "south", "east", "west", "dont_know"]))\"")
    }
    if generator.next() % 5 != 0 { answers.append("\"member\":\(pick(["true", "false"]))") }
    answers.append("\"satisfaction\":\(pick(["1", "2", "3", "4", "5", "\"dont_know\"", "null"]))")
    answers.append("\"staff\":\(generator.next() % 200)")
    answers.append("\"days\":\(Double(generator.next() % 10_000) / 8)")
    answers.append(
        "\"channels\":\(pick(["[\"web\"]", "[\"web\",\"phone\"]", "[\"none\"]", "[\"dont_know\"]", "[]", "[\"post\",\"email\"]"]))"
    )
    answers.append(
        "\"services\":{\"speed\":\(generator.next() % 5 + 1),\"clarity\":\(pick(["1", "3", "\"dont_know\""]))}")
    answers.append(
        "\"priorities\":\(pick(["[\"cost\",\"quality\",\"speed\"]", "[\"speed\"]", "[\"quality\",\"cost\"]"]))")
    var tenders: [String] = []
    for _ in 0..<(generator.next() % 3) {
        tenders.append(
            "{\"outcome\":\"\(pick(["won", "lost", "withdrew", "not_sure"]))\",\"ease\":\(generator.next() % 4 + 1),"
                + "\"value\":\(generator.next() % 1000),\"bid_again\":\(pick(["true", "false"]))}")
    }
    answers.append("\"tenders\":[\(tenders.joined(separator: ","))]")
    let replaced = deprecates.map { "\"\($0)\"" } ?? "null"
    let tail =
        "\",\"answers\":{\(answers.shuffled(using: &generator).joined(separator: ","))},\"deprecates\":\(replaced),"
        + "\"form\":\"stats-check\",\"formVersion\":\"3\",\"id\":\"\(id)\"}"
    let head = "{\"pad\":\""
    let padding = length.map { max(0, $0 - 1 - head.utf8.count - tail.utf8.count) } ?? Int(generator.next() % 4000)
    return Array(head.utf8) + Array(repeating: UInt8(ascii: "x"), count: padding) + Array(tail.utf8)
}

/// A JSON Lines file of exactly `size` bytes of random responses, with a line starting at each of `starts`.
private func linesFile(size: Int, lineStartsAt starts: [Int], seed: UInt64) -> LinesFile {
    var generator = SeededGenerator(seed: seed)
    var file = LinesFile()
    let minimum = 1500
    for target in starts.sorted() + [size] {
        // Free-length lines while there is room for one more padded line, then one line ending exactly there.
        while true {
            let line = randomResponse(id: "r\(file.lineCount)", &generator)
            if target - file.bytes.count - (line.count + 1) < minimum { break }
            file.append(line)
        }
        let line = randomResponse(id: "r\(file.lineCount)", &generator, length: target - file.bytes.count)
        file.append(line)
        precondition(file.bytes.count == target, "the padding did not reach \(target)")
    }
    return file
}

/// Bytes reported by a progress callback, from any thread.
private final class ByteCount: Sendable {
    private let count = Mutex(0)

    func add(_ bytes: Int) { count.withLock { $0 += bytes } }

    var value: Int { count.withLock { $0 } }
}

/// A size over the split threshold (16 MiB), where JSON Lines files are shared between workers.
private let bigSize = 16_800_000

@Suite("Reading response files")
struct ResponseReadingTests {
    private func plan(by: String? = "region") throws -> AnalysisPlan {
        try AnalysisPlan(form: statsCheckForm, by: by)
    }

    // MARK: Malformed input

    @Test("A malformed line is reported with its path and 1-based line, blank lines and CRLF counted as lines")
    func malformedLine() throws {
        let directory = try TemporaryDirectory()
        let lines = [
            responseJSON(id: "a", answers: #"{"member":true}"#),
            "",
            "   \t",
            responseJSON(id: "b", answers: #"{"member":false}"#) + "\r",
            "\r",
            responseJSON(id: "c", answers: #"{"member":false}"#),
            #"{"form":"stats-check","answers":{"member":tru}}"#,
            responseJSON(id: "d", answers: #"{"member":false}"#),
        ]
        let path = try directory.write("responses.jsonl", lines.joined(separator: "\n") + "\n")
        let failure = try #require(throws: ReadingFailure.self) {
            try ResponseReading.tally(plan(), files: [ResponseFile(path: path)], workers: 1)
        }
        #expect(failure.path == path)
        #expect(failure.line == 7)
        #expect(!failure.isEnvironment)
        #expect(failure.description.hasPrefix("\(path) line 7: at byte "), "\(failure.description)")
    }

    @Test("Blank lines (spaces, tabs, CR) are skipped; a last line without a newline is read")
    func blankLinesAndLastLine() throws {
        let directory = try TemporaryDirectory()
        let text =
            "\n\n" + responseJSON(id: "a", answers: #"{"member":true}"#) + "\r\n \r\n\t\n"
            + responseJSON(id: "b", answers: #"{"member":false}"#) + "\n\n"
            + responseJSON(id: "c", answers: #"{"member":false}"#)
        let path = try directory.write("responses.ndjson", text)
        let tallies = try ResponseReading.tally(
            AnalysisPlan(form: statsCheckForm, questions: ["member"]), files: [ResponseFile(path: path)], workers: 4)
        #expect(tallies.responses == 3)
        let blank = try directory.write("blank.jsonl", "\n  \n\r\n")
        let none = try ResponseReading.tally(plan(), files: [ResponseFile(path: blank)])
        #expect(none.responses == 0)
    }

    @Test("A malformed .json file is reported without a line; an unreadable file as the environment's fault")
    func malformedJSONFile() throws {
        let directory = try TemporaryDirectory()
        let good = try directory.write("a.json", responseJSON(id: "a", answers: #"{"member":true}"#))
        let bad = try directory.write("b.json", #"{"form":"stats-check","answers":{"#)
        let failure = try #require(throws: ReadingFailure.self) {
            try ResponseReading.tally(plan(), files: [ResponseFile(path: good), ResponseFile(path: bad)])
        }
        #expect(failure.path == bad)
        #expect(failure.line == nil)
        #expect(!failure.isEnvironment)
        let missing = directory.path + "/missing.jsonl"
        let unreadable = try #require(throws: ReadingFailure.self) {
            try ResponseReading.tally(plan(), files: [ResponseFile(path: missing)])
        }
        #expect(unreadable.path == missing)
        #expect(unreadable.isEnvironment)
    }

    @Test("Pretty-printed .json files and JSON Lines files are read together")
    func mixedFiles() throws {
        let directory = try TemporaryDirectory()
        var files: [ResponseFile] = []
        for (index, text) in AggregationTests.sampleResponses.enumerated() {
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
            let pretty = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted])
            files.append(ResponseFile(path: try directory.write("r\(index).json", bytes: Array(pretty) + [0x0A])))
        }
        files.append(
            ResponseFile(
                path: try directory.write("more.jsonl", AggregationTests.sampleResponses.joined(separator: "\n"))))
        let plan = try plan()
        let tallies = try ResponseReading.tally(plan, files: files, workers: 3)
        #expect(tallies.responses == 6)
        let doubled = try tally(plan, AggregationTests.sampleResponses + AggregationTests.sampleResponses)
        #expect("\(Comparison(plan: plan, tallies: tallies))" == "\(Comparison(plan: plan, tallies: doubled))")
    }

    // MARK: Corrections

    private func correctionCase(_ lines: [String], files split: Int? = nil) throws -> (Tallies, Comparison) {
        let directory = try TemporaryDirectory()
        var files: [ResponseFile] = []
        if let split {
            files.append(ResponseFile(path: try directory.write("a.jsonl", lines[..<split].joined(separator: "\n"))))
            files.append(ResponseFile(path: try directory.write("b.jsonl", lines[split...].joined(separator: "\n"))))
        } else {
            files.append(ResponseFile(path: try directory.write("a.jsonl", lines.joined(separator: "\n"))))
        }
        let plan = try AnalysisPlan(form: statsCheckForm, questions: ["member", "staff"])
        let tallies = try ResponseReading.tally(plan, files: files, workers: 2)
        return (tallies, Comparison(plan: plan, tallies: tallies))
    }

    private static let original = responseJSON(id: "orig", answers: #"{"member":true,"staff":100}"#)
    private static let correction = responseJSON(
        id: "fix", answers: #"{"member":false,"staff":5}"#, deprecates: "orig")
    private static let other = responseJSON(id: "other", answers: #"{"member":false,"staff":7}"#)

    @Test("A response replaced by a later correction is left out once", arguments: [nil, 2] as [Int?])
    func laterCorrection(files: Int?) throws {
        let (tallies, comparison) = try correctionCase([Self.original, Self.other, Self.correction], files: files)
        #expect(tallies.responses == 2)
        #expect(tallies.replacedSkipped == 1)
        #expect(tallies.replaced == ["orig"])
        #expect(question("member", in: comparison)?.rows.map(\.counts) == [[0], [2]])
        #expect(question("staff", in: comparison)?.summary.first?.max == 7)
        #expect(
            comparison.notes.contains("1 response(s) replaced by a correction were left out"))
    }

    @Test("A response replaced by a correction read before it is left out once", arguments: [nil, 1] as [Int?])
    func earlierCorrection(files: Int?) throws {
        let (tallies, comparison) = try correctionCase([Self.correction, Self.other, Self.original], files: files)
        #expect(tallies.responses == 2)
        #expect(tallies.replacedSkipped == 1)
        #expect(question("member", in: comparison)?.rows.map(\.counts) == [[0], [2]])
        #expect(question("staff", in: comparison)?.summary.first?.max == 7)
    }

    @Test("A chain of corrections leaves only the last; a correction of an unknown id leaves everything")
    func correctionChains() throws {
        let second = responseJSON(id: "fix2", answers: #"{"member":true,"staff":1}"#, deprecates: "fix")
        let (tallies, comparison) = try correctionCase([second, Self.original, Self.other, Self.correction])
        #expect(tallies.responses == 2)
        #expect(tallies.replacedSkipped == 2)
        #expect(question("member", in: comparison)?.rows.map(\.counts) == [[1], [1]])
        let stray = responseJSON(id: "s", answers: #"{"member":true}"#, deprecates: "nobody")
        let (strayTallies, _) = try correctionCase([Self.original, stray])
        #expect(strayTallies.responses == 2)
        #expect(strayTallies.replacedSkipped == 0)
    }

    @Test("Progress reports every byte of the files (once)")
    func progress() throws {
        let directory = try TemporaryDirectory()
        let file = linesFile(size: bigSize, lineStartsAt: [bigSize / 2 + 100], seed: 7)
        let path = try directory.write("big.jsonl", bytes: file.bytes)
        let small = try directory.write("one.json", AggregationTests.sampleResponses[0])
        let files = [ResponseFile(path: path), ResponseFile(path: small)]
        for workers in [1, 2] {
            let total = ByteCount()
            _ = try ResponseReading.tally(plan(), files: files, workers: workers) { total.add($0) }
            #expect(Int64(total.value) == ResponseReading.size(of: files), "workers: \(workers)")
        }
    }

    // MARK: Files split between workers

    /// Line starts placed at, just before and just after the points where files are split.
    static let splitCases: [(workers: Int, delta: Int)] =
        [-2, -1, 0, 1, 2].map { (2, $0) } + [(3, -1), (3, 1), (5, 0)]

    @Test("A file split between workers counts exactly as one worker does", arguments: splitCases)
    func splitFile(workers: Int, delta: Int) throws {
        let splits = (1..<workers).map { bigSize * $0 / workers + delta }
        var file = linesFile(size: bigSize, lineStartsAt: splits, seed: UInt64(100 * workers + delta + 10))
        // A correction in the last part replacing a response in the first.
        var generator = SeededGenerator(seed: 1)
        let last = file.lineCount - 1
        let replacement = randomResponse(
            id: "fix", &generator, length: file.bytes.count - file.lineStarts[last], deprecates: "r3")
        file.bytes.replaceSubrange(file.lineStarts[last]..<file.bytes.count, with: replacement + [0x0A])
        let directory = try TemporaryDirectory()
        let path = try directory.write("big.jsonl", bytes: file.bytes)
        #expect(file.bytes.count == bigSize)
        let plan = try plan()
        let one = try ResponseReading.tally(plan, files: [ResponseFile(path: path)], workers: 1)
        let many = try ResponseReading.tally(plan, files: [ResponseFile(path: path)], workers: workers)
        #expect(one.responses == file.lineCount - 1)
        #expect(many.responses == file.lineCount - 1)
        #expect(many.replacedSkipped == 1)
        #expect(many.rows == one.rows)
        #expect(many.ungrouped == one.ungrouped)
        let expected = Comparison(plan: plan, tallies: one)
        let got = Comparison(plan: plan, tallies: many)
        #expect(got == expected)
        #expect("\(got)" == "\(expected)")
        // And the same as reading every line with one aggregator (once: it is slow in a debug build).
        guard workers == 2, delta == 0 else { return }
        var aggregator = ResponseAggregator(plan: plan, excluding: ["r3"])
        for (index, start) in file.lineStarts.enumerated() {
            let end = index + 1 < file.lineCount ? file.lineStarts[index + 1] - 1 : file.bytes.count - 1
            try aggregator.add(Data(file.bytes[start..<end]))
        }
        #expect("\(Comparison(plan: plan, tallies: aggregator.tallies))" == "\(expected)")
    }

    /// Reads a big file with `spoiled` lines (0-based) made malformed, by `workers`, and returns the failure.
    private func failure(spoiling spoiled: (LinesFile) -> [Int], workers: Int) throws -> (ReadingFailure, [Int], String)
    {
        // The split point falls inside a line, which the first part reads.
        var file = linesFile(size: bigSize, lineStartsAt: [bigSize / 2 + 37], seed: 99)
        let lines = spoiled(file)
        for line in lines { file.spoil(line) }
        let directory = try TemporaryDirectory()
        let path = try directory.write("big.jsonl", bytes: file.bytes)
        let failure = try #require(throws: ReadingFailure.self) {
            try ResponseReading.tally(plan(), files: [ResponseFile(path: path)], workers: workers)
        }
        return (failure, lines, path)
    }

    @Test("A malformed line near the end of a split file is reported with its line number", arguments: [1, 2])
    func badLineNearEnd(workers: Int) throws {
        let (failure, lines, path) = try failure(spoiling: { [$0.lineCount - 3] }, workers: workers)
        #expect(failure.line == lines[0] + 1)
        #expect(failure.path == path)
    }

    @Test("Malformed lines at the split point are reported with their line numbers", arguments: [0, 1, 2])
    func badLineAtSplit(which: Int) throws {
        // The line holding the split byte (read by the first part), the one before, and the first of the second.
        let (failure, lines, _) = try failure(
            spoiling: { file in [file.line(containing: bigSize / 2) + which - 1] }, workers: 2)
        #expect(failure.line == lines[0] + 1)
    }

    @Test("With malformed lines in both parts, the first is reported")
    func badLinesInBothParts() throws {
        let (failure, lines, _) = try failure(spoiling: { file in [file.lineCount - 2, 40] }, workers: 2)
        #expect(failure.line == lines[1] + 1)
    }
}
