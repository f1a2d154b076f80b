internal import CCurl
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One request in flight: its easy handle, what has been received, and where its body is read from.
///
/// libcurl calls back with `userdata` pointing here (passed unretained: the client keeps the transfer alive).
final class Transfer: @unchecked Sendable {
    private(set) var request: HTTPRequest
    private let configuration: HTTPClient.Configuration
    private let continuation: CheckedContinuation<Result<HTTPResponse, TransportError>, Never>
    private(set) var easy: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    /// libcurl writes its error detail here; it must stay at one address for the handle's life.
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    private var body = Data()
    private var headers: [(name: String, value: String)] = []
    private var redirects = 0
    private var completed = false
    /// Whether a status line has arrived for the current attempt.
    private var answerStarted = false
    // The multipart body being streamed: the segment being sent, the offset in it, and an open file.
    private var segments: [MultipartSegment] = []
    private var segmentIndex = 0
    private var segmentOffset = 0
    private var file: Int32 = -1
    fileprivate var readFailure: String?

    init(
        request: HTTPRequest, configuration: HTTPClient.Configuration,
        continuation: CheckedContinuation<Result<HTTPResponse, TransportError>, Never>
    ) {
        self.request = request
        self.configuration = configuration
        self.continuation = continuation
        // As in the client: only an exhausted memory makes this fail.
        guard let easy = curl_easy_init() else { fatalError("libcurl could not create an easy handle") }
        self.easy = easy
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        closeFile()
        // The handle may still point at the header list until it is cleaned up, so the list goes second.
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    var host: String { request.url.host ?? request.url.absoluteString }

    /// Sets the handle up for the request; returns why it cannot be sent, if it cannot.
    func prepare() -> TransportError? {
        guard let scheme = request.url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            request.url.host != nil
        else {
            return TransportError(
                code: .invalidURL, message: "\(request.url.absoluteString) is not an http or https URL")
        }
        // The method goes into the request line as it is: only an RFC 9110 token may.
        let tokenCharacters = Set("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        guard !request.method.isEmpty, request.method.allSatisfy(tokenCharacters.contains) else {
            return TransportError(code: .invalidHeader, message: "the request method is not a valid HTTP method")
        }
        var contentTypes: [String] = []
        switch request.body {
        case .bytes(_, let contentType): contentTypes = [contentType]
        case .multipart(let multipart): contentTypes = multipart.parts.map(\.contentType)
        case .none: break
        }
        if contentTypes.contains(where: { $0.contains(where: { $0.isNewline || $0 == "\0" }) }) {
            return TransportError(code: .invalidHeader, message: "a content type contains a line break")
        }
        // A line break would end the field early and smuggle in another (a token read from a file often ends
        // with one); the message names the field, never its value, which may be a token.
        if let field = request.headers.first(where: { ($0.name + $0.value).contains(where: \.isNewline) }) {
            let name = field.name.filter { !$0.isNewline }
            return TransportError(code: .invalidHeader, message: "the \(name) header contains a line break")
        }
        curl_easy_reset(easy)
        body = Data()
        headers = []
        answerStarted = false
        let userdata = Unmanaged.passUnretained(self).toOpaque()
        canvass_easy_setopt_string(easy, CURLOPT_URL, request.url.absoluteString)
        canvass_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        errorBuffer[0] = 0
        canvass_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer)
        canvass_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout))
        canvass_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.milliseconds(configuration.totalTimeout))
        canvass_easy_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, configuration.lowSpeedLimit)
        // libcurl counts the low-speed time in whole seconds, and 0 would turn the check off.
        let lowSpeedSeconds = max(1, (Self.milliseconds(configuration.lowSpeedTime) + 999) / 1000)
        canvass_easy_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, lowSpeedSeconds)
        canvass_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        canvass_easy_setopt_long(easy, CURLOPT_PIPEWAIT, 1)
        canvass_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0)
        canvass_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, configuration.insecure ? 0 : 1)
        canvass_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, configuration.insecure ? 0 : 2)
        if let caBundle = configuration.caBundle { canvass_easy_setopt_string(easy, CURLOPT_CAINFO, caBundle) }
        canvass_easy_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION, receiveBody)
        canvass_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, userdata)
        canvass_easy_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION, receiveHeader)
        canvass_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, userdata)

        var fields = request.headers.map { "\($0.name): \($0.value)" }
        // No "Expect: 100-continue" round trip: the collector answers a refused body early anyway.
        fields.append("Expect:")
        switch request.body {
        case .none:
            if request.method == "GET" {
                canvass_easy_setopt_long(easy, CURLOPT_HTTPGET, 1)
            } else if request.method == "HEAD" {
                // NOBODY, not a custom method: otherwise libcurl waits for the body a HEAD answer never has.
                canvass_easy_setopt_long(easy, CURLOPT_NOBODY, 1)
            } else {
                canvass_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method)
            }
        case .bytes(let data, let contentType):
            fields.append("Content-Type: \(contentType)")
            canvass_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(data.count))
            // COPYPOSTFIELDS: curl keeps its own copy, since it does not copy plain POSTFIELDS.
            _ = data.withUnsafeBytes { buffer in
                canvass_easy_setopt_pointer(
                    easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: buffer.baseAddress))
            }
            if request.method != "POST" { canvass_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method) }
        case .multipart(let multipart):
            guard let length = multipart.length() else {
                return TransportError(code: .readBody, message: "a file to send could not be read")
            }
            fields.append("Content-Type: \(multipart.contentType)")
            segments = multipart.segments
            segmentIndex = 0
            segmentOffset = 0
            closeFile()
            canvass_easy_setopt_long(easy, CURLOPT_POST, 1)
            canvass_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(length))
            canvass_easy_setopt_data_callback(easy, CURLOPT_READFUNCTION, sendBody)
            canvass_easy_setopt_pointer(easy, CURLOPT_READDATA, userdata)
            if request.method != "POST" { canvass_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method) }
        }
        curl_slist_free_all(headerList)
        headerList = nil
        for field in fields { headerList = curl_slist_append(headerList, field) }
        canvass_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList)
        return nil
    }

    /// Handles the end of a transfer. Returns the transfer itself when it must be sent again (a same-host
    /// redirect); otherwise completes it.
    func finish(_ code: CURLcode) -> Transfer? {
        guard code == CURLE_OK else {
            complete(.failure(error(for: code)))
            return nil
        }
        var status = 0
        canvass_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        var version = 0
        canvass_easy_getinfo_long(easy, CURLINFO_HTTP_VERSION, &version)
        let response = HTTPResponse(
            status: status, headers: headers, body: body,
            httpVersion: version == Int(CURL_HTTP_VERSION_2_0) ? "2" : "1.1")
        if status == 307 || status == 308, let location = response.header("location") {
            guard let target = URL(string: location, relativeTo: request.url)?.absoluteURL,
                target.host == request.url.host, target.scheme == request.url.scheme, target.port == request.url.port
            else {
                complete(
                    .failure(
                        TransportError(
                            code: .redirectElsewhere,
                            message: "\(host) redirected to another address; use that address instead")))
                return nil
            }
            redirects += 1
            guard redirects <= 5 else {
                complete(
                    .failure(TransportError(code: .tooManyRedirects, message: "\(host) redirected too many times")))
                return nil
            }
            request.url = target
            return self
        }
        complete(.success(response))
        return nil
    }

    func complete(_ result: Result<HTTPResponse, TransportError>) {
        guard !completed else { return }
        completed = true
        closeFile()
        continuation.resume(returning: result)
    }

    private func error(for code: CURLcode) -> TransportError {
        let detail = Self.text(errorBuffer).trimmingCharacters(in: .whitespacesAndNewlines)
        let reason = detail.isEmpty ? curl_easy_strerror(code).map(Self.text) ?? "error \(code.rawValue)" : detail
        // The system's error number says what happened in words of our own; libcurl's text varies by version
        // ("Connection refused" in some, "Couldn't connect to server" in others).
        var osError = 0
        canvass_easy_getinfo_long(easy, CURLINFO_OS_ERRNO, &osError)
        let wasReset =
            [ECONNRESET, EPIPE].contains(Int32(truncatingIfNeeded: osError))
            || reason.lowercased().contains("reset by peer")
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return TransportError(code: .resolve, message: "could not find \(host): check the address")
        case CURLE_COULDNT_CONNECT:
            let why = Self.connectFailure(osError, reason: reason)
            return TransportError(code: .connect, message: "could not connect to \(host): \(why)")
        case CURLE_SEND_ERROR where wasReset, CURLE_RECV_ERROR where wasReset, CURLE_SSL_CONNECT_ERROR where wasReset:
            let when = answerStarted ? "while the answer was arriving" : "before an answer arrived"
            return TransportError(code: .reset, message: "the connection to \(host) was reset \(when)")
        case CURLE_OPERATION_TIMEDOUT:
            return TransportError(code: .timeout, message: "\(host) took too long to answer (\(reason))")
        case CURLE_GOT_NOTHING:
            return TransportError(code: .reset, message: "\(host) closed the connection without answering")
        case CURLE_SEND_ERROR:
            return TransportError(code: .send, message: "the connection to \(host) failed while sending (\(reason))")
        case CURLE_RECV_ERROR, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return TransportError(
                code: .receive, message: "the connection to \(host) failed while receiving (\(reason))")
        case CURLE_SSL_CONNECT_ERROR:
            // A failed handshake is not a certificate problem: often the server does not speak TLS at all.
            return TransportError(
                code: .handshake, message: "could not make a secure connection to \(host) (\(reason))")
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM:
            return TransportError(
                code: .tls,
                message: "the certificate of \(host) could not be verified (\(reason)); check the address "
                    + "or give the CA bundle with --ca-bundle")
        case CURLE_ABORTED_BY_CALLBACK, CURLE_READ_ERROR:
            return TransportError(code: .readBody, message: readFailure ?? "a file to send could not be read")
        default:
            return TransportError(code: .other, message: "the request to \(host) failed: \(reason)")
        }
    }

    /// Why a connection could not be made, from the system's error number (or libcurl's text).
    private static func connectFailure(_ osError: Int, reason: String) -> String {
        switch Int32(truncatingIfNeeded: osError) {
        case ECONNREFUSED: return "connection refused"
        case ETIMEDOUT: return "no answer"
        case EHOSTUNREACH, ENETUNREACH: return "no route to it; check the network"
        default: return reason.lowercased().contains("refused") ? "connection refused" : reason
        }
    }

    /// Fills `buffer` with the next bytes of the multipart body; 0 at the end.
    fileprivate func read(into buffer: UnsafeMutableRawPointer, capacity: Int) -> Int {
        var written = 0
        while written < capacity, segmentIndex < segments.count {
            switch segments[segmentIndex] {
            case .bytes(let data):
                let count = min(capacity - written, data.count - segmentOffset)
                data.withUnsafeBytes { source in
                    guard let base = source.baseAddress else { return }
                    (buffer + written).copyMemory(from: base + segmentOffset, byteCount: count)
                }
                written += count
                segmentOffset += count
                if segmentOffset == data.count { nextSegment() }
            case .file(let path):
                if file < 0 {
                    file = open(path, O_RDONLY | O_CLOEXEC)
                    if file < 0 {
                        readFailure = "could not open \(path) to send it"
                        return Int(CURL_READFUNC_ABORT)
                    }
                }
                let count = systemRead(file, buffer + written, capacity - written)
                if count < 0 {
                    readFailure = "could not read \(path) to send it"
                    return Int(CURL_READFUNC_ABORT)
                }
                if count == 0 {
                    closeFile()
                    nextSegment()
                } else {
                    written += count
                }
            }
        }
        return written
    }

    private func nextSegment() {
        segmentIndex += 1
        segmentOffset = 0
    }

    private func closeFile() {
        if file >= 0 { close(file) }
        file = -1
    }

    fileprivate func append(body bytes: UnsafeRawBufferPointer) { body.append(contentsOf: bytes) }

    fileprivate func append(headerLine line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("HTTP/") {
            answerStarted = true
            headers = []  // a new response (after 100 Continue, or a redirect): keep only the last one's fields
        } else if let colon = trimmed.firstIndex(of: ":") {
            let name = trimmed[..<colon].lowercased()
            let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append((name, value))
        }
    }

    /// A C string as text, invalid UTF-8 replaced.
    private static func text(_ pointer: UnsafePointer<CChar>) -> String {
        let length = strlen(pointer)
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}

#if canImport(Glibc)
    private let systemRead = Glibc.read
#else
    private let systemRead = Darwin.read
#endif

// libcurl's callbacks: C function pointers, so they capture nothing and find their transfer through `userdata`.

private let receiveBody: canvass_data_callback = { buffer, size, count, userdata in
    guard let buffer, let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    transfer.append(body: UnsafeRawBufferPointer(start: buffer, count: size * count))
    return size * count
}

private let receiveHeader: canvass_data_callback = { buffer, size, count, userdata in
    guard let buffer, let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: buffer, count: size * count)
    transfer.append(headerLine: String(decoding: bytes, as: UTF8.self))
    return size * count
}

private let sendBody: canvass_data_callback = { buffer, size, count, userdata in
    guard let buffer, let userdata else { return Int(CURL_READFUNC_ABORT) }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    return transfer.read(into: buffer, capacity: size * count)
}
