/// Why a request failed before a response arrived, in words a user understands, and whether trying again may help.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    /// The kinds of failure; kept private so new kinds break nobody.
    enum Code: Sendable, Equatable {
        case resolve, connect, timeout, reset, send, receive
        case tls, handshake, tooManyRedirects, redirectElsewhere, invalidURL, readBody, invalidHeader, other
    }

    let code: Code
    /// What happened, naming the host but never a token or an answer.
    public let message: String

    /// Whether trying again later may succeed (connect failures, timeouts, resets).
    ///
    /// A timeout after the body was sent is ambiguous: the server may have stored it. That is safe to retry only
    /// because every submission carries its id and the collector is idempotent.
    public var isRetryable: Bool {
        switch code {
        case .resolve, .connect, .timeout, .reset, .send, .receive: true
        case .tls, .handshake, .tooManyRedirects, .redirectElsewhere, .invalidURL, .readBody, .invalidHeader, .other:
            false
        }
    }

    /// Whether the peer's TLS certificate could not be verified.
    public var isCertificateProblem: Bool { code == .tls }

    public var description: String { message }
}
