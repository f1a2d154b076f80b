import CanvassCollector
import CanvassForms
import CanvassResponses
import CanvassTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The web questionnaire served by the collector (`GET`/`POST /forms/{form}/fill`) on the shipped tupe-timing form,
/// as a browser without JavaScript uses it; with JavaScript it is `Tests/Browser/submit_questionnaires.py`.
@Suite("The collector's web questionnaire")
struct CollectorQuestionnaireTests {
    let folder = NSTemporaryDirectory() + "canvass-fill-\(UUID().uuidString)"
    let store: CollectorStore
    let collector: Collector
    let submitter: String
    let otherForm: String
    let analyst: String

    init() throws {
        store = try CollectorStore(folder: folder)
        let forms = try ["tupe-timing", "qa-regime", "written-evidence"].map { name in
            try #require(FormLoader.load(path: repositoryRoot + "/Forms/\(name).yaml").form)
        }
        try store.saveForms(forms)
        submitter = try store.createToken(role: .submitter, organisation: "Small Charity", forms: ["tupe-timing"]).1
            .text
        otherForm = try store.createToken(
            role: .submitter, organisation: "Small Charity", forms: ["qa-regime", "written-evidence"]
        ).1.text
        analyst = try store.createToken(role: .analyst, organisation: nil, forms: []).1.text
        var configuration = CollectorConfiguration()
        configuration.port = 0
        configuration.rateLimit = 0
        configuration.tokenRefresh = .zero
        collector = Collector(
            forms: forms, store: store, configuration: configuration,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
    }

    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await collector.application().test(.router) { client in try await body(client) }
    }

    func cookie(_ token: String) -> HTTPFields { [.cookie: "canvass_token=\(token)"] }

    /// A token's public id (`canvass_<id>_<secret>`), which the page posts back.
    static func publicID(_ token: String) -> String { String(token.split(separator: "_")[1]) }

    /// The page's fields as a browser posts them: with the access key's id the page was shown with, unless given.
    static func withToken(_ pairs: [(String, String)], _ token: String) -> [(String, String)] {
        pairs.contains { $0.0 == "canvass-token" } ? pairs : [("canvass-token", publicID(token))] + pairs
    }

    func post(_ pairs: [(String, String)], token: String, extra: HTTPFields = [:]) -> (HTTPFields, ByteBuffer) {
        let pairs = Self.withToken(pairs, token)
        var headers = cookie(token)
        headers[.contentType] = "application/x-www-form-urlencoded"
        for field in extra { headers.append(field) }
        return (headers, ByteBuffer(string: FormBodies.urlEncoded(pairs)))
    }

    static let filled: [(String, String)] = [
        ("canvass-id", "web-1"), ("org_size", "micro"), ("any_tenders", "yes"), ("canvass-entry", "tenders__1"),
        ("tender_name__1", "Day care & “respite” <lot 2>"), ("closing_date__1", "2026-01-15"),
        ("directorate__1", "adults"), ("tupe_applied__1", "yes"), ("tupe_info_timing__1", "after_award"),
        ("tupe_effects__1", "unbudgeted_cost"), ("unbudgeted_cost__1", "1500.50"),
        ("directorate_consistency", "fairly_inconsistent"), ("tupe_comments", "Line one\r\nline two"),
    ]

    @Test(
        "The link's token becomes an HttpOnly cookie and a redirect without it; no token, a wrong one or another form's is refused with a page saying what to do"
    )
    func tokens() async throws {
        let submitter = submitter
        let otherForm = otherForm
        let analyst = analyst
        try await test { client in
            try await client.execute(uri: "/forms/tupe-timing/fill?token=\(submitter)", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/forms/tupe-timing/fill")
                let set = try #require(response.headers[.setCookie])
                #expect(set.contains("canvass_token=\(submitter)"))
                #expect(set.contains("HttpOnly"))
                #expect(set.contains("SameSite=Lax"))
                #expect(set.contains("Path=/forms/tupe-timing/"))
                #expect(set.contains("Max-Age=43200"))
                #expect(!set.contains("Secure"))
            }
            try await client.execute(
                uri: "/forms/tupe-timing/fill?token=\(submitter)", method: .get,
                headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"]
            ) { response in
                #expect(response.headers[.setCookie]?.contains("Secure") == true)
            }
            try await client.execute(uri: "/forms/tupe-timing/fill", method: .get, headers: cookie(submitter)) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                let page = String(buffer: response.body)
                #expect(page.contains("action=\"/forms/tupe-timing/fill\""))
                #expect(page.contains("name=\"canvass-id\""))
                #expect(page.contains("name=\"canvass-token\" value=\"\(Self.publicID(submitter))\""))
                #expect(page.contains("You are answering for <strong>Small Charity</strong>"))
                #expect(!page.contains(submitter))
            }
            let refusals: [(String, HTTPFields, HTTPResponse.Status, String)] = [
                ("/forms/tupe-timing/fill", [:], .unauthorized, "Open the link you were sent"),
                ("/forms/tupe-timing/fill?token=nonsense", [:], .unauthorized, "That access key is not right"),
                (
                    "/forms/tupe-timing/fill?token=canvass_0000000000000000_" + String(repeating: "0", count: 64),
                    [:], .unauthorized, "That access key is not known"
                ),
                ("/forms/tupe-timing/fill", cookie(otherForm), .forbidden, "not for this questionnaire"),
                ("/forms/tupe-timing/fill", cookie(analyst), .forbidden, "not for this questionnaire"),
                ("/forms/nope/fill", cookie(submitter), .notFound, "There is no questionnaire called"),
            ]
            for (uri, headers, status, words) in refusals {
                try await client.execute(uri: uri, method: .get, headers: headers) { response in
                    #expect(response.status == status, "\(uri)")
                    #expect(String(buffer: response.body).contains(words), "\(uri)")
                    #expect(response.headers[.setCookie] == nil)
                }
            }
        }
    }

    @Test("Sent empty: the page again (400) with the error summary and each required question's message beside it")
    func errorsWithoutJavaScript() async throws {
        let submitter = submitter
        let store = store
        let (headers, body) = post([("canvass-id", "web-0")], token: submitter)
        try await test { client in
            try await client.execute(uri: "/forms/tupe-timing/fill", method: .post, headers: headers, body: body) {
                response in
                #expect(response.status == .badRequest)
                let page = String(buffer: response.body)
                #expect(page.contains("<title>Error: "))
                #expect(page.contains("<li><a href=\"#org_size-micro\">Please choose an income band"))
                #expect(page.contains("<li><a href=\"#any_tenders-yes\">Please answer yes or no.</a></li>"))
                #expect(page.contains("<p class=\"error-message\" id=\"org_size-error\">"))
                #expect(page.contains("name=\"canvass-id\" value=\"web-0\""))
            }
        }
        #expect(try store.responses(to: "tupe-timing").isEmpty)
    }

    @Test("Add another and Remove without JavaScript: the page again with what was typed and one entry more or less")
    func entriesWithoutJavaScript() async throws {
        let submitter = submitter
        let added = post(
            [
                ("canvass-id", "web-2"), ("org_size", "small"), ("any_tenders", "yes"),
                ("canvass-action", "add:tenders"),
            ],
            token: submitter)
        let removed = post(
            [
                ("canvass-id", "web-2"), ("canvass-entry", "tenders__1"), ("canvass-entry", "tenders__2"),
                ("tender_name__2", "Kept"), ("canvass-action", "remove:tenders__1"),
            ], token: submitter)
        try await test { client in
            try await client.execute(
                uri: "/forms/tupe-timing/fill", method: .post, headers: added.0, body: added.1
            ) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("name=\"canvass-entry\" value=\"tenders__1\""))
                #expect(page.contains("id=\"org_size-small\" name=\"org_size\" value=\"small\" checked>"))
                #expect(!page.contains("id=\"error-summary\" tabindex=\"-1\" role=\"alert\">"))
            }
            try await client.execute(
                uri: "/forms/tupe-timing/fill", method: .post, headers: removed.0, body: removed.1
            ) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(!page.contains("value=\"tenders__1\""))
                #expect(page.contains("id=\"tender_name__2\" name=\"tender_name__2\" value=\"Kept\""))
            }
        }
    }

    @Test(
        "Sent filled in: stored as typed for the token's organisation, with a confirmation; sent again, stored once; changed and sent again, offered and stored as a correction"
    )
    func sendAndCorrect() async throws {
        let submitter = submitter
        let store = store
        let filled = post(Self.filled, token: submitter)
        let changed = post(
            Self.filled.map { $0.0 == "org_size" ? ("org_size", "small") : $0 }, token: submitter)
        nonisolated(unsafe) var correctionID = ""
        try await test { client in
            for attempt in 0..<2 {
                // Sent again a second later (a reload, a double click): the times differ, the answers do not.
                if attempt == 1 { try await Task.sleep(for: .milliseconds(1100)) }
                try await client.execute(
                    uri: "/forms/tupe-timing/fill", method: .post, headers: filled.0, body: filled.1
                ) { response in
                    #expect(response.status == .ok)
                    let page = String(buffer: response.body)
                    #expect(page.contains("<strong id=\"response-id\">web-1</strong>"))
                    #expect(page.contains("localStorage.removeItem(\"canvass:tupe-timing:"))
                }
            }
            try await client.execute(
                uri: "/forms/tupe-timing/fill", method: .post, headers: changed.0, body: changed.1
            ) { response in
                #expect(response.status == .conflict)
                let page = String(buffer: response.body)
                #expect(page.contains("You have sent answers to this form before (reference web-1)"))
                #expect(page.contains("name=\"canvass-deprecates\" value=\"web-1\""))
                correctionID =
                    page.components(separatedBy: "name=\"canvass-id\" value=\"")[1].components(separatedBy: "\"")[0]
            }
            let correction = post(
                [("canvass-id", correctionID), ("canvass-deprecates", "web-1")]
                    + Self.filled.filter { $0.0 != "canvass-id" }.map {
                        $0.0 == "org_size" ? ("org_size", "small") : $0
                    },
                token: submitter)
            try await client.execute(
                uri: "/forms/tupe-timing/fill", method: .post, headers: correction.0, body: correction.1
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("<strong id=\"response-id\">\(correctionID)</strong>"))
            }
        }
        let stored = try store.responses(to: "tupe-timing", includingReplaced: true)
        #expect(stored.map(\.id) == ["web-1", correctionID])
        #expect(stored.allSatisfy { $0.organisation == "Small Charity" })
        #expect(stored[0].replacedBy == correctionID)
        let first = try CanvassResponses.Response(parsing: Array(stored[0].body))
        #expect(first.answers["org_size"] == .string("micro"))
        #expect(first.answers["directorate_consistency"] == .number(2))
        #expect(first.answers["tupe_comments"] == .string("Line one\nline two"))
        guard case .array(let tenders) = first.answers["tenders"], case .object(let tender) = tenders.first else {
            throw CollectorQuestionnaireFailure("no tender stored")
        }
        #expect(tender["tender_name"] == .string("Day care & “respite” <lot 2>"))
        #expect(tender["closing_date"] == .string("2026-01-15"))
        #expect(tender["tupe_applied"] == .bool(true))
        #expect(tender["tupe_effects"] == .array([.string("unbudgeted_cost")]))
        #expect(tender["unbudgeted_cost"] == .number(1500.5))
        let second = try CanvassResponses.Response(parsing: Array(stored[1].body))
        #expect(second.deprecates == "web-1")
        #expect(second.answers["org_size"] == .string("small"))
    }

    @Test("A post from another site, or without the cookie, or not form-encoded, is refused and stores nothing")
    func refusedPosts() async throws {
        let submitter = submitter
        let store = store
        let foreign = post(Self.filled, token: submitter, extra: [.origin: "http://evil.example"])
        let opaque = post(Self.filled, token: submitter, extra: [.origin: "null"])
        let same = post(Self.filled, token: submitter, extra: [.origin: "http://127.0.0.1:8080"])
        var withoutCookie = foreign.0
        withoutCookie[.cookie] = nil
        withoutCookie[.origin] = nil
        var asJSON = cookie(submitter)
        asJSON[.contentType] = "application/json"
        let noCookie = withoutCookie
        let json = asJSON
        try await test { client in
            for (headers, body, status) in [
                (foreign.0, foreign.1, HTTPResponse.Status.forbidden), (opaque.0, opaque.1, .forbidden),
                (noCookie, foreign.1, .unauthorized), (json, ByteBuffer(string: "{}"), .unsupportedMediaType),
            ] {
                try await client.execute(uri: "/forms/tupe-timing/fill", method: .post, headers: headers, body: body) {
                    response in
                    #expect(response.status == status)
                }
            }
            // Over the size limit: a page that says so (not the API's JSON), and nothing read on.
            let huge = post(Self.filled + [("tupe_comments", String(repeating: "x", count: 3 << 20))], token: submitter)
            try await client.execute(uri: "/forms/tupe-timing/fill", method: .post, headers: huge.0, body: huge.1) {
                response in
                #expect(response.status == .contentTooLarge)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: response.body).contains("Your answers are too large to send"))
            }
            // The router test client sends no Host, so a named origin cannot match here; a browser's own post does
            // (Tests/Browser/submit_questionnaires.py).
            try await client.execute(uri: "/forms/tupe-timing/fill", method: .post, headers: same.0, body: same.1) {
                response in
                #expect(response.status == .forbidden)
            }
        }
        #expect(try store.responses(to: "tupe-timing").isEmpty)
    }
}

extension CollectorQuestionnaireTests {
    @Test("A page opened with one access key is not sent with another opened later in the same browser")
    func anotherKey() async throws {
        let submitter = submitter
        let store = store
        let other = try store.createToken(role: .submitter, organisation: "Big Provider", forms: ["tupe-timing"]).1
            .text
        // The page was shown for `submitter`; the browser's cookie is now `other`'s.
        let sent = post(Self.withToken(Self.filled, submitter), token: other)
        try await test { client in
            try await client.execute(uri: "/forms/tupe-timing/fill", method: .post, headers: sent.0, body: sent.1) {
                response in
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains("This page was opened with a different access key"))
            }
        }
        #expect(try store.responses(to: "tupe-timing").isEmpty)
    }

    @Test("Corrections chain: an old page changed and sent again corrects the latest answers, never a dead end")
    func correctionChain() async throws {
        let submitter = submitter
        let store = store
        let post = { @Sendable (pairs: [(String, String)]) in self.post(pairs, token: submitter) }
        @Sendable func changed(_ size: String, id: String, deprecates: String? = nil) -> (HTTPFields, ByteBuffer) {
            var pairs = Self.filled.filter { $0.0 != "canvass-id" }.map { $0.0 == "org_size" ? ("org_size", size) : $0 }
            pairs.append(("canvass-id", id))
            if let deprecates { pairs.append(("canvass-deprecates", deprecates)) }
            return post(pairs)
        }
        @Sendable func offered(_ page: String) -> (id: String, deprecates: String) {
            func value(_ name: String) -> String {
                page.components(separatedBy: "name=\"\(name)\" value=\"")[1].components(separatedBy: "\"")[0]
            }
            return (value("canvass-id"), value("canvass-deprecates"))
        }
        try await test { client in
            let first = post(Self.filled)
            try await client.execute(uri: "/forms/tupe-timing/fill", method: .post, headers: first.0, body: first.1) {
                #expect($0.status == .ok)
            }
            // Two tabs of the first page, both changed and sent: both are offered a correction of web-1.
            nonisolated(unsafe) var offers: [(id: String, deprecates: String)] = []
            for size in ["small", "medium"] {
                let page = changed(size, id: "web-1")
                try await client.execute(uri: "/forms/tupe-timing/fill", method: .post, headers: page.0, body: page.1) {
                    response in
                    #expect(response.status == .conflict)
                    offers.append(offered(String(buffer: response.body)))
                }
            }
            #expect(offers.map(\.deprecates) == ["web-1", "web-1"])
            // The first tab's correction is stored; the second tab's is then offered as a correction of that one.
            let one = changed("small", id: offers[0].id, deprecates: "web-1")
            try await client.execute(uri: "/forms/tupe-timing/fill", method: .post, headers: one.0, body: one.1) {
                #expect($0.status == .ok)
            }
            let two = changed("medium", id: offers[1].id, deprecates: "web-1")
            nonisolated(unsafe) var again: (id: String, deprecates: String) = ("", "")
            try await client.execute(uri: "/forms/tupe-timing/fill", method: .post, headers: two.0, body: two.1) {
                response in
                #expect(response.status == .conflict)
                let page = String(buffer: response.body)
                #expect(page.contains("reference \(offers[0].id)"))
                again = offered(page)
            }
            #expect(again.deprecates == offers[0].id)
            let three = changed("medium", id: again.id, deprecates: again.deprecates)
            try await client.execute(uri: "/forms/tupe-timing/fill", method: .post, headers: three.0, body: three.1) {
                #expect($0.status == .ok)
            }
        }
        let current = try store.responses(to: "tupe-timing")
        #expect(current.count == 1)
        let latest = try CanvassResponses.Response(parsing: Array(try #require(current.first).body))
        #expect(latest.answers["org_size"] == .string("medium"))
        #expect(try store.responses(to: "tupe-timing", includingReplaced: true).count == 3)
    }

    @Test("Behind a proxy that passes its own Host, the browser's Origin is checked against X-Forwarded-Host")
    func forwardedHost() async throws {
        let submitter = submitter
        let forwarded = post(
            Self.filled, token: submitter,
            extra: [.origin: "https://collector.example", HTTPField.Name("X-Forwarded-Host")!: "collector.example"])
        let forged = post(
            Self.filled, token: submitter,
            extra: [.origin: "https://evil.example", HTTPField.Name("X-Forwarded-Host")!: "collector.example"])
        try await test { client in
            try await client.execute(
                uri: "/forms/tupe-timing/fill", method: .post, headers: forged.0, body: forged.1
            ) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/forms/tupe-timing/fill", method: .post, headers: forwarded.0, body: forwarded.1
            ) { #expect($0.status == .ok) }
        }
    }
}

extension CollectorQuestionnaireTests {
    /// A browser's multipart post: fields, then files as (field, file name, media type, bytes).
    func multipart(
        _ fields: [(String, String)], files: [(String, String, String, [UInt8])], token: String
    ) -> (HTTPFields, ByteBuffer) {
        let fields = Self.withToken(fields, token)
        let boundary = "----CanvassTestBoundary7MA4YWxk"
        let body = FormBodies.multipart(
            fields.map { FormBodies.Part.field($0.0, $0.1) }
                + files.map { FormBodies.Part(name: $0.0, fileName: $0.1, contentType: $0.2, bytes: $0.3) },
            boundary: boundary)
        var headers = cookie(token)
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return (headers, ByteBuffer(bytes: body))
    }

    static let evidence: [(String, String)] = [
        ("canvass-id", "ev-1"), ("capacity", "organisation"), ("org_name", "Friends of Oakwood"),
        ("contact_name", "Renée"), ("contact_email", "renee@example.org"), ("consent_publish", "publish_full"),
    ]

    @Test("A page with a file question posts multipart: the chosen file is attached as sent, its name made plain")
    func fileAttached() async throws {
        let token = otherForm
        let store = store
        let folder = folder
        let pdf = Array("%PDF-1.4\n% evidence\n".utf8)
        let sent = multipart(
            Self.evidence,
            files: [
                ("submission_file", "../..Evidence “lots”.pdf", "application/pdf", pdf),
                ("org_name", "not-a-file-question.pdf", "application/pdf", pdf),
                ("ev_barriers", "", "application/octet-stream", []),
            ], token: token)
        try await test { client in
            try await client.execute(uri: "/forms/written-evidence/fill", method: .get, headers: cookie(token)) {
                response in
                #expect(String(buffer: response.body).contains("enctype=\"multipart/form-data\""))
            }
            try await client.execute(
                uri: "/forms/written-evidence/fill", method: .post, headers: sent.0, body: sent.1
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("<strong id=\"response-id\">ev-1</strong>"))
            }
            // The same page sent again without its file (a browser cannot restore one): the same response.
            let again = multipart(Self.evidence, files: [], token: token)
            try await client.execute(
                uri: "/forms/written-evidence/fill", method: .post, headers: again.0, body: again.1
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("<strong id=\"response-id\">ev-1</strong>"))
            }
            // Changed and sent again without it: offered as a correction, with a reminder to choose the file again.
            let changed = multipart(
                Self.evidence.map { $0.0 == "org_name" ? ("org_name", "Friends of Oakwood Park") : $0 }, files: [],
                token: token)
            try await client.execute(
                uri: "/forms/written-evidence/fill", method: .post, headers: changed.0, body: changed.1
            ) { response in
                #expect(response.status == .conflict)
                #expect(
                    String(buffer: response.body).contains(
                        "You sent “Evidence “lots”.pdf” before: choose it again, or the correction will have no file"
                    ))
            }
            // The file is in the store under its SHA-256 (read before the test's folder goes).
            let stored = try store.responses(to: "written-evidence")
            let response = try CanvassResponses.Response(parsing: Array(try #require(stored.first).body))
            let hash = try #require(response.attachments.first?.sha256)
            #expect(
                FileManager.default.contents(atPath: "\(folder)/attachments/\(hash.prefix(2))/\(hash)") == Data(pdf))
        }
        let stored = try store.responses(to: "written-evidence")
        let response = try CanvassResponses.Response(parsing: Array(try #require(stored.first).body))
        #expect(response.answers["submission_file"] == .string("Evidence “lots”.pdf"))
        #expect(response.answers["org_name"] == .string("Friends of Oakwood"))
        #expect(response.attachments.count == 1)
        #expect(response.attachments.first?.name == "Evidence “lots”.pdf")
        #expect(response.attachments.first?.bytes == pdf.count)
        #expect(response.attachments.first?.mediaType == "application/pdf")
    }

    @Test("A page with a file and a problem: the page again, asking for the file again; nothing is kept")
    func fileWithProblem() async throws {
        let token = otherForm
        let store = store
        let folder = folder
        let sent = multipart(
            Self.evidence.filter { $0.0 != "contact_email" },
            files: [("submission_file", "evidence.pdf", "application/pdf", Array("%PDF-1.4\n".utf8))], token: token)
        let wrongType = multipart(
            Self.evidence, files: [("submission_file", "evidence.exe", "application/x-msdownload", [0x4D, 0x5A])],
            token: token)
        try await test { client in
            try await client.execute(
                uri: "/forms/written-evidence/fill", method: .post, headers: sent.0, body: sent.1
            ) { response in
                #expect(response.status == .badRequest)
                let page = String(buffer: response.body)
                #expect(page.contains("Please give an email address"))
                #expect(
                    page.contains(
                        "<p class=\"error-message\" id=\"submission_file-error\"><span class=\"visually-hidden\">"
                            + "Error:</span> Choose the file again: files are not kept when the page has a problem</p>")
                )
                #expect(page.contains("value=\"Friends of Oakwood\""))
            }
            try await client.execute(
                uri: "/forms/written-evidence/fill", method: .post, headers: wrongType.0, body: wrongType.1
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("id=\"submission_file-error\"><span"))
            }
            // Nothing kept: no response, no file in the store, nothing waiting in tmp/.
            #expect(try store.responses(to: "written-evidence").isEmpty)
            let files = (FileManager.default.enumerator(atPath: folder)?.allObjects ?? []).compactMap { $0 as? String }
            let kept = files.filter { ($0.hasPrefix("attachments/") && $0.count > 15) || $0.hasPrefix("tmp/") }
            #expect(kept.isEmpty, "\(kept)")
            #expect(files.contains("canvass.sqlite"), "the folder was looked at while it was there")
        }
    }
}

struct CollectorQuestionnaireFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
