import ArgumentParser
import CanvassCollector
import CanvassForms
import CanvassReports
import CanvassStats
import CanvassTransport
import Foundation
import Synchronization

/// The options `summary` and `compare` share: the form, where the responses are, and how to print.
struct AnalysisOptions: ParsableArguments {
    @Argument(help: "The form (YAML) the responses answer.")
    var form: String

    @Argument(
        help: """
            Responses: response files, folders of them, .jsonl files, a collector data folder, or a collector \
            URL (http://…, with --token or CANVASS_TOKEN).
            """)
    var responses: [String]

    @Option(help: "Only these questions (comma-separated ids).")
    var questions: String?

    @Option(help: "An analyst token, for a collector URL (or set CANVASS_TOKEN).")
    var token: String?

    @Option(help: "Counts under N are suppressed (*), with others they could be worked out from.")
    var minCell = 0

    @Option(help: "Confidence level of the Wilson intervals.")
    var level = 0.95

    @Option(help: .hidden)
    var pageSize = 2000

    func validate() throws {
        guard minCell >= 0 else { throw ValidationError("--min-cell must be 0 or more") }
        guard level > 0, level < 1 else { throw ValidationError("--level must be between 0 and 1, such as 0.95") }
        guard !responses.isEmpty else { throw ValidationError("give the responses to analyse") }
    }

    /// The form loaded, its responses counted and compared `by` a question (or summarised without), as
    /// `summary`, `compare` and `report` all do.
    func comparison(
        by: String? = nil, groups: [String]? = nil, adjust: ComparisonMethod.Adjustment = .holm,
        adjustAcrossQuestions: Bool = false, keepsText: Bool = false
    ) async throws -> Comparison {
        let form = try loadForm(self.form)
        let plan: AnalysisPlan
        do {
            plan = try AnalysisPlan(form: form, by: by, groups: groups, questions: questionList, keepsText: keepsText)
        } catch {
            throw CommandFailure.badInput(error.description)
        }
        let tallies = try await tally(plan)
        let method = ComparisonMethod(
            level: level, adjust: adjust, adjustAcrossQuestions: adjustAcrossQuestions, minCell: minCell)
        return Comparison(plan: plan, tallies: tallies, method: method)
    }

    /// `--groups a,b` as a list.
    static func groupList(_ text: String?) -> [String]? {
        text.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    }

    var questionList: [String]? {
        questions.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    }

    /// Counts the responses by `plan`, from wherever they are, with progress on standard error.
    func tally(_ plan: AnalysisPlan) async throws -> Tallies {
        var files: [ResponseFile] = []
        var tallies: [Tallies] = []
        for input in responses {
            if input.hasPrefix("http://") || input.hasPrefix("https://") {
                tallies.append(try await tallyURL(input, plan))
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
                throw CommandFailure.badInput(
                    "\(input) does not exist; give response files, folders, .jsonl files, a data folder or a URL")
            }
            if isDirectory.boolValue && FileManager.default.fileExists(atPath: input + "/canvass.sqlite") {
                tallies.append(try tallyStore(input, plan))
            } else if isDirectory.boolValue {
                files += try Self.responseFiles(in: input)
            } else {
                files.append(ResponseFile(path: input))
            }
        }
        if !files.isEmpty {
            let progress = Progress(total: ResponseReading.size(of: files))
            defer { progress.finish() }
            do {
                tallies.append(try ResponseReading.tally(plan, files: files, progress: progress.advance))
            } catch {
                throw error.isEnvironment
                    ? CommandFailure.environment(error.description)
                    : CommandFailure.badInput(
                        error.description
                            + " (fix or remove that response; each line of a .jsonl file is one response object)")
            }
        }
        guard var merged = tallies.first else { throw CommandFailure.badInput("no responses were given") }
        for other in tallies.dropFirst() { merged.merge(other) }
        return merged
    }

    /// Response files in a folder and its subfolders (an Outbox's receipts and errors are not responses).
    static func responseFiles(in folder: String) throws(CommandFailure) -> [ResponseFile] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else {
            throw .environment("cannot read the folder \(folder)")
        }
        var files: [ResponseFile] = []
        while let name = walker.nextObject() as? String {
            let path = (folder as NSString).appendingPathComponent(name)
            let leaf = (name as NSString).lastPathComponent
            if leaf.hasPrefix(".") || leaf.hasSuffix(".receipt.json") || leaf.hasSuffix(".error.json") { continue }
            if name.split(separator: "/").contains(where: { $0.hasSuffix(".files") || $0 == "drafts" }) { continue }
            if leaf.hasSuffix(".json") || leaf.hasSuffix(".jsonl") || leaf.hasSuffix(".ndjson") {
                files.append(ResponseFile(path: path))
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    private func tallyStore(_ folder: String, _ plan: AnalysisPlan) throws -> Tallies {
        let store = try openStore(folder)
        defer { try? store.close() }
        var aggregator = ResponseAggregator(plan: plan)
        let count = (try? store.formVersions(of: plan.form.id).values.reduce(0, +)) ?? 0
        let progress = Progress(total: Int64(count), responses: true)
        defer { progress.finish() }
        var cursor: Int64 = 0
        while true {
            let page: [StoredResponse]
            do { page = try store.responses(to: plan.form.id, after: cursor, limit: 1000) } catch {
                throw CommandFailure.environment(error.description)
            }
            for stored in page {
                do { try aggregator.add(stored.body) } catch {
                    throw CommandFailure.badInput("\(folder): stored response \(stored.id) \(error.description)")
                }
            }
            progress.advance(page.count)
            guard let last = page.last, page.count == 1000 else { break }
            cursor = last.sequence
        }
        return aggregator.tallies
    }

    private func tallyURL(_ address: String, _ plan: AnalysisPlan) async throws -> Tallies {
        guard let token = token ?? ProcessInfo.processInfo.environment["CANVASS_TOKEN"] else {
            throw CommandFailure.badInput(
                "reading \(address) needs an analyst token: give --token or set CANVASS_TOKEN")
        }
        let base = address.hasSuffix("/") ? String(address.dropLast()) : address
        let client = HTTPClient()
        defer { client.shutdown() }
        var aggregator = ResponseAggregator(plan: plan)
        var cursor: Int64 = 0
        let limit = max(1, min(pageSize, 10_000))
        while true {
            guard let url = URL(string: "\(base)/forms/\(plan.form.id)/responses?since=\(cursor)&limit=\(limit)") else {
                throw CommandFailure.badInput("\(address) is not a URL")
            }
            let response: HTTPResponse
            do {
                response = try await client.perform(
                    HTTPRequest(url: url, headers: [("Authorization", "Bearer \(token)")]))
            } catch {
                throw CommandFailure.environment("could not read \(address): \(error)")
            }
            guard response.status == 200 else {
                let message = String(decoding: response.body.prefix(500), as: UTF8.self)
                let failure = "\(address) answered \(response.status): \(message)"
                throw (400..<500).contains(response.status)
                    ? CommandFailure.badInput(failure) : CommandFailure.environment(failure)
            }
            var lines = 0
            for line in response.body.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                lines += 1
                do { try aggregator.add(Data(line)) } catch {
                    throw CommandFailure.badInput("\(address): a response \(error.description)")
                }
            }
            guard lines == limit, let next = response.header("Canvass-Last-Sequence").flatMap(Int64.init),
                next > cursor
            else { break }
            cursor = next
        }
        return aggregator.tallies
    }

}

/// Where `summary` and `compare` write, and how.
struct TableOutputOptions: ParsableArguments {
    @Option(
        help:
            "table, csv, json or markdown (if not given: by the -o file's extension, else table on a terminal, json otherwise)."
    )
    var format: String?

    @Option(name: .shortAndLong, help: "The file to write (standard output if not given).")
    var output: String?

    func validate() throws {
        if let format, ComparisonFormat(rawValue: format) == nil {
            throw ValidationError("--format must be table, csv, json or markdown")
        }
    }

    /// Writes the comparison in the chosen format.
    func write(_ comparison: Comparison) throws {
        let console = Console.current
        // Not given: by the output file's extension, else a table on a terminal and JSON for programs.
        let byExtension: [String: ComparisonFormat] = ["json": .json, "csv": .csv, "md": .markdown, "txt": .table]
        let chosen =
            format.flatMap(ComparisonFormat.init)
            ?? output.flatMap { byExtension[($0 as NSString).pathExtension.lowercased()] }
            ?? (console.isTerminal || output != nil ? .table : .json)
        let text = comparison.rendered(as: chosen)
        let sink = try Sink(path: output)
        try sink.write(text)
        try sink.close()
    }
}

/// Progress of a long read on standard error: a bar on a terminal, a line every 10% otherwise.
final class Progress: Sendable {
    private let total: Int64
    private let done = Atomic<Int>(0)
    private let shown = Mutex<Int>(0)
    private let onTerminal = isatty(STDERR_FILENO) == 1
    private let worthShowing: Bool

    /// Progress through `total` bytes of files (shown from 64 MiB), or `total` responses of a store (from 50,000).
    init(total: Int64, responses: Bool = false) {
        self.total = max(total, 1)
        worthShowing = responses ? total >= 50_000 : total >= 64 << 20
    }

    func advance(_ bytes: Int) {
        guard worthShowing else { return }
        let now = done.add(bytes, ordering: .relaxed).newValue
        let step = Int(Int64(now) * (onTerminal ? 50 : 10) / total)
        let changed = shown.withLock { last -> Bool in
            guard step > last else { return false }
            last = step
            return true
        }
        guard changed else { return }
        if onTerminal {
            let bar = String(repeating: "#", count: min(step, 50)) + String(repeating: "-", count: max(0, 50 - step))
            Console.current.writeError("\r[\(bar)] \(min(100, step * 2))%")
        } else {
            Console.current.errorLine("read \(min(100, step * 10))% of the responses")
        }
    }

    func finish() {
        if worthShowing && onTerminal { Console.current.writeError("\n") }
    }
}
