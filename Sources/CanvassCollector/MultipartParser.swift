import Foundation

/// A streaming reader of a `multipart/form-data` body (RFC 7578, RFC 2046) that turns chunks of bytes into events.
///
/// Feed it bytes as they arrive, split anywhere. A part's content comes out as it arrives, holding back only the
/// bytes that could begin a boundary, so memory stays bounded by the chunk size plus the boundary length.
/// The preamble before the first boundary and the epilogue after the closing one are ignored.
struct MultipartParser: Sendable {
    /// Where the parser is in the body.
    private enum State: Sendable {
        /// Before the first boundary: bytes are discarded.
        case preamble
        /// Just after a boundary: expecting `--`, or optional spaces and a line break.
        case boundaryLine(BoundaryLine)
        /// Reading a part's header lines.
        case headers
        /// Reading a part's content.
        case content
        /// After the closing boundary: bytes are discarded.
        case epilogue
        /// After an error: every further call throws it again.
        case failed(MultipartError)
    }

    /// How much of the rest of a boundary line has been read.
    private enum BoundaryLine: Sendable {
        /// Nothing yet.
        case start
        /// The first `-` of a closing `--`.
        case firstDash
        /// This many spaces or tabs (RFC 2046 "transport padding").
        case padding(Int)
        /// The carriage return of the line break.
        case carriageReturn
    }

    /// The most transport padding accepted after a boundary; more is surely not a real client.
    private static let maximumPadding = 256

    /// `CRLF--boundary`: the delimiter that ends a part's content.
    private let delimiter: [UInt8]
    /// The most bytes a part's header block may take, line breaks included.
    private let maximumHeaderBytes: Int
    /// The most parts a body may have.
    private let maximumParts: Int
    /// Where the parser is.
    private var state: State
    /// How many bytes of `delimiter` the end of the input matched so far; they are held back until resolved.
    private var matched: Int
    /// The header line being read, without its line break.
    private var headerLine: [UInt8] = []
    /// The complete header lines of the current part, folded lines joined.
    private var headerLines: [[UInt8]] = []
    /// The bytes of the current part's header block read so far.
    private var headerBytes = 0
    /// The parts begun so far.
    private var partCount = 0

    /// A parser for a body whose parts are separated by `boundary` (from the request's `Content-Type`).
    ///
    /// A boundary that RFC 2046 does not allow (1 to 70 characters) makes the first `feed` throw. The limits bound
    /// what one request can make the collector hold: the bytes of one part's header block, and the number of parts.
    init(boundary: String, maximumHeaderBytes: Int = 16 * 1024, maximumParts: Int = 1000) {
        delimiter = Array("\r\n--\(boundary)".utf8)
        self.maximumHeaderBytes = maximumHeaderBytes
        self.maximumParts = maximumParts
        state = Self.isValidBoundary(boundary) ? .preamble : .failed(.invalidBoundary)
        // The body may open with the boundary itself, with no line break before it: act as if one was seen.
        matched = 2
    }

    /// The boundary named by a `multipart/form-data` content type, or nil if it is another type or has none.
    ///
    /// The media type and parameter name are matched case-insensitively; the value may be quoted or not.
    static func boundary(fromContentType contentType: String) -> String? {
        guard let header = HeaderParameters(Array(contentType.utf8)),
            header.value.lowercased() == "multipart/form-data",
            let boundary = header.parameters["boundary"], isValidBoundary(boundary)
        else { return nil }
        return boundary
    }

    /// Whether `boundary` is 1 to 70 of the characters RFC 2046 allows, not ending in a space.
    static func isValidBoundary(_ boundary: String) -> Bool {
        let bytes = Array(boundary.utf8)
        guard (1...70).contains(bytes.count), bytes.last != ASCII.space else { return false }
        return bytes.allSatisfy(ASCII.isBoundaryCharacter)
    }

    /// Reads the next chunk of the body, which may be split at any byte, and returns what it completed.
    ///
    /// Consecutive content bytes within one call come out as a single `partBytes` event.
    mutating func feed(_ bytes: some Collection<UInt8>) throws(MultipartError) -> [MultipartEvent] {
        let outcome =
            bytes.withContiguousStorageIfAvailable { consume($0) }
            ?? Array(bytes).withUnsafeBufferPointer { consume($0) }
        return try outcome.get()
    }

    /// Checks the body is complete: it throws if the closing boundary was not seen.
    mutating func finish() throws(MultipartError) {
        switch state {
        case .epilogue:
            return
        case .failed(let error):
            throw error
        case .preamble:
            state = .failed(.noBoundary)
            throw .noBoundary
        case .boundaryLine, .headers, .content:
            state = .failed(.unexpectedEnd)
            throw .unexpectedEnd
        }
    }

    /// Reads `input` from the current state to its end.
    private mutating func consume(_ input: UnsafeBufferPointer<UInt8>) -> Result<[MultipartEvent], MultipartError> {
        if case .failed(let error) = state { return .failure(error) }
        var events: [MultipartEvent] = []
        var index = 0
        do throws(MultipartError) {
            while index < input.count {
                switch state {
                case .preamble:
                    index = scanForDelimiter(input, from: index, keeping: false, into: &events)
                case .content:
                    index = scanForDelimiter(input, from: index, keeping: true, into: &events)
                case .boundaryLine(let progress):
                    index = try readBoundaryLine(input, from: index, progress: progress)
                case .headers:
                    index = try readHeaders(input, from: index, into: &events)
                case .epilogue:
                    index = input.count
                case .failed(let error):
                    throw error
                }
            }
        } catch {
            state = .failed(error)
            return .failure(error)
        }
        return .success(events)
    }

    /// Looks for the delimiter, emitting the bytes before it as content if `keeping`; returns where it stopped.
    ///
    /// Only a `CR` can start the delimiter (boundary characters exclude it), so the search jumps from one `CR` to
    /// the next with `memchr` and a failed match never needs to back up: the scan is linear.
    private mutating func scanForDelimiter(
        _ input: UnsafeBufferPointer<UInt8>, from start: Int, keeping: Bool, into events: inout [MultipartEvent]
    ) -> Int {
        var index = start
        if matched > 0 {
            while matched < delimiter.count, index < input.count, input[index] == delimiter[matched] {
                matched += 1
                index += 1
            }
            if matched == delimiter.count {
                delimiterFound(into: &events)
                return index
            }
            if index == input.count { return index }
            // The held-back bytes were not a delimiter after all; only the first is a CR, so none can start one.
            if keeping { Self.emit(delimiter[..<matched], into: &events) }
            matched = 0
        }
        let segmentStart = index
        while let carriageReturn = Self.first(ASCII.carriageReturn, in: input, from: index) {
            let available = min(input.count - carriageReturn, delimiter.count)
            var length = 0
            while length < available, input[carriageReturn + length] == delimiter[length] { length += 1 }
            if length == delimiter.count || carriageReturn + length == input.count {
                if keeping {
                    Self.emit(UnsafeBufferPointer(rebasing: input[segmentStart..<carriageReturn]), into: &events)
                }
                if length == delimiter.count {
                    delimiterFound(into: &events)
                } else {
                    matched = length
                }
                return carriageReturn + length
            }
            index = carriageReturn + 1
        }
        if keeping { Self.emit(UnsafeBufferPointer(rebasing: input[segmentStart...]), into: &events) }
        return input.count
    }

    /// Ends the current part, if any, and starts reading the rest of the boundary line.
    private mutating func delimiterFound(into events: inout [MultipartEvent]) {
        if case .content = state { events.append(.partEnded) }
        matched = 0
        state = .boundaryLine(.start)
    }

    /// Reads what follows a boundary: `--` closes the body; optional padding and CRLF open a part.
    private mutating func readBoundaryLine(
        _ input: UnsafeBufferPointer<UInt8>, from start: Int, progress: BoundaryLine
    ) throws(MultipartError) -> Int {
        var progress = progress
        var index = start
        while index < input.count {
            let byte = input[index]
            index += 1
            switch (progress, byte) {
            case (.start, ASCII.dash):
                progress = .firstDash
            case (.firstDash, ASCII.dash):
                state = .epilogue
                return index
            case (.start, ASCII.space), (.start, ASCII.tab):
                progress = .padding(1)
            case (.padding(let count), ASCII.space), (.padding(let count), ASCII.tab):
                guard count < Self.maximumPadding else { throw .malformedBoundaryLine }
                progress = .padding(count + 1)
            case (.start, ASCII.carriageReturn), (.padding, ASCII.carriageReturn):
                progress = .carriageReturn
            case (.carriageReturn, ASCII.lineFeed):
                partCount += 1
                guard partCount <= maximumParts else { throw .tooManyParts(limit: maximumParts) }
                headerLines.removeAll()
                headerBytes = 0
                state = .headers
                return index
            default:
                throw .malformedBoundaryLine
            }
        }
        state = .boundaryLine(progress)
        return index
    }

    /// Reads header lines up to the empty line that ends the block, then emits the part's head.
    private mutating func readHeaders(
        _ input: UnsafeBufferPointer<UInt8>, from start: Int, into events: inout [MultipartEvent]
    ) throws(MultipartError) -> Int {
        var index = start
        while index < input.count {
            let lineFeed = Self.first(ASCII.lineFeed, in: input, from: index)
            let end = lineFeed ?? input.count
            headerBytes += end - index + (lineFeed == nil ? 0 : 1)
            guard headerBytes <= maximumHeaderBytes else { throw .headerTooLarge(limit: maximumHeaderBytes) }
            headerLine.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<end]))
            guard lineFeed != nil else { return input.count }
            index = end + 1
            guard headerLine.last == ASCII.carriageReturn else { throw .malformedHeader }
            headerLine.removeLast()
            guard !headerLine.contains(ASCII.carriageReturn) else { throw .malformedHeader }
            if headerLine.isEmpty {
                events.append(.partBegan(try Self.head(from: headerLines)))
                state = .content
                return index
            }
            if ASCII.isWhitespace(headerLine[0]) {
                // An obsolete folded line continues the one before it (RFC 5322).
                guard !headerLines.isEmpty else { throw .malformedHeader }
                headerLines[headerLines.count - 1].append(ASCII.space)
                headerLines[headerLines.count - 1].append(contentsOf: ASCII.trimmed(headerLine[...]))
            } else {
                headerLines.append(headerLine)
            }
            headerLine.removeAll(keepingCapacity: true)
        }
        return index
    }

    /// The name, file name and content type a part's header lines give it.
    private static func head(from lines: [[UInt8]]) throws(MultipartError) -> MultipartPartHead {
        var disposition: [UInt8]?
        var contentType: String?
        for line in lines {
            guard let colon = line.firstIndex(of: ASCII.colon) else { throw .malformedHeader }
            let value = ASCII.trimmed(line[(colon + 1)...])
            switch String(decoding: ASCII.trimmed(line[..<colon]), as: UTF8.self).lowercased() {
            case "content-disposition":
                guard disposition == nil else { throw .duplicateHeader }
                disposition = Array(value)
            case "content-type":
                guard contentType == nil else { throw .duplicateHeader }
                contentType = String(decoding: value, as: UTF8.self)
            default:
                continue
            }
        }
        guard let disposition else { throw .missingName }
        guard let header = HeaderParameters(disposition) else { throw .malformedDisposition }
        guard header.value.lowercased() == "form-data" else { throw .notFormData }
        guard let name = header.parameters["name"], !name.isEmpty else { throw .missingName }
        return MultipartPartHead(
            name: name, fileName: header.parameters["filename"], contentType: contentType == "" ? nil : contentType)
    }

    /// Appends content to `events`, joining it to a `partBytes` event just before so content stays in one piece.
    private static func emit(_ bytes: some Collection<UInt8>, into events: inout [MultipartEvent]) {
        guard !bytes.isEmpty else { return }
        if case .partBytes(var last)? = events.last {
            events.removeLast()
            last.append(contentsOf: bytes)
            events.append(.partBytes(last))
        } else {
            events.append(.partBytes(Array(bytes)))
        }
    }

    /// The index of the first `byte` in `input` from `start`, found with `memchr`, if any.
    private static func first(_ byte: UInt8, in input: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < input.count, let base = input.baseAddress,
            let found = memchr(base + start, Int32(byte), input.count - start)
        else { return nil }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
    }
}

/// A header value of the form `type; key=value; key="quoted \"value\""` (RFC 9110 section 5.6).
private struct HeaderParameters {
    /// The part before the first `;`, such as `form-data` or `multipart/form-data`.
    var value: String
    /// The parameters, keyed by lowercased name, values unquoted.
    var parameters: [String: String] = [:]

    /// The value and parameters of `bytes`, or nil if they cannot be read or a parameter is repeated.
    init?(_ bytes: [UInt8]) {
        var index = bytes.firstIndex(of: ASCII.semicolon) ?? bytes.count
        value = String(decoding: ASCII.trimmed(bytes[..<index]), as: UTF8.self)
        guard !value.isEmpty else { return nil }
        while index < bytes.count {
            index += 1  // past the `;`
            index = ASCII.skipWhitespace(in: bytes, from: index)
            guard index < bytes.count else { break }
            let nameEnd = bytes[index...].firstIndex { $0 == ASCII.equals || $0 == ASCII.semicolon } ?? bytes.count
            let name = String(decoding: ASCII.trimmed(bytes[index..<nameEnd]), as: UTF8.self).lowercased()
            guard !name.isEmpty, nameEnd < bytes.count, bytes[nameEnd] == ASCII.equals else { return nil }
            index = ASCII.skipWhitespace(in: bytes, from: nameEnd + 1)
            let parameter: [UInt8]
            if index < bytes.count, bytes[index] == ASCII.quote {
                guard let (unquoted, end) = Self.quotedString(in: bytes, from: index) else { return nil }
                parameter = unquoted
                index = ASCII.skipWhitespace(in: bytes, from: end)
                guard index == bytes.count || bytes[index] == ASCII.semicolon else { return nil }
            } else {
                let end = bytes[index...].firstIndex(of: ASCII.semicolon) ?? bytes.count
                parameter = Array(ASCII.trimmed(bytes[index..<end]))
                index = end
            }
            guard parameters[name] == nil else { return nil }
            parameters[name] = String(decoding: parameter, as: UTF8.self)
        }
    }

    /// The content of the quoted string opening at `start`, backslash escapes undone, and the index after it.
    private static func quotedString(in bytes: [UInt8], from start: Int) -> ([UInt8], Int)? {
        var unquoted: [UInt8] = []
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case ASCII.quote:
                return (unquoted, index + 1)
            case ASCII.backslash:
                guard index + 1 < bytes.count else { return nil }
                unquoted.append(bytes[index + 1])
                index += 2
            default:
                unquoted.append(bytes[index])
                index += 1
            }
        }
        return nil
    }
}

/// The bytes the multipart syntax is made of.
private enum ASCII {
    /// Horizontal tab.
    static let tab: UInt8 = 0x09
    /// Line feed, the end of a line.
    static let lineFeed: UInt8 = 0x0A
    /// Carriage return, which starts every line break and so every delimiter.
    static let carriageReturn: UInt8 = 0x0D
    /// Space.
    static let space: UInt8 = 0x20
    /// `"`, around a quoted string.
    static let quote: UInt8 = 0x22
    /// `-`, of `--boundary` and `--boundary--`.
    static let dash: UInt8 = 0x2D
    /// `:`, between a header's name and value.
    static let colon: UInt8 = 0x3A
    /// `;`, between header parameters.
    static let semicolon: UInt8 = 0x3B
    /// `=`, between a parameter's name and value.
    static let equals: UInt8 = 0x3D
    /// `\`, which escapes the next byte of a quoted string.
    static let backslash: UInt8 = 0x5C

    /// Whether `byte` is a space or a tab.
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// Whether `byte` may appear in a boundary: RFC 2046's `bchars`.
    static func isBoundaryCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default:
            Array("'()+_,-./:=? ".utf8).contains(byte)
        }
    }

    /// `bytes` without spaces and tabs at either end.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard let first = bytes.firstIndex(where: { !isWhitespace($0) }),
            let last = bytes.lastIndex(where: { !isWhitespace($0) })
        else { return [] }
        return bytes[first...last]
    }

    /// The first index from `start` that is not a space or a tab.
    static func skipWhitespace(in bytes: [UInt8], from start: Int) -> Int {
        bytes[start...].firstIndex { !isWhitespace($0) } ?? bytes.count
    }
}
