import ArgumentParser
import CanvassForms
import CanvassOutbox
import Foundation

/// `canvass outbox`: what is waiting, sent and refused.
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "List the responses in the Outbox, by state."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @Option(help: "The Outbox folder.")
    var outbox = "Outbox"

    @Option(help: "table or json.")
    var format: Format = .table

    func run() async throws {
        let console = Console.current
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: outbox, isDirectory: &isFolder), isFolder.boolValue else {
            throw CommandFailure.badInput(
                "\(outbox): no such Outbox folder; finalise a response first, or give the folder with --outbox")
        }
        let items = Outbox(root: outbox).items()
        switch format {
        case .json:
            let list: [JSONValue] = items.map { item in
                var members: [String: JSONValue] = [
                    "state": .string(item.state.rawValue), "id": .string(item.id), "bytes": .number(Double(item.bytes)),
                ]
                if let form = item.form { members["form"] = .string(form) }
                if let version = item.formVersion { members["formVersion"] = .string(version) }
                if let completed = item.completedAt { members["completedAt"] = .string(completed) }
                if let problem = item.problem { members["problem"] = .string(problem) }
                return .object(members)
            }
            console.line(JSONValue.object(["outbox": .string(outbox), "items": .array(list)]).prettyText)
        case .table:
            let counts = Outbox.State.allCases.map { state in
                "\(state.rawValue) \(items.filter { $0.state == state }.count)"
            }
            console.line("Outbox \(outbox): " + counts.joined(separator: ", "))
            guard !items.isEmpty else { return }
            console.line("")
            let rows = items.map { item in
                [
                    item.state.rawValue, item.id,
                    item.form.map { "\($0) \(item.formVersion ?? "")" } ?? "(unreadable: \(item.problem ?? ""))",
                    item.completedAt ?? "-", Self.size(item.bytes),
                ]
            }
            for line in Table(header: ["STATE", "ID", "FORM", "COMPLETED", "SIZE"], rows: rows).lines {
                console.line(line)
            }
        }
    }

    static func size(_ bytes: Int) -> String {
        bytes < 1024
            ? "\(bytes) B"
            : bytes < 1_048_576
                ? String(format: "%.1f KB", Double(bytes) / 1024)
                : String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}
