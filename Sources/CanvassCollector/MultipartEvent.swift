/// What a `MultipartParser` found in the bytes it was fed.
enum MultipartEvent: Equatable, Sendable {
    /// A part's headers were read; its content follows.
    case partBegan(MultipartPartHead)
    /// Some of the current part's content, in order.
    case partBytes([UInt8])
    /// The current part's content is complete.
    case partEnded
}

/// What a part's headers say about it.
struct MultipartPartHead: Equatable, Sendable {
    /// The form field, from `Content-Disposition: form-data; name="…"`.
    var name: String
    /// The file name the client gave (as sent, possibly empty or with a path); nil if the part is not a file.
    var fileName: String?
    /// The part's `Content-Type`, if it has one.
    var contentType: String?
}

/// Why a `multipart/form-data` body could not be read, in words a client can act on; it never quotes the body.
struct MultipartError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The kinds of failure; private so new ones break nobody.
    private enum Code: Equatable, Sendable {
        case invalidBoundary
        case noBoundary
        case unexpectedEnd
        case malformedBoundaryLine
        case headerTooLarge(limit: Int)
        case tooManyParts(limit: Int)
        case malformedHeader
        case duplicateHeader
        case malformedDisposition
        case notFormData
        case missingName
    }

    /// Which failure this is.
    private let code: Code

    /// The boundary in `Content-Type` is not one RFC 2046 allows.
    static let invalidBoundary = MultipartError(code: .invalidBoundary)
    /// The boundary in `Content-Type` never appears in the body.
    static let noBoundary = MultipartError(code: .noBoundary)
    /// The body stopped before its closing boundary.
    static let unexpectedEnd = MultipartError(code: .unexpectedEnd)
    /// A boundary is followed by something other than a line break or `--`.
    static let malformedBoundaryLine = MultipartError(code: .malformedBoundaryLine)
    /// A part's header block is longer than `limit` bytes.
    static func headerTooLarge(limit: Int) -> MultipartError { MultipartError(code: .headerTooLarge(limit: limit)) }
    /// The body has more than `limit` parts.
    static func tooManyParts(limit: Int) -> MultipartError { MultipartError(code: .tooManyParts(limit: limit)) }
    /// A part has a header line that is not `Name: value` ending in CRLF.
    static let malformedHeader = MultipartError(code: .malformedHeader)
    /// A part repeats its `Content-Disposition` or `Content-Type` header.
    static let duplicateHeader = MultipartError(code: .duplicateHeader)
    /// A part's `Content-Disposition` cannot be read as a type and parameters.
    static let malformedDisposition = MultipartError(code: .malformedDisposition)
    /// A part's `Content-Disposition` type is not `form-data`.
    static let notFormData = MultipartError(code: .notFormData)
    /// A part has no `Content-Disposition` with a non-empty `name`.
    static let missingName = MultipartError(code: .missingName)

    /// The failure in plain words, naming no content of the body.
    var description: String {
        switch code {
        case .invalidBoundary:
            "the multipart boundary in Content-Type must be 1 to 70 letters, digits, spaces or '()+_,-./:=? "
                + "and must not end with a space"
        case .noBoundary:
            "the body does not contain the multipart boundary named in its Content-Type header"
        case .unexpectedEnd:
            "the multipart body ended before its closing boundary"
        case .malformedBoundaryLine:
            "a multipart boundary in the body is followed by something other than a line break or \"--\""
        case .headerTooLarge(let limit):
            "the headers of a multipart part are longer than \(limit) bytes"
        case .tooManyParts(let limit):
            "the multipart body has more than \(limit) parts"
        case .malformedHeader:
            "a multipart part has a header line that is not \"Name: value\" ending with CRLF"
        case .duplicateHeader:
            "a multipart part has more than one Content-Disposition or Content-Type header"
        case .malformedDisposition:
            "a multipart part's Content-Disposition header is not of the form: form-data; name=\"…\""
        case .notFormData:
            "a multipart part's Content-Disposition is not form-data"
        case .missingName:
            "a multipart part has no Content-Disposition header with a name"
        }
    }
}
