/// How a collector listens and what it accepts.
public struct CollectorConfiguration: Sendable {
    /// The address to listen on.
    public var host = "127.0.0.1"
    /// The port (0: any free port).
    public var port = 8080
    /// The largest submission body accepted, attachments included (bytes); larger ones get 413.
    public var maxBodyBytes = 64 << 20
    /// The largest response JSON accepted, as a body or a multipart `response` part (bytes).
    public var maxResponseBytes = 2 << 20
    /// The largest request head accepted (bytes); a larger one is refused and the connection closed.
    public var maxHeaderBytes = 32 << 10
    /// Submissions a second each token may make on average (0: no limit).
    public var rateLimit = 100.0
    /// How many submissions a token may make at once before the rate applies.
    public var rateBurst = 200.0
    /// How long a connection may stay idle before it is closed.
    public var idleTimeout: Duration = .seconds(60)
    /// How long a token read from the store is trusted before it is read again (so a revocation takes effect
    /// within this time).
    public var tokenRefresh: Duration = .seconds(1)
    /// How long SIGTERM waits for requests in progress before cancelling them.
    public var shutdownGrace: Duration = .seconds(30)
    /// The most responses written in one transaction; 1 gives one commit per request.
    public var maxBatch = 1024

    /// The defaults: 127.0.0.1:8080, 64 MiB bodies, 100 submissions a second per token.
    public init() {}
}
