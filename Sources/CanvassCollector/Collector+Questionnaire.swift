import CanvassForms
import CanvassQuestionnaires
import CanvassResponses
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The web questionnaire served by the collector: `GET /forms/{form}/fill` shows it to a provider with a submitter
/// token, `POST /forms/{form}/fill` takes its answers as a browser posts them (with or without JavaScript).
///
/// The token comes on the link the council sends (`?token=`); the collector keeps it in an HttpOnly cookie
/// (SameSite=Lax, so another site cannot post with it) and redirects to the same address without it, so the token
/// stays out of the address bar and history. Posts are checked by the one validator; a page with problems comes
/// back with the answers as typed, an error summary and each message beside its question.
extension Collector {
    static let tokenCookie = "canvass_token"

    func showQuestionnaire(_ request: Request, context: CollectorContext) async -> Response {
        let formID = context.parameters.get("form") ?? ""
        guard let served = forms[formID] else { return Self.unknownFormPage(formID) }
        let address = "/forms/\(formID)/fill"
        if let given = request.uri.queryParameters["token"].map(String.init) {
            switch await browserToken(given, form: formID) {
            case .refused(let page): return page
            case .allowed:
                var response = Response(status: .seeOther, headers: [.location: address, .cacheControl: "no-store"])
                // Behind a TLS proxy (which says so in X-Forwarded-Proto), the cookie goes only over TLS.
                let secure =
                    request.head.scheme == "https"
                    || request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
                // One cookie per form (a provider may hold keys for several), for a working day.
                response.setCookie(
                    Cookie(
                        name: Self.tokenCookie, value: given, maxAge: 12 * 3600, path: "/forms/\(formID)/",
                        secure: secure, httpOnly: true, sameSite: .lax))
                return response
            }
        }
        let token: TokenRecord
        switch await cookieToken(
            request, form: formID, withoutOne: "Open the link you were sent",
            "This questionnaire is for organisations the council has asked. Open the link in the message you were "
                + "sent, or enter the access key from it.")
        {
        case .refused(let page): return page
        case .allowed(let record): token = record
        }
        let state = WebQuestionnaire.PageState(
            action: address, tokenID: token.id, organisation: token.organisation)
        return Self.page(.ok, WebQuestionnaire(form: served.form, state: state).page())
    }

    func receiveQuestionnaire(_ request: Request, context: CollectorContext) async -> Response {
        var bodyRead = false
        let response = await receiveQuestionnaire(request, context: context, bodyRead: &bodyRead)
        // As for submissions: a post refused before its body was read closes the connection's input.
        return bodyRead ? response : Self.closingInput(response, channel: context.channel)
    }

    private func receiveQuestionnaire(
        _ request: Request, context: CollectorContext, bodyRead: inout Bool
    ) async -> Response {
        let formID = context.parameters.get("form") ?? ""
        guard let served = forms[formID] else { return Self.unknownFormPage(formID) }
        let address = "/forms/\(formID)/fill"
        // A browser says where a post comes from; one from another site (or an opaque "null" origin) is refused
        // whatever cookie it brings. (The pages' Referrer-Policy, same-origin, keeps the browser's own posts named.)
        if let origin = request.headers[.origin] {
            // Behind a proxy that passes its own Host, X-Forwarded-Host names the site (a browser cannot set it).
            let authority =
                request.headers[HTTPField.Name("X-Forwarded-Host")!].flatMap {
                    $0.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
                } ?? request.head.authority
            guard let authority, origin == "http://\(authority)" || origin == "https://\(authority)" else {
                return Self.page(
                    .forbidden,
                    WebPages.message(
                        title: "This page was sent from another website",
                        paragraphs: ["Open the questionnaire from the link you were sent and send it from there."]))
            }
        }
        let token: TokenRecord
        switch await cookieToken(
            request, form: formID, withoutOne: "Your session has ended",
            "Open the link you were sent again. Nothing was sent. If you filled the page in on this computer, your "
                + "answers come back when you open the link.")
        {
        case .refused(let page): return page
        case .allowed(let record): token = record
        }
        if let wait = limiter.take(token.id) {
            var response = Self.page(
                .tooManyRequests,
                WebPages.message(
                    title: "Too many attempts", paragraphs: ["Wait \(wait) seconds, then go back and send again."]))
            response.headers[.retryAfter] = String(wait)
            return response
        }
        let form = served.form
        let fields: WebFields
        var uploads: [Upload] = []
        // Files that arrived stay in tmp/ until the response is accepted; whatever was not placed is removed.
        defer { for upload in uploads { upload.discard() } }
        let contentType = request.headers[.contentType] ?? ""
        if contentType.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            var body: [UInt8] = []
            do {
                for try await chunk in request.body {
                    guard body.count + chunk.readableBytes <= configuration.maxResponseBytes else {
                        return Self.tooLargePage(configuration.maxResponseBytes)
                    }
                    body.append(contentsOf: chunk.readableBytesView)
                }
                bodyRead = true
            } catch {
                return Self.error(.badRequest, "the request body could not be read")
            }
            fields = WebFields(urlEncoded: body)
        } else if contentType.lowercased().hasPrefix("multipart/form-data"),
            let boundary = MultipartParser.boundary(fromContentType: contentType)
        {
            // A page with a file question posts multipart: its fields, and each chosen file streamed to the store.
            do {
                let content = try await readMultipart(request.body, boundary: boundary) { head, content in
                    guard let sent = head.fileName else { return .field }
                    guard !sent.isEmpty, let (question, _) = WebFields.question(ofField: head.name, in: form),
                        question.type == .file
                    else { return .skip }
                    // Each attachment of a response has its own name: a second file called the same takes its
                    // field's name in front (and a number, if even that is taken).
                    let plain = WebFields.fileName(sent)
                    var name = plain
                    var attempt = 1
                    while content.uploads.contains(where: { $0.name == name }) {
                        name = "\(head.name)\(attempt == 1 ? "" : "-\(attempt)")-\(plain)"
                        attempt += 1
                    }
                    return .file(name)
                }
                uploads = content.uploads
                fields = WebFields(content.fields.map { ($0.name, String(decoding: $0.value, as: UTF8.self)) })
                bodyRead = true
            } catch let refusal as Refusal {
                bodyRead = refusal.bodyConsumed
                return refusal.status == .contentTooLarge
                    ? Self.tooLargePage(configuration.maxBodyBytes) : refusal.response
            } catch {
                return Self.error(.badRequest, "the request body could not be read")
            }
        } else {
            return Self.error(
                .unsupportedMediaType,
                "the questionnaire posts application/x-www-form-urlencoded (or multipart/form-data with files); "
                    + "responses as JSON go to POST /forms/\(formID)/responses")
        }
        // A page is answered for the access key it was shown with: opened later with another key (another
        // organisation's, in the same browser), its answers are not filed under that one.
        guard fields.value("canvass-token") == token.id else {
            return Self.page(
                .conflict,
                WebPages.message(
                    title: "This page was opened with a different access key",
                    paragraphs: [
                        "Another access key has been used in this browser since this page was opened, so these "
                            + "answers were not sent: they might be filed under the wrong organisation. Open your "
                            + "own link again and send the page from there."
                    ]))
        }
        var state = WebQuestionnaire.PageState(
            action: address, responseID: fields.responseID ?? CanvassResponses.Response.newID(), fields: fields,
            entries: fields.entries(for: form), deprecates: fields.deprecates, tokenID: token.id,
            organisation: token.organisation)
        switch fields.action {
        case .add(let section):
            // Without JavaScript, "Add another" comes here: the page again, with one more entry.
            if let rule = form.section(section)?.repeatRule {
                let numbers = state.entries[section] ?? []
                if numbers.count < rule.maximum ?? .max {
                    state.entries[section] = numbers + [(numbers.max() ?? 0) + 1]
                }
            }
            return Self.page(.ok, WebQuestionnaire(form: form, state: state).page())
        case .remove(let section, let entry):
            state.entries[section]?.removeAll { $0 == entry }
            return Self.page(.ok, WebQuestionnaire(form: form, state: state).page())
        case .send:
            break
        }
        return await send(fields, uploads: uploads, state: state, served: served, token: token)
    }

    /// Sends the page's answers: the confirmation, or the page again with what is wrong (or a correction offered).
    private func send(
        _ fields: WebFields, uploads: [Upload], state: WebQuestionnaire.PageState, served: ServedForm,
        token: TokenRecord
    ) async -> Response {
        let form = served.form
        var state = state
        // Each file is the answer to its question; one for a question the form's logic skips is left out (which
        // only a first check of the answers can tell, so a page without files is checked once, in `accept`).
        var files = Dictionary(uploads.map { ($0.field, $0.name) }, uniquingKeysWith: { first, _ in first })
        var attachments: [Attachment] = []
        if !uploads.isEmpty {
            let asked = served.validator.validate(answers: fields.answers(for: form, files: files)).answers
            for upload in uploads {
                guard let (question, _) = WebFields.question(ofField: upload.field, in: form),
                    Self.names(upload.name, question: question.id, in: asked)
                else { continue }
                attachments.append(
                    Attachment(
                        question: question.id, name: upload.name, bytes: upload.bytes, sha256: upload.sha256,
                        mediaType: upload.mediaType ?? "application/octet-stream"))
            }
        }
        let attached = Set(attachments.map(\.name))
        files = files.filter { attached.contains($0.value) }
        let response = CanvassResponses.Response(
            form: form.id, formVersion: form.version, id: state.responseID,
            completedAt: CanvassResponses.Response.timestamp(), deprecates: state.deprecates,
            answers: fields.answers(for: form, files: files), attachments: attachments)
        switch await accept(response, uploads: uploads.filter { attached.contains($0.name) }, for: served, token: token)
        {
        case .stored(let receipt), .duplicate(let receipt):
            return Self.page(
                .ok,
                WebPages.confirmation(
                    form: form, responseID: receipt.id, receivedAt: receipt.receivedAt, tokenID: token.id))
        case .problems(let problems):
            state.problems = problems
            // A correction of something that cannot be corrected is sent as answers of their own instead.
            if problems.contains(where: { $0.question == "deprecates" }) {
                state.deprecates = nil
                state.problems = problems.filter { $0.question != "deprecates" }
                state.problems.append(
                    ResponseProblem(
                        question: "form",
                        message: "These answers cannot replace the ones sent before. Press “Send my answers” "
                            + "again to send them on their own."))
            }
            // A browser cannot be given a file back: say so beside each file question that had one.
            for upload in uploads where attached.contains(upload.name) {
                guard let (question, number) = WebFields.question(ofField: upload.field, in: form),
                    !problems.contains(where: { $0.question == question.id })
                else { continue }
                let section = form.section(containing: question.id)?.id ?? ""
                let instance = number.flatMap { state.entries[section]?.firstIndex(of: $0) }.map { $0 + 1 }
                state.problems.append(
                    ResponseProblem(
                        question: question.id, instance: instance,
                        message: "Choose the file again: files are not kept when the page has a problem"))
            }
            return Self.page(.badRequest, WebQuestionnaire(form: form, state: state).page())
        case .conflict:
            return await resent(response, state: state, served: served, token: token)
        case .unavailable:
            state.problems = [
                ResponseProblem(
                    question: "form",
                    message: "The council’s system could not save your answers just now. Nothing is lost: press "
                        + "“Send my answers” again in a minute.")
            ]
            var page = Self.page(.serviceUnavailable, WebQuestionnaire(form: form, state: state).page())
            page.headers[.retryAfter] = "5"
            return page
        }
    }

    /// A page whose id is taken: the same answers sent again (the confirmation again), or changed answers, offered
    /// as a correction of the latest answers sent (the ones this page sent, or what has corrected them since).
    private func resent(
        _ response: CanvassResponses.Response, state: WebQuestionnaire.PageState, served: ServedForm,
        token: TokenRecord
    ) async -> Response {
        let form = served.form
        var state = state
        let organisation = token.organisation ?? ""
        let earlier = try? await store.storedResponse(id: response.id, organisation: organisation)
        // A browser cannot restore a chosen file: a file question left empty on a page sent again is taken as the
        // file sent before.
        var answers = served.validator.validate(response).answers
        let filesSent = form.questions.filter { $0.type == .file && answers[$0.id] == nil }.compactMap { question in
            earlier?.0.answers[question.id].map { (question, $0) }
        }
        for (question, name) in filesSent { answers[question.id] = name }
        // The same page sent again later (a double click, a reload): its times differ, its answers do not.
        if let (stored, receipt) = earlier, stored.form == response.form, stored.formVersion == response.formVersion,
            stored.deprecates == response.deprecates, stored.answers == answers
        {
            return Self.page(
                .ok,
                WebPages.confirmation(
                    form: form, responseID: receipt.id, receivedAt: receipt.receivedAt, tokenID: token.id))
        }
        let base = earlier != nil ? response.id : state.deprecates
        guard let base, let latest = try? await store.latestCorrection(of: base, organisation: organisation) else {
            // The id is taken by something this organisation cannot correct: send under a new one.
            state.deprecates = nil
            state.responseID = CanvassResponses.Response.newID()
            state.problems = [
                ResponseProblem(
                    question: "form",
                    message: "These answers could not be sent under this page's reference. Press “Send my "
                        + "answers” again to send them under a new one.")
            ]
            return Self.page(.conflict, WebQuestionnaire(form: form, state: state).page())
        }
        state.problems = [
            ResponseProblem(
                question: "form",
                message: "You have sent answers to this form before (reference \(latest)). Press “Send my "
                    + "answers” again to send these as a correction that replaces them.")
        ]
        for (question, name) in filesSent {
            state.problems.append(
                ResponseProblem(
                    question: question.id,
                    message: "You sent “\(name.string ?? "a file")” before: choose it again, or the correction will "
                        + "have no file"))
        }
        state.deprecates = latest
        state.responseID = CanvassResponses.Response.newID()
        return Self.page(.conflict, WebQuestionnaire(form: form, state: state).page())
    }

    /// The token in the request's cookie, if it may submit to the form; otherwise the page that says why not (with
    /// `title` and `explanation` when there is no cookie).
    private func cookieToken(
        _ request: Request, form: String, withoutOne title: String, _ explanation: String
    ) async -> BrowserToken {
        guard let cookie = request.cookies[Self.tokenCookie]?.value else {
            return .refused(
                Self.page(
                    .unauthorized,
                    WebPages.message(title: title, paragraphs: [explanation], signIn: "/forms/\(form)/fill")))
        }
        return await browserToken(cookie, form: form)
    }

    /// The token a browser brought, if it may submit to the form; otherwise the page that says why not.
    private func browserToken(_ given: String, form: String) async -> BrowserToken {
        guard let text = TokenText(Substring(given)) else {
            return .refused(
                Self.page(
                    .unauthorized,
                    WebPages.message(
                        title: "That access key is not right",
                        paragraphs: ["Check that the whole link was opened, or copy the access key again."],
                        signIn: "/forms/\(form)/fill")))
        }
        switch await verify(text, key: "Bearer \(given)") {
        case .failure(let refusal) where refusal.status == .unauthorized:
            return .refused(
                Self.page(
                    .unauthorized,
                    WebPages.message(
                        title: "That access key is not known",
                        paragraphs: [
                            "Check that it was copied in full. If it was, it may have been replaced: ask the council "
                                + "for a new link."
                        ],
                        signIn: "/forms/\(form)/fill")))
        case .failure:
            return .refused(
                Self.page(
                    .serviceUnavailable,
                    WebPages.message(
                        title: "Sorry, there is a problem with the service", paragraphs: ["Try again later."])))
        case .success(let record) where !record.maySubmit(to: form):
            return .refused(
                Self.page(
                    .forbidden,
                    WebPages.message(
                        title: "This access key is not for this questionnaire",
                        paragraphs: ["Open the link the council sent for this questionnaire."])))
        case .success(let record):
            return .allowed(record)
        }
    }

    /// Whether `answers` (at the top or in an entry) answer the file question `question` with `name`.
    static func names(_ name: String, question: String, in answers: [String: JSONValue]) -> Bool {
        if answers[question] == .string(name) { return true }
        return answers.values.contains { value in
            guard case .array(let entries) = value else { return false }
            return entries.contains { $0.object?[question] == .string(name) }
        }
    }

    /// A browser's token: allowed to submit to the form, or the page that says why not.
    enum BrowserToken {
        case allowed(TokenRecord)
        case refused(Response)
    }

    /// An HTML page: never cached (it may hold answers), never framed, naming itself only to itself, fetching nothing.
    static func page(_ status: HTTPResponse.Status, _ html: String) -> Response {
        var buffer = ByteBuffer()
        buffer.writeString(html)
        return Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentSecurityPolicy:
                    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
                    + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
                HTTPField.Name("Referrer-Policy")!: "same-origin",
                HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            ],
            body: ResponseBody(byteBuffer: buffer))
    }

    /// The page for a post over the size limit (a browser would show the API's JSON as text).
    static func tooLargePage(_ limit: Int) -> Response {
        let size = limit >= 1 << 20 ? "\(limit >> 20) MB" : "\(limit >> 10) KB"
        var response = page(
            .contentTooLarge,
            WebPages.message(
                title: "Your answers are too large to send",
                paragraphs: [
                    "This page can send at most \(size), files included. Nothing was sent. Go back, choose a "
                        + "smaller file or shorten the longest answers, and send again."
                ]))
        response.headers[.connection] = "close"
        return response
    }

    static func unknownFormPage(_ form: String) -> Response {
        page(
            .notFound,
            WebPages.message(
                title: "Page not found",
                paragraphs: ["There is no questionnaire called “\(form)” here. Check the link you were sent."]))
    }
}
