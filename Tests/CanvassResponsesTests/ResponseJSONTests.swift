import CanvassForms
import CanvassResponses
import Foundation
import Testing

/// The response from DESIGN.md's example, with its attachment.
func designResponse() -> Response {
    Response(
        form: "tupe-timing", formVersion: "2026.1", id: "9b0f2c1e-7d4a-4f0e-9c3b-1a2b3c4d5e6f",
        createdAt: "2026-11-28T10:00:00Z", completedAt: "2026-11-28T10:12:00Z",
        answers: [
            "org_size": text("small"), "bid_staff_days": .number(7.5), "barriers": list("lot_size"),
            "tenders": .array([.object(["directorate": text("children"), "timing": text("after_award")])]),
        ],
        attachments: [
            CanvassResponses.Attachment(
                question: "evidence", name: "submission.pdf", bytes: 18342,
                sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", mediaType: "application/pdf"
            )
        ])
}

/// The response a test reads, or the message of the error that refused it.
func parseResponse(_ text: String) -> Result<Response, ResponseFormatError> {
    Result { () throws(ResponseFormatError) in try Response(parsing: Array(text.utf8)) }
}

/// The message a response file is refused with, or `nil` if it is read.
func refusal(_ text: String) -> String? {
    if case .failure(let error) = parseResponse(text) { return error.message }
    return nil
}

/// A minimal valid response object with `extra` members spliced in before the closing brace.
func responseText(_ extra: String = "", id: String = "r-1") -> String {
    """
    {"canvass":1,"form":"f","formVersion":"1","id":"\(id)","createdAt":"2026-01-01T00:00:00Z"\(extra)}
    """
}

@Suite("Response canonical JSON")
struct ResponseJSONTests {
    @Test func canonicalTextHasSortedKeysAndNoSpaces() {
        let expected =
            #"{"answers":{"barriers":["lot_size"],"bid_staff_days":7.5,"org_size":"small","tenders":"#
            + #"[{"directorate":"children","timing":"after_award"}]},"attachments":[{"bytes":18342,"#
            + #""mediaType":"application/pdf","name":"submission.pdf","question":"evidence","#
            + #""sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}],"canvass":1,"#
            + #""completedAt":"2026-11-28T10:12:00Z","createdAt":"2026-11-28T10:00:00Z","deprecates":null,"#
            + #""form":"tupe-timing","formVersion":"2026.1","id":"9b0f2c1e-7d4a-4f0e-9c3b-1a2b3c4d5e6f"}"#
        #expect(designResponse().canonicalText == expected)
    }

    @Test func aDraftWritesNullForItsMissingTimes() {
        let draft = Response(form: "f", formVersion: "1", id: "d", createdAt: "2026-01-01T00:00:00Z")
        #expect(
            draft.canonicalText == """
                {"answers":{},"attachments":[],"canvass":1,"completedAt":null,"createdAt":"2026-01-01T00:00:00Z",\
                "deprecates":null,"form":"f","formVersion":"1","id":"d"}
                """)
    }

    @Test func keysSortByTheirCharactersCodes() {
        let value: JSONValue = .object([
            "b": .number(1), "a": .number(2), "B": .number(3), "_": .number(4), "aa": .number(5), "a1": .number(6),
        ])
        #expect(value.canonicalText == #"{"B":3,"_":4,"a":2,"a1":6,"aa":5,"b":1}"#)
    }

    @Test func stringsAreEscapedExactly() {
        let value: JSONValue = .string("\"quoted\" \\ / \n\r\t\u{08}\u{0C}\u{01}\u{1F} é 😀")
        let expected = #""\"quoted\" \\ / \n\r\t\b\f\u0001\u001f é 😀""#
        #expect(Array(value.canonicalText.utf8) == Array(expected.utf8))
    }

    @Test func numbersAreWrittenInTheirShortestForm() {
        let cases: [(Double, String)] = [
            (3, "3"), (-3, "-3"), (0, "0"), (-0.0, "0"), (7.5, "7.5"), (0.1, "0.1"), (1e20, "1e+20"),
            (1.0 / 3.0, "0.3333333333333333"), (25000, "25000"), (-1200.5, "-1200.5"),
        ]
        for (number, written) in cases {
            #expect(JSONValue.number(number).canonicalText == written)
        }
    }

    @Test func aResponseSurvivesARoundTrip() throws {
        let response = designResponse()
        let read = try Response(parsing: Array(response.canonicalText.utf8))
        #expect(read == response)
        #expect(read.canonicalText == response.canonicalText)
    }

    @Test func anyLayoutIsReadToTheSameCanonicalBytes() throws {
        let spaced = """
            {
              "id": "r-1", "form": "f", "formVersion": "1", "canvass": 1.0,
              "createdAt": "2026-01-01T00:00:00Z", "deprecates": "r-0",
              "answers": {"b": [ "x" , "y" ], "a": 2.50}
            }
            """
        let response = try Response(parsing: Array(spaced.utf8))
        #expect(response.deprecates == "r-0")
        #expect(response.completedAt == nil)
        #expect(response.attachments.isEmpty)
        #expect(
            response.canonicalText == """
                {"answers":{"a":2.5,"b":["x","y"]},"attachments":[],"canvass":1,"completedAt":null,\
                "createdAt":"2026-01-01T00:00:00Z","deprecates":"r-0","form":"f","formVersion":"1","id":"r-1"}
                """)
    }

    @Test(arguments: [
        "a", "A.b_c-9", "9b0f2c1e-7d4a-4f0e-9c3b-1a2b3c4d5e6f", "...", "-", String(repeating: "z", count: 128),
    ])
    func validIdsAreRead(_ id: String) throws {
        #expect(Response.isValidID(id))
        #expect(try Response(parsing: Array(responseText(id: id).utf8)).id == id)
    }

    @Test(arguments: [
        "", ".", "..", "a/b", "a b", "é", "a:b", "a\\\\b", "a\\u0000", "a\\n", String(repeating: "z", count: 129),
    ])
    func invalidIdsAreRefused(_ id: String) {
        #expect(refusal(responseText(id: id)) == "'id' must be 1–128 characters of letters, digits, '.', '_' and '-'")
    }

    @Test func newIdsAreLowerCaseUUIDs() {
        let id = Response.newID()
        #expect(id.count == 36)
        #expect(id == id.lowercased())
        #expect(Response.isValidID(id))
        #expect(UUID(uuidString: id) != nil)
    }

    @Test func timestampsAreUTCToTheSecond() {
        #expect(Response.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(Response.timestamp(Date(timeIntervalSince1970: 1_795_860_000.75)) == "2026-11-28T10:00:00Z")
    }

    @Test func malformedJSONIsRefusedWithItsPlace() {
        #expect(refusal("") == "not valid JSON (at byte 0: the JSON ends too soon)")
        #expect(refusal(#"{"canvass":1,}"#) == "not valid JSON (at byte 13: expected a key in quotes)")
        #expect(refusal(responseText() + "\n{}") == "not valid JSON (at byte 89: unexpected text after the JSON value)")
    }

    @Test func responsesOfTheWrongShapeAreRefused() {
        let cases: [(String, String)] = [
            ("[]", "a response must be a JSON object"),
            (#"{"form":"f"}"#, "'canvass' must be 1, the response format version"),
            (#"{"canvass":2,"form":"f"}"#, "'canvass' must be 1, the response format version"),
            (#"{"canvass":1,"form":5}"#, "'form' must be text"),
            (#"{"canvass":1,"form":"f","formVersion":"1"}"#, "'id' must be text"),
            (
                responseText().replacingOccurrences(of: #","createdAt":"2026-01-01T00:00:00Z""#, with: ""),
                "'createdAt' must be text"
            ),
            (responseText(#","completedAt":5"#), "'completedAt' must be text or null"),
            (responseText(#","deprecates":["r-0"]"#), "'deprecates' must be text or null"),
            (responseText(#","answers":[]"#), "'answers' must be an object of question ids to answers"),
            (responseText(#","attachments":{}"#), "'attachments' must be a list"),
        ]
        for (text, message) in cases {
            #expect(refusal(text) == message, "\(text)")
        }
    }

    @Test func attachmentsMustBeWholeAndSafe() {
        func attachment(_ members: String) -> String {
            responseText(#","attachments":[{"question":"q",\#(members)}]"#)
        }
        let complete = #""sha256":"ab","mediaType":"application/pdf""#
        #expect(
            refusal(attachment(#""name":"a.pdf","bytes":3"#))
                == "each attachment needs question, name, bytes, sha256 and mediaType")
        #expect(
            refusal(attachment(#""name":"../a.pdf","bytes":3,\#(complete)"#))
                == "an attachment's name must be a plain file name, without folders")
        for bytes in ["-1", "2.5", "1e300", "\"3\""] {
            let text = attachment(#""name":"a.pdf","bytes":\#(bytes),\#(complete)"#)
            #expect(refusal(text) != nil, "bytes \(bytes)")
        }
        #expect(
            refusal(attachment(#""name":"a.pdf","bytes":1e300,\#(complete)"#))
                == "an attachment's size must be a whole number of bytes")
        let read = try? Response(parsing: Array(attachment(#""name":"a.pdf","bytes":3,\#(complete)"#).utf8))
        #expect(
            read?.attachments == [
                CanvassResponses.Attachment(
                    question: "q", name: "a.pdf", bytes: 3, sha256: "ab", mediaType: "application/pdf")
            ])
    }
}
