public import Hummingbird
public import NIOCore

/// The request context of the collector's routes.
public struct CollectorContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection the request came on (`nil` in router tests without one).
    public let channel: (any Channel)?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
