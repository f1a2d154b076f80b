public import Hummingbird

/// The request context of the collector's routes.
public struct CollectorContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}
