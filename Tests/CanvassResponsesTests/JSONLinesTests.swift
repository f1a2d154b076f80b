import CanvassForms
import CanvassResponses
import Foundation
import Testing

@Suite struct JSONLinesTests {
    static func response(_ id: String, size: String) -> Response {
        Response(
            form: "tupe-timing", formVersion: "2026.1", id: id, createdAt: "2026-11-28T10:00:00Z",
            completedAt: "2026-11-28T10:12:00Z", answers: ["org_size": .string(size)])
    }

    @Test func writesOneCanonicalObjectPerLineAndReadsThemBack() throws {
        let responses = [Self.response("a1", size: "small"), Self.response("b2", size: "large")]
        let text = JSONLines.text(of: responses)
        #expect(text.split(separator: "\n").count == 2)
        #expect(text.hasSuffix("\n"))
        #expect(text.split(separator: "\n").first.map(String.init) == responses[0].canonicalText)
        #expect(try JSONLines.responses(in: Data(text.utf8)) == responses)
    }

    @Test func blankLinesAndWindowsLineEndingsAreAccepted() throws {
        let text =
            "\n" + Self.response("a1", size: "small").canonicalText + "\r\n\n  \n"
            + Self.response("b2", size: "large").canonicalText
        let read = try JSONLines.responses(in: Data(text.utf8))
        #expect(read.map(\.id) == ["a1", "b2"])
    }

    @Test func aBadLineIsNamedByNumberWithoutItsContent() {
        let text = Self.response("a1", size: "small").canonicalText + "\n{\"secret\": \"PRIVATE\"\n"
        #expect(throws: JSONLines.LineError.self) { try JSONLines.responses(in: Data(text.utf8)) }
        do {
            _ = try JSONLines.responses(in: Data(text.utf8))
        } catch {
            #expect(error.line == 2)
            #expect(!error.description.contains("PRIVATE"))
            #expect(error.description.hasPrefix("line 2: not valid JSON"))
        }
    }

    @Test func readingCanStopEarly() {
        let text = JSONLines.text(of: (1...5).map { Self.response("r\($0)", size: "small") })
        var seen: [String] = []
        JSONLines.read(Data(text.utf8)) { result in
            if case .success(let response) = result { seen.append(response.id) }
            return seen.count < 2
        }
        #expect(seen == ["r1", "r2"])
    }
}
