import ArgumentParser
import CanvassCollector
import CanvassForms
import CanvassResponses
import Foundation

/// `canvass export`: the responses a collector stored, as JSON Lines or CSV.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the responses a collector stored, as JSON Lines or CSV.",
        discussion: """
            JSON Lines: one stored response per line, as the collector keeps it. CSV (for spreadsheets, SPSS and \
            R): one row per response and one column per question; a select_multiple question is one 0/1 column \
            per option, a matrix one column per statement, a ranking one column per option. A form's repeat \
            sections go in their own CSV files beside --output (FILE.SECTION.csv), one row per repeat, keyed by \
            response_id. Text that a spreadsheet would run as a formula (starting with =, +, -, @) is prefixed \
            with '. Responses replaced by a correction are left out unless --replaced is given.
            """
    )

    @Option(help: "The data folder of the collector.")
    var data: String

    @Option(help: "The id of the form whose responses to export.")
    var form: String

    @Option(help: "jsonl or csv.")
    var format = "jsonl"

    @Option(name: .shortAndLong, help: "The file to write (standard output if not given).")
    var output: String?

    @Flag(help: "Add a second row with each column's question text (CSV).")
    var labels = false

    @Flag(help: "Include responses that a correction replaced (with a replaced_by column in CSV).")
    var replaced = false

    func validate() throws {
        guard ["jsonl", "csv"].contains(format) else { throw ValidationError("--format must be jsonl or csv") }
        if labels && format != "csv" { throw ValidationError("--labels only applies to --format csv") }
    }

    func run() async throws {
        let store = try openStore(data)
        defer { try? store.close() }
        let definition: Form?
        do { definition = try store.form(id: form) } catch { throw CommandFailure.environment(error.description) }
        guard let definition else {
            throw CommandFailure.badInput(
                "\(data) has no form '\(form)'; the forms it has served are the ones canvass serve was given")
        }
        if format == "csv" {
            let versions: [String: Int]
            do { versions = try store.formVersions(of: form, includingReplaced: replaced) } catch {
                throw CommandFailure.environment(error.description)
            }
            let others = versions.keys.filter { $0 != definition.version }.sorted()
            if !others.isEmpty {
                let counts = others.map { "\(versions[$0] ?? 0) to version \($0)" }.joined(separator: ", ")
                Console.current.errorLine(
                    "warning: \(form) also has responses \(counts); the columns follow version "
                        + "\(definition.version), so answers to questions only in other versions are left out "
                        + "(--format jsonl keeps everything)")
            }
        }
        let main = try Sink(path: output)
        var count = 0
        switch format {
        case "jsonl":
            try forEachPage(store) { page in
                var text = ""
                for stored in page { text += String(decoding: stored.body, as: UTF8.self) + "\n" }
                try main.write(text)
                count += page.count
            }
        default:
            count = try exportCSV(store, definition, to: main)
        }
        try main.close()
        if let output { Console.current.errorLine("exported \(count) responses to \(output)") }
    }

    private func exportCSV(_ store: CollectorStore, _ definition: Form, to main: Sink) throws -> Int {
        let extra = ["organisation", "received_at"] + (replaced ? ["replaced_by"] : [])
        let table = ResponseTable(form: definition, extraColumns: extra)
        var sinks: [Sink] = []
        if !table.repeatTables.isEmpty {
            guard let output else {
                throw CommandFailure.badInput(
                    "\(form) has repeat sections, which go in CSV files of their own: give --output FILE.csv "
                        + "(they are written beside it as FILE.SECTION.csv)")
            }
            let stem = (output as NSString).deletingPathExtension
            sinks = try table.repeatTables.map { try Sink(path: "\(stem).\($0.section).csv") }
        }
        try main.write(CSV.line(table.columns) + (labels ? CSV.line(table.labels()) : ""))
        for (sink, repeated) in zip(sinks, table.repeatTables) {
            try sink.write(CSV.line(repeated.columns) + (labels ? CSV.line(repeated.labels()) : ""))
        }
        var count = 0
        try forEachPage(store) { page in
            var text = ""
            var repeats = Array(repeating: "", count: sinks.count)
            for stored in page {
                let response: Response
                do { response = try Response(parsing: stored.body) } catch {
                    throw CommandFailure.environment("the stored response \(stored.id) does not read: \(error)")
                }
                let values = [stored.organisation, stored.receivedAt] + (replaced ? [stored.replacedBy ?? ""] : [])
                text += CSV.line(table.row(for: response, extra: values))
                for (index, repeated) in table.repeatTables.enumerated() {
                    for row in repeated.rows(for: response) { repeats[index] += CSV.line(row) }
                }
            }
            try main.write(text)
            for (sink, chunk) in zip(sinks, repeats) { try sink.write(chunk) }
            count += page.count
        }
        for sink in sinks { try sink.close() }
        return count
    }

    private func forEachPage(_ store: CollectorStore, _ body: ([StoredResponse]) throws -> Void) throws {
        var cursor: Int64 = 0
        while true {
            let page: [StoredResponse]
            do {
                page = try store.responses(to: form, after: cursor, limit: 256, includingReplaced: replaced)
            } catch { throw CommandFailure.environment(error.description) }
            guard let last = page.last else { return }
            try body(page)
            cursor = last.sequence
        }
    }
}

/// Where an export goes: a file (written in full to a temporary name, then renamed) or standard output.
final class Sink {
    private let path: String?
    private let temporary: String?
    private let handle: FileHandle?

    init(path: String?) throws(CommandFailure) {
        self.path = path
        guard let path else {
            temporary = nil
            handle = nil
            return
        }
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporary)
        else { throw .environment("could not create \(path)") }
        self.temporary = temporary
        self.handle = handle
    }

    func write(_ text: String) throws(CommandFailure) {
        guard let handle else { return Console.current.write(text) }
        do { try handle.write(contentsOf: Data(text.utf8)) } catch {
            throw .environment("could not write \(path ?? ""): \(error.localizedDescription)")
        }
    }

    func close() throws(CommandFailure) {
        guard let handle, let path, let temporary else { return }
        do {
            try handle.synchronize()
            try handle.close()
        } catch { throw .environment("could not write \(path): \(error.localizedDescription)") }
        guard rename(temporary, path) == 0 else {
            throw .environment("could not write \(path): \(String(cString: strerror(errno)))")
        }
        // The rename itself is made durable too.
        syncFolder(containing: path)
    }

    deinit {
        if let temporary, FileManager.default.fileExists(atPath: temporary) {
            try? handle?.close()
            unlink(temporary)
        }
    }
}

/// Syncs the folder holding `path`, so a rename into it survives a crash.
private func syncFolder(containing path: String) {
    let folder = (path as NSString).deletingLastPathComponent
    let descriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY)
    guard descriptor >= 0 else { return }
    fsync(descriptor)
    close(descriptor)
}
