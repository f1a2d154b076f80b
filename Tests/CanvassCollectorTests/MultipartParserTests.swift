import CanvassTesting
import Foundation
import Testing

@testable import CanvassCollector

/// One part of a body a test builds: its header lines and its content.
private struct TestPart {
    /// Header lines, without line breaks.
    var headers: [String]
    /// The content, as sent.
    var content: [UInt8]
}

/// The boundary most tests use.
private let boundary = "XyZ-42"

/// A form field part named `name`.
private func field(_ name: String, _ content: String) -> TestPart {
    TestPart(headers: ["Content-Disposition: form-data; name=\"\(name)\""], content: Array(content.utf8))
}

/// A file part named `attachment`.
private func attachment(_ fileName: String, _ content: [UInt8], type: String = "application/pdf") -> TestPart {
    TestPart(
        headers: [
            "Content-Disposition: form-data; name=\"attachment\"; filename=\"\(fileName)\"", "Content-Type: \(type)",
        ],
        content: content)
}

/// The bytes of a `multipart/form-data` body holding `parts`.
private func body(_ parts: [TestPart], preamble: String = "", epilogue: String = "") -> [UInt8] {
    var bytes = Array(preamble.utf8)
    var delimiter = Array("--\(boundary)".utf8)
    if !preamble.isEmpty { delimiter.insert(contentsOf: Array("\r\n".utf8), at: 0) }
    for part in parts {
        bytes += delimiter + Array("\r\n".utf8)
        for header in part.headers { bytes += Array("\(header)\r\n".utf8) }
        bytes += Array("\r\n".utf8) + part.content
        delimiter = Array("\r\n--\(boundary)".utf8)
    }
    return bytes + delimiter + Array("--\(epilogue)".utf8)
}

/// The events of `bytes` fed in chunks of the given sizes (the rest in one piece), with content joined.
private func events(
    of bytes: [UInt8], chunkSizes: some Sequence<Int> = [],
    parser: MultipartParser = MultipartParser(boundary: boundary)
) throws(MultipartError) -> [MultipartEvent] {
    var parser = parser
    var all: [MultipartEvent] = []
    var start = 0
    for size in chunkSizes where start < bytes.count {
        let end = min(start + size, bytes.count)
        all += try parser.feed(bytes[start..<end])
        start = end
    }
    all += try parser.feed(bytes[start...])
    try parser.finish()
    #expect(!all.contains(.partBytes([])), "a content event is never empty")
    return joined(all)
}

/// `events` with consecutive content events joined into one, as a reader of the content sees it.
private func joined(_ events: [MultipartEvent]) -> [MultipartEvent] {
    var result: [MultipartEvent] = []
    for event in events {
        if case .partBytes(let more) = event, case .partBytes(let some)? = result.last {
            result[result.count - 1] = .partBytes(some + more)
        } else {
            result.append(event)
        }
    }
    return result
}

/// Whether `bytes` and `other` hold the same bytes (compared with `memcmp`: a 20 MB test compares every byte).
private func same(_ bytes: [UInt8], _ other: ArraySlice<UInt8>) -> Bool {
    guard bytes.count == other.count else { return false }
    guard !bytes.isEmpty else { return true }
    return bytes.withUnsafeBytes { bytes in
        other.withUnsafeBytes { other in memcmp(bytes.baseAddress!, other.baseAddress!, bytes.count) == 0 }
    }
}

/// The events a well-formed part gives.
private func expected(_ head: MultipartPartHead, _ content: [UInt8]) -> [MultipartEvent] {
    content.isEmpty ? [.partBegan(head), .partEnded] : [.partBegan(head), .partBytes(content), .partEnded]
}

/// A body with content that resembles the delimiter, line breaks, an empty part and a quoted file name.
private let trickyBody = body(
    [
        field("response", #"{"id": "r1", "answers": {"org": "Hope\r\n--XyZ-4"}}"#),
        attachment(#"a \"b\".pdf"#, Array("\r\n--XyZ-4\r\r\n--XyZ\r\n-\r\n--XyZ-4 \r\n\r\n--xyz-42\r".utf8)),
        field("empty", ""),
        attachment("crlf.txt", Array("\r\n".utf8), type: "text/plain"),
    ], preamble: "This is a multi-part message.\r\n--XyZ-4", epilogue: "\r\n--XyZ-42\r\nignored")

@Suite struct MultipartParserTests {
    @Test func aResponsePartComesOutWithItsHeadAndContent() throws {
        let json = #"{"id": "r1"}"#
        let part = TestPart(
            headers: ["Content-Disposition: form-data; name=\"response\"", "Content-Type: application/json"],
            content: Array(json.utf8))
        let head = MultipartPartHead(name: "response", fileName: nil, contentType: "application/json")
        #expect(try events(of: body([part])) == expected(head, Array(json.utf8)))
    }

    @Test(arguments: 1...5) func everyPartComesOutInOrder(count: Int) throws {
        let parts =
            [field("response", "{}")]
            + (1..<count).map { attachment("file \($0).pdf", Array(repeating: UInt8($0), count: $0 * 100)) }
        let heads =
            [MultipartPartHead(name: "response", fileName: nil, contentType: nil)]
            + (1..<count).map {
                MultipartPartHead(name: "attachment", fileName: "file \($0).pdf", contentType: "application/pdf")
            }
        #expect(try events(of: body(parts)) == zip(heads, parts).flatMap { expected($0, $1.content) })
    }

    @Test func thePreambleAndEpilogueAreIgnored() throws {
        let plain = try events(of: body([field("response", "{}")]))
        let wrapped = try events(
            of: body([field("response", "{}")], preamble: "preamble\r\n--XyZ-4\r\n", epilogue: "\r\n--XyZ-42\r\nmore"))
        #expect(wrapped == plain)
        #expect(plain.count == 3)
    }

    @Test func trickyContentComesOutExactly() throws {
        let head = MultipartPartHead(name: "attachment", fileName: #"a "b".pdf"#, contentType: "application/pdf")
        let found = try events(of: trickyBody)
        try #require(found.count == 11)
        #expect(found[3] == .partBegan(head))
        #expect(found[4] == .partBytes(Array("\r\n--XyZ-4\r\r\n--XyZ\r\n-\r\n--XyZ-4 \r\n\r\n--xyz-42\r".utf8)))
        #expect(found[1] == .partBytes(Array(#"{"id": "r1", "answers": {"org": "Hope\r\n--XyZ-4"}}"#.utf8)))
        #expect(Array(found[6...7]) == [.partBegan(MultipartPartHead(name: "empty")), .partEnded])
        #expect(found[9] == .partBytes(Array("\r\n".utf8)))
    }

    @Test func oneByteAtATimeGivesTheSameEvents() throws {
        let whole = try events(of: trickyBody)
        #expect(try events(of: trickyBody, chunkSizes: repeatElement(1, count: trickyBody.count)) == whole)
    }

    @Test func randomChunkSizesGiveTheSameEvents() throws {
        let whole = try events(of: trickyBody)
        var generator = SplitMix64(seed: 7_578)
        for largest in [2, 5, 13, 40, 120, 400] {
            for _ in 0..<50 {
                let sizes = (0..<trickyBody.count).map { _ in Int.random(in: 1...largest, using: &generator) }
                #expect(try events(of: trickyBody, chunkSizes: sizes) == whole, "chunks of at most \(largest)")
            }
        }
    }

    @Test func contentIsEmittedAsItArrivesHoldingBackOnlyWhatMayBeADelimiter() throws {
        var parser = MultipartParser(boundary: boundary)
        let head = MultipartPartHead(name: "f", fileName: "a.bin", contentType: nil)
        let opening = "--XyZ-42\r\nContent-Disposition: form-data; name=f; filename=a.bin\r\n\r\n"
        #expect(try parser.feed(Array(opening.utf8)) == [.partBegan(head)])
        for _ in 0..<3 { #expect(try parser.feed(Array("0123456789".utf8)) == [.partBytes(Array("0123456789".utf8))]) }
        #expect(try parser.feed(Array("ab\r\n--XyZ-4".utf8)) == [.partBytes(Array("ab".utf8))])
        #expect(try parser.feed(Array("3".utf8)) == [.partBytes(Array("\r\n--XyZ-43".utf8))])
        #expect(try parser.feed(Array("\r".utf8)) == [])
        #expect(try parser.feed(Array("\r\n--".utf8)) == [.partBytes(Array("\r".utf8))])
        #expect(try parser.feed(Array("XyZ-42--".utf8)) == [.partEnded])
        try parser.finish()
    }

    @Test func headerNamesAndParametersAreCaseInsensitiveAndValuesMayBeUnquoted() throws {
        let parts = [
            TestPart(
                headers: ["CONTENT-DISPOSITION:Form-Data;NAME=response", "content-type:  text/plain  "], content: []),
            TestPart(headers: ["Content-Disposition: form-data; Name = note ; FILENAME = notes.txt;"], content: []),
        ]
        #expect(
            try events(of: body(parts)) == [
                .partBegan(MultipartPartHead(name: "response", contentType: "text/plain")), .partEnded,
                .partBegan(MultipartPartHead(name: "note", fileName: "notes.txt")), .partEnded,
            ])
    }

    @Test func quotedFileNamesAreUnescaped() throws {
        let names = [
            (#""a \"quoted\" \\ name.pdf""#, #"a "quoted" \ name.pdf"#),
            (#""rates; 2026 = final.pdf""#, "rates; 2026 = final.pdf"),
            (#""Café rates.pdf""#, "Café rates.pdf"),
            (#""""#, ""),
        ]
        for (sent, read) in names {
            let part = TestPart(
                headers: ["Content-Disposition: form-data; name=\"attachment\"; filename=\(sent)"], content: [1])
            #expect(
                try events(of: body([part])).first == .partBegan(MultipartPartHead(name: "attachment", fileName: read)))
        }
    }

    @Test func paddingAfterABoundaryAndFoldedHeadersAreAccepted() throws {
        let bytes = Array(
            "--XyZ-42 \t\r\nContent-Disposition: form-data;\r\n name=\"response\"\r\n\r\n{}\r\n--XyZ-42--".utf8)
        #expect(try events(of: bytes) == expected(MultipartPartHead(name: "response"), Array("{}".utf8)))
    }

    @Test func aBodyOfOnlyTheClosingBoundaryHasNoParts() throws {
        #expect(try events(of: Array("--XyZ-42--\r\n".utf8)) == [])
    }

    @Test(arguments: [
        "--XyZ-42\r\nContent-Disp", "--XyZ-42\r\nContent-Disposition: form-data; name=a\r\n\r\nabc\r\n--XyZ-4",
        "--XyZ-42\r\nContent-Disposition: form-data; name=a\r\n\r\nabc\r\n--XyZ-42", "--XyZ-42\r\n", "--XyZ-42-",
    ])
    func aBodyCutShortThrowsWhenFinished(text: String) throws {
        var parser = MultipartParser(boundary: boundary)
        _ = try parser.feed(Array(text.utf8))
        #expect(throws: MultipartError.unexpectedEnd) { try parser.finish() }
    }

    @Test(arguments: ["", "just some text", "--xyz-42\r\n\r\n--xyz-42--", "-XyZ-42\r\n", "\n--XyZ-42\r\n"])
    func aBodyWithoutTheBoundaryThrowsWhenFinished(text: String) throws {
        #expect(throws: MultipartError.noBoundary) { try events(of: Array(text.utf8)) }
    }

    @Test(arguments: [
        "--XyZ-42X\r\n", "--XyZ-42-x", "--XyZ-42 x\r\n", "--XyZ-42\rx", "--XyZ-42\n",
        "--XyZ-42" + String(repeating: " ", count: 257) + "\r\n",
    ])
    func somethingElseAfterABoundaryThrows(text: String) {
        var parser = MultipartParser(boundary: boundary)
        #expect(throws: MultipartError.malformedBoundaryLine) { try parser.feed(Array(text.utf8)) }
    }

    @Test func aHeaderBlockOverTheLimitThrows() throws {
        let disposition = "Content-Disposition: form-data; name=\"response\""
        let fixed = disposition.utf8.count + 2 + "X-Padding: ".utf8.count + 2 + 2
        let atLimit = TestPart(
            headers: [disposition, "X-Padding: " + String(repeating: "a", count: 16_384 - fixed)], content: [])
        #expect(try events(of: body([atLimit])).count == 2)
        var overLimit = atLimit
        overLimit.headers[1] += "a"
        #expect(throws: MultipartError.headerTooLarge(limit: 16_384)) { try events(of: body([overLimit])) }
        var parser = MultipartParser(boundary: boundary)
        _ = try parser.feed(Array("--XyZ-42\r\n".utf8))
        #expect(throws: MultipartError.headerTooLarge(limit: 16_384)) {
            for _ in 0..<20 { _ = try parser.feed(repeatElement(UInt8(ascii: "a"), count: 1_000)) }
        }
    }

    @Test func moreThanAThousandPartsThrows() throws {
        let parts = (0..<1_000).map { field("f\($0)", "x") }
        #expect(try events(of: body(parts)).count == 3_000)
        #expect(throws: MultipartError.tooManyParts(limit: 1_000)) { try events(of: body(parts + [field("last", "")])) }
        let small = MultipartParser(boundary: boundary, maximumParts: 2)
        #expect(throws: MultipartError.tooManyParts(limit: 2)) {
            try events(of: body(Array(parts[0..<3])), parser: small)
        }
    }

    /// Header blocks that are wrong, and the error each gives.
    static let badHeaders: [([String], MultipartError)] = [
        ([], .missingName),
        (["Content-Type: text/plain"], .missingName),
        (["Content-Disposition: form-data; filename=\"a.pdf\""], .missingName),
        (["Content-Disposition: form-data; name=\"\""], .missingName),
        (["Content-Disposition: attachment; name=\"a\""], .notFormData),
        (["Content-Disposition: form-data; name=\"a"], .malformedDisposition),
        (["Content-Disposition: form-data; name"], .malformedDisposition),
        (["Content-Disposition: form-data; name=a; name=b"], .malformedDisposition),
        (["Content-Disposition: ; name=a"], .malformedDisposition),
        (["Content-Disposition: form-data; name=a", "content-disposition: form-data; name=b"], .duplicateHeader),
        (["Content-Disposition: form-data; name=a", "Content-Type: a", "Content-Type: b"], .duplicateHeader),
        (["Content-Disposition form-data; name=a"], .malformedHeader),
        (["Content-Disposition: form-data; name=a\nX: y"], .malformedHeader),
        (["Content-Disposition: form-data; name=a\rX: y"], .malformedHeader),
        ([" name=a"], .malformedHeader),
    ]

    @Test(arguments: badHeaders)
    func aPartWithBadHeadersThrows(headers: [String], error: MultipartError) {
        #expect(throws: error) { try events(of: body([TestPart(headers: headers, content: [])])) }
    }

    @Test func anErrorIsThrownAgainByLaterCalls() throws {
        var parser = MultipartParser(boundary: boundary)
        #expect(throws: MultipartError.malformedBoundaryLine) { try parser.feed(Array("--XyZ-42!".utf8)) }
        #expect(throws: MultipartError.malformedBoundaryLine) { try parser.feed(Array("\r\n".utf8)) }
        #expect(throws: MultipartError.malformedBoundaryLine) { try parser.feed([UInt8]()) }
        #expect(throws: MultipartError.malformedBoundaryLine) { try parser.finish() }
    }

    @Test(arguments: ["", String(repeating: "b", count: 71), "a\r\nb", "ends ", "caf\u{e9}", "a\"b"])
    func anInvalidBoundaryMakesTheFirstFeedThrow(invalid: String) {
        var parser = MultipartParser(boundary: invalid)
        #expect(throws: MultipartError.invalidBoundary) { try parser.feed([UInt8]()) }
    }

    /// Content types, and the boundary each names (nil for none).
    static let contentTypes: [(String, String?)] = [
        ("multipart/form-data; boundary=XyZ-42", "XyZ-42"),
        ("multipart/form-data;boundary=abc", "abc"),
        (
            "Multipart/Form-Data; BOUNDARY=\"----WebKitFormBoundary7MA4YWxkTrZu0gW\"",
            "----WebKitFormBoundary7MA4YWxkTrZu0gW"
        ),
        (
            "multipart/form-data; charset=utf-8; boundary = ------------------------d74496d66958873e ",
            "------------------------d74496d66958873e"
        ),
        ("multipart/form-data; boundary=\"a b'()+_,-./:=?\"", "a b'()+_,-./:=?"),
        ("multipart/form-data; boundary=" + String(repeating: "7", count: 70), String(repeating: "7", count: 70)),
        ("multipart/form-data; boundary=" + String(repeating: "7", count: 71), nil),
        ("multipart/mixed; boundary=abc", nil),
        ("application/json", nil),
        ("multipart/form-data", nil),
        ("multipart/form-data; boundary=", nil),
        ("multipart/form-data; boundary=\"\"", nil),
        ("multipart/form-data; boundary=\"abc", nil),
        ("multipart/form-data; boundary=a; boundary=b", nil),
        ("multipart/form-data; boundary=\"ends \"", nil),
        ("multipart/form-data; boundary=a{b}", nil),
        ("", nil),
    ]

    @Test(arguments: contentTypes)
    func theBoundaryIsReadFromContentType(contentType: String, boundary: String?) {
        #expect(MultipartParser.boundary(fromContentType: contentType) == boundary)
    }

    @Test func errorMessagesSayWhatIsWrongWithoutQuotingTheBody() {
        var parser = MultipartParser(boundary: boundary)
        do {
            _ = try parser.feed(Array("--XyZ-42\r\nContent-Disposition: secret-type; name=\"SECRET\"\r\n\r\n".utf8))
            Issue.record("a part that is not form-data was accepted")
        } catch {
            #expect(error.description == "a multipart part's Content-Disposition is not form-data")
        }
        #expect(MultipartError.unexpectedEnd.description == "the multipart body ended before its closing boundary")
        #expect(MultipartError.tooManyParts(limit: 1_000).description == "the multipart body has more than 1000 parts")
    }

    @Test func aLargePartStreamedInChunksComesOutWhole() throws {
        // A block of random bytes with near-misses of the delimiter, repeated: so every byte can be checked.
        var generator = SplitMix64(seed: 2_046)
        var block = (0..<8_191).map { _ in UInt8.random(in: 0...255, using: &generator) }
        block.replaceSubrange(100..<109, with: Array("\r\n--XyZ-4".utf8))
        block.replaceSubrange(8_184..<8_191, with: Array("\r\n--XyZ".utf8))
        let size = 20 * 1_024 * 1_024
        let opening = Array(
            "--XyZ-42\r\nContent-Disposition: form-data; name=attachment; filename=big.bin\r\n\r\n".utf8)
        // The content repeats the block, so the bytes at any offset are a slice of a few copies of it.
        let chunk = 64 * 1_024
        let copies = Array(repeatElement(block, count: chunk / block.count + 3).joined())
        func expected(at offset: Int, count: Int) -> ArraySlice<UInt8> {
            copies[(offset % block.count)...].prefix(count)
        }
        var parser = MultipartParser(boundary: boundary)
        var received = 0
        var mismatches = 0
        var largestEvent = 0
        var ended = false
        func check(_ events: [MultipartEvent]) {
            for case .partBytes(let bytes) in events {
                largestEvent = max(largestEvent, bytes.count)
                if !same(bytes, expected(at: received, count: bytes.count)) { mismatches += 1 }
                received += bytes.count
            }
            ended = ended || events.contains(.partEnded)
        }
        check(try parser.feed(opening))
        for start in stride(from: 0, to: size, by: chunk) {
            check(try parser.feed(expected(at: start, count: min(chunk, size - start))))
        }
        check(try parser.feed(Array("\r\n--XyZ-42--\r\n".utf8)))
        try parser.finish()
        #expect(received == size)
        #expect(mismatches == 0)
        #expect(ended)
        #expect(largestEvent <= chunk + "\r\n--XyZ-42".utf8.count)
    }
}
