import CanvassCommands
import CanvassForms
import CanvassResponses
import CanvassTesting
import Crypto
import Foundation
import Testing

@testable import CanvassCollector

/// `canvass export` over a data folder whose responses answer two versions of a form.
@Suite("canvass export")
struct ExportCommandTests {
    static func form(version: String, extra: Bool) throws -> Form {
        var lines = [
            "form: check", "version: \"\(version)\"", "title: Check", "sections:", "  - id: main", "    title: Main",
            "    questions:", "      - id: note", "        type: text", "        label: Anything to add?",
        ]
        if extra {
            lines += ["      - id: added", "        type: integer", "        label: A question added later"]
        }
        return try Form.load(text: lines.joined(separator: "\n") + "\n", path: "check.yaml")
    }

    static func submission(_ id: String, version: String, answers: [String: JSONValue]) -> Submission {
        let response = CanvassResponses.Response(
            form: "check", formVersion: version, id: id, createdAt: "2026-11-28T10:00:00Z", answers: answers)
        let body = response.canonicalBytes
        return Submission(
            id: id, form: "check", formVersion: version, organisation: "Acme Trust", tokenId: "t", deprecates: nil,
            body: body, sha256: SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined())
    }

    @Test("Responses to another version than the one served: CSV warns what it leaves out; JSON Lines keeps all")
    func mixedVersions() async throws {
        try await withTemporaryFolder { folder in
            let data = folder + "/data"
            let store = try CollectorStore(folder: data)
            try store.saveForms([try Self.form(version: "1", extra: false)])
            _ = try await store.commit([Self.submission("old", version: "1", answers: ["note": .string("first")])])
            try store.saveForms([try Self.form(version: "2", extra: true)])
            _ = try await store.commit([
                Self.submission("new", version: "2", answers: ["note": .string("second"), "added": .number(4)])
            ])
            try store.close()

            let csv = await runCanvass(["export", "--data", data, "--form", "check", "--format", "csv"])
            #expect(csv.status == 0, "\(csv.errorOutput)")
            #expect(
                csv.errorOutput
                    == "warning: check also has responses 1 to version 1; the columns follow version 2, so answers "
                    + "to questions only in other versions are left out (--format jsonl keeps everything)\n")
            let lines = csv.output.split(separator: "\r\n").map(String.init)
            #expect(lines.first?.hasSuffix(",note,added") == true)
            #expect(lines.count == 3)
            #expect(lines.contains { $0.hasPrefix("new,2,") && $0.hasSuffix(",second,4") })

            let jsonl = await runCanvass(["export", "--data", data, "--form", "check"])
            #expect(jsonl.status == 0)
            #expect(jsonl.errorOutput.isEmpty)
            #expect(jsonl.output.split(separator: "\n").count == 2)
        }
    }
}
