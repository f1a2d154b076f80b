import Hummingbird
import Logging

/// One log line per request (and a JSON 404 for addresses with no route): method, path (never the query, which may hold a token), status, time taken and the
/// public id of the token presented (never its secret). Bodies, and so answers, are never logged.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = CollectorContext

    func handle(
        _ request: Request, context: CollectorContext, next: (Request, CollectorContext) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - start
            let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3
            context.logger.info(
                "\(request.method) \(request.uri.path) \(status)",
                metadata: ["ms": "\((milliseconds * 10).rounded() / 10)", "token": "\(tokenID(request) ?? "-")"])
        }
        // Only submissions read a body; any other request that brings one has its connection's input closed after
        // the answer, so the collector is never made to read (and throw away) an unlimited body.
        let unreadBody =
            !(request.method == .post
            && (request.uri.path.hasSuffix("/responses") || request.uri.path.hasSuffix("/fill")))
            && (request.headers[.contentLength].map { $0 != "0" } ?? (request.headers[.transferEncoding] != nil))
        do {
            let response = try await next(request, context)
            status = response.status.code
            return unreadBody ? Collector.closingInput(response, channel: context.channel) : response
        } catch let error as any HTTPResponseError {
            status = error.status.code
            // No route: a JSON answer like every other, naming what there is.
            if error.status == .notFound {
                let response = Collector.error(
                    .notFound,
                    "there is nothing at \(request.method) \(request.uri.path); the collector answers GET /healthz, "
                        + "GET /forms, GET /forms/FORM, POST and GET /forms/FORM/responses, GET and POST /forms/FORM/fill"
                )
                return unreadBody ? Collector.closingInput(response, channel: context.channel) : response
            }
            throw error
        }
    }
}

/// The public id of the token in the request's Authorization header (or the questionnaire's cookie), if it holds
/// one in the token format.
private func tokenID(_ request: Request) -> String? {
    if let header = request.headers[.authorization], header.count > 7 { return TokenText(header.dropFirst(7))?.id }
    return request.cookies[Collector.tokenCookie].flatMap { TokenText($0.value)?.id }
}
