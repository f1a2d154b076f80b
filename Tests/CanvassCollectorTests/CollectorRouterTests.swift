import CanvassForms
import CanvassResponses
import CanvassTesting
import CanvassTransport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CanvassCollector

/// The HTTP API through Hummingbird's router test framework: every status code and every token rule.
@Suite("Collector API")
struct CollectorRouterTests {
    @Test("GET /healthz, /forms and /forms/{form}; an unknown form is 404")
    func forms() async throws {
        let harness = try CollectorHarness()
        try await harness.test { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/forms", method: .get) { response in
                #expect(response.status == .ok)
                #expect(
                    String(buffer: response.body)
                        == #"{"forms":[{"id":"check","title":"Check","version":"1"},"#
                        + #"{"id":"other","title":"Other","version":"1"}]}"#)
            }
            try await client.execute(uri: "/forms/check", method: .get) { response in
                #expect(response.status == .ok)
                let served = try Form.load(text: String(buffer: response.body), path: "served.json")
                #expect(served == (try Form.load(text: CollectorHarness.checkForm, path: "check.yaml")))
            }
            try await client.execute(uri: "/forms/nope", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(errorMessage(response).contains("no form 'nope'"))
            }
            for (uri, method) in [("/nothing", HTTPRequest.Method.get), ("/forms", .delete)] {
                try await client.execute(uri: uri, method: method) { response in
                    #expect(response.status == .notFound)
                    #expect(errorMessage(response).contains("the collector answers GET /healthz"))
                }
            }
        }
    }

    @Test("201 stores a response and answers with its receipt; an identical resubmission is 200 with the same body")
    func storeAndResubmit() async throws {
        let harness = try CollectorHarness()
        let text = CollectorHarness.response(id: "r1")
        try await harness.test { client in
            var first = ""
            try await client.execute(
                uri: "/forms/check/responses", method: .post,
                headers: headers(token: harness.acme, [.contentType: "application/json"]), body: body(text)
            ) { response in
                #expect(response.status == .created)
                first = String(buffer: response.body)
                guard case .object(let receipt) = try json(response) else { throw Failure("no receipt") }
                #expect(receipt["id"] == .string("r1"))
                #expect(receipt["sha256"] == .string(sha256(text)))
                #expect(receipt["receivedAt"] != nil)
            }
            try await client.execute(
                uri: "/forms/check/responses", method: .post, headers: headers(token: harness.acme), body: body(text)
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == first)
            }
        }
        let stored = try harness.store.responses(to: "check")
        #expect(stored.map(\.id) == ["r1"])
        #expect(String(decoding: stored[0].body, as: UTF8.self) == text)
        #expect(stored[0].organisation == "Acme Trust")
    }

    @Test("409 for the same id with different content, or from another organisation; nothing is overwritten")
    func conflicts() async throws {
        let harness = try CollectorHarness()
        let original = CollectorHarness.response(id: "r1", days: 3)
        try await harness.test { client in
            try await client.execute(
                uri: "/forms/check/responses", method: .post, headers: headers(token: harness.acme),
                body: body(original)
            ) { #expect($0.status == .created) }
            try await client.execute(
                uri: "/forms/check/responses", method: .post, headers: headers(token: harness.acme),
                body: body(CollectorHarness.response(id: "r1", days: 4))
            ) { response in
                #expect(response.status == .conflict)
                #expect(errorMessage(response).contains("a different response with the id 'r1'"))
            }
            // The same content from another organisation must not be acknowledged as theirs.
            try await client.execute(
                uri: "/forms/check/responses", method: .post, headers: headers(token: harness.beacon),
                body: body(original)
            ) { #expect($0.status == .conflict) }
        }
        let stored = try harness.store.responses(to: "check")
        #expect(stored.count == 1)
        #expect(String(decoding: stored[0].body, as: UTF8.self) == original)
    }

    @Test("400 lists {question, message} from the same validator the CLI uses")
    func invalid() async throws {
        let harness = try CollectorHarness()
        try await harness.test { client in
            try await client.execute(
                uri: "/forms/check/responses", method: .post, headers: headers(token: harness.acme),
                body: body(CollectorHarness.response(size: "huge", days: -1))
            ) { response in
                #expect(response.status == .badRequest)
                let found = problems(response)
                #expect(found.map(\.question) == ["size", "days"])
                #expect(found.last?.message == "Enter a number of days, 0 or more.")
            }
            try await client.execute(
                uri: "/forms/check/responses", method: .post, headers: headers(token: harness.acme),
                body: body("this is not JSON")
            ) { response in
                #expect(response.status == .badRequest)
                #expect(problems(response).first?.question == "response")
                #expect(problems(response).first?.message.isEmpty == false)
            }
            // A response to another form posted here.
            let wrongForm = CollectorHarness.response().replacingOccurrences(
                of: #""form":"check""#, with: #""form":"x""#)
            try await client.execute(
                uri: "/forms/check/responses", method: .post, headers: headers(token: harness.acme),
                body: body(wrongForm)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(problems(response).first?.question == "form")
            }
            try await client.execute(
                uri: "/forms/check/responses", method: .post,
                headers: headers(token: harness.acme, [.init("Idempotency-Key")!: "other-id"]),
                body: body(CollectorHarness.response(id: "r1"))
            ) { response in
                #expect(response.status == .badRequest)
                #expect(problems(response).first?.question == "id")
            }
            // A listed attachment that was never uploaded.
            let listed = CanvassResponses.Attachment(
                question: "evidence", name: "a.pdf", bytes: 3, sha256: String(repeating: "a", count: 64),
                mediaType: "application/pdf")
            try await client.execute(
                uri: "/forms/check/responses", method: .post, headers: headers(token: harness.acme),
                body: body(CollectorHarness.response(attachments: [listed]))
            ) { response in
                #expect(response.status == .badRequest)
                #expect(problems(response).first?.message.contains("'a.pdf' was not sent") == true)
            }
        }
        #expect(try harness.store.responses(to: "check").isEmpty)
    }

    @Test("401: no token, a malformed header, an unknown token, a wrong secret, a revoked token")
    func unauthorised() async throws {
        let harness = try CollectorHarness()
        let known = try #require(TokenText(harness.acme))
        let wrongSecret = "canvass_\(known.id)_" + String(repeating: "0", count: 64)
        let unknown = "canvass_0123456789abcdef_" + String(repeating: "1", count: 64)
        let revoked = try harness.store.createToken(role: .submitter, organisation: "Acme Trust", forms: ["check"])
        #expect(try harness.store.revokeToken(id: revoked.0.id))
        try await harness.test { client in
            for (authorization, expected) in [
                (nil, "this needs a token"), ("Basic abc", "must be 'Bearer '"), ("Bearer \(unknown)", "not known"),
                ("Bearer \(wrongSecret)", "not known"), ("Bearer \(revoked.1.text)", "revoked"),
                ("Bearer \(harness.acme)x", "must be 'Bearer '"),
            ] {
                var fields: HTTPFields = [:]
                if let authorization { fields[.authorization] = authorization }
                for method in [HTTPRequest.Method.post, .get] {
                    try await client.execute(
                        uri: "/forms/check/responses", method: method, headers: fields,
                        body: body(CollectorHarness.response())
                    ) { response in
                        #expect(response.status == .unauthorized, "\(authorization ?? "none") \(method)")
                        #expect(response.headers[.wwwAuthenticate] == "Bearer")
                        #expect(errorMessage(response).contains(expected))
                    }
                }
            }
        }
        #expect(try harness.store.responses(to: "check").isEmpty)
    }

    @Test("403: a submitter token for another form, an analyst submitting, a submitter reading")
    func forbidden() async throws {
        let harness = try CollectorHarness()
        try await harness.test { client in
            try await client.execute(
                uri: "/forms/check/responses", method: .post, headers: headers(token: harness.otherOnly),
                body: body(CollectorHarness.response())
            ) { response in
                #expect(response.status == .forbidden)
                #expect(errorMessage(response).contains("may not submit to the form 'check'; it is for: other"))
            }
            try await client.execute(
                uri: "/forms/check/responses", method: .post, headers: headers(token: harness.analyst),
                body: body(CollectorHarness.response())
            ) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/forms/check/responses", method: .get, headers: headers(token: harness.acme)
            ) { response in
                #expect(response.status == .forbidden)
                #expect(errorMessage(response).contains("a submitter token cannot read responses"))
            }
            try await client.execute(
                uri: "/forms/check/responses", method: .get, headers: headers(token: harness.otherAnalyst)
            ) { #expect($0.status == .forbidden) }
            // An unknown form is 404 even for a valid token, so a typo is told apart from a refusal.
            try await client.execute(
                uri: "/forms/nope/responses", method: .post, headers: headers(token: harness.acme),
                body: body(CollectorHarness.response())
            ) { #expect($0.status == .notFound) }
        }
        #expect(try harness.store.responses(to: "check").isEmpty)
    }

    @Test("An analyst reads the responses as JSON Lines, from a cursor; other organisations' data is never mixed up")
    func reading() async throws {
        let harness = try CollectorHarness()
        let first = CollectorHarness.response(id: "a1")
        let second = CollectorHarness.response(id: "b1", size: "large")
        try await harness.test { client in
            for (token, text) in [(harness.acme, first), (harness.beacon, second)] {
                try await client.execute(
                    uri: "/forms/check/responses", method: .post, headers: headers(token: token), body: body(text)
                ) { #expect($0.status == .created) }
            }
            var cursor = ""
            try await client.execute(
                uri: "/forms/check/responses", method: .get, headers: headers(token: harness.analyst)
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == first + "\n" + second + "\n")
                cursor = response.headers[.init("Canvass-Last-Sequence")!] ?? ""
            }
            #expect(cursor == "2")
            try await client.execute(
                uri: "/forms/check/responses?since=1", method: .get, headers: headers(token: harness.analyst)
            ) { #expect(String(buffer: $0.body) == second + "\n") }
            try await client.execute(
                uri: "/forms/check/responses?since=\(cursor)", method: .get, headers: headers(token: harness.analyst)
            ) { #expect(String(buffer: $0.body).isEmpty) }
            try await client.execute(
                uri: "/forms/check/responses?since=yesterday", method: .get, headers: headers(token: harness.analyst)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(problems(response).first?.message.contains("since must be") == true)
            }
            try await client.execute(
                uri: "/forms/check/responses?since=2000-01-01T00:00:00Z", method: .get,
                headers: headers(token: harness.analyst)
            ) { #expect(String(buffer: $0.body) == first + "\n" + second + "\n") }
        }
    }

    @Test("?since= as a time includes responses received in that second, whatever its offset or precision")
    func sinceTime() async throws {
        let harness = try CollectorHarness()
        let text = CollectorHarness.response(id: "t1")
        try await harness.test { client in
            var receivedAt = ""
            try await client.execute(
                uri: "/forms/check/responses", method: .post, headers: headers(token: harness.acme), body: body(text)
            ) { response in
                guard case .object(let receipt) = try json(response), case .string(let time)? = receipt["receivedAt"]
                else { throw Failure("no receivedAt") }
                receivedAt = time
            }
            // The same second without fractions, and the same instant an hour ahead in +01:00.
            let second = String(receivedAt.prefix(19))
            let hour = Int(second.dropFirst(11).prefix(2))!
            let shifted =
                second.prefix(11) + String(format: "%02d", (hour + 1) % 24) + second.dropFirst(13) + "+01:00"
            for since in [second + "Z", hour == 23 ? second + "Z" : String(shifted)] {
                try await client.execute(
                    uri: "/forms/check/responses?since=\(since.replacingOccurrences(of: "+", with: "%2B"))",
                    method: .get, headers: headers(token: harness.analyst)
                ) { #expect(String(buffer: $0.body) == text + "\n", "since=\(since)") }
            }
        }
        #expect(Timestamp.normalised("2026-11-28T10:00:00Z") == "2026-11-28T10:00:00.000Z")
        #expect(Timestamp.normalised("2026-11-28T11:00:00.25+01:00") == "2026-11-28T10:00:00.250Z")
        #expect(Timestamp.normalised("28/11/2026") == nil)
    }

    @Test("A correction is stored as a new response and the old one kept, marked replaced")
    func corrections() async throws {
        let harness = try CollectorHarness()
        let original = CollectorHarness.response(id: "v1", days: 3)
        let correction = CollectorHarness.response(id: "v2", days: 5, deprecates: "v1")
        try await harness.test { client in
            func post(_ text: String, _ token: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/forms/check/responses", method: .post, headers: headers(token: token), body: body(text))
            }
            #expect(try await post(original, harness.acme).status == .created)
            // Another organisation cannot replace it, and a correction must name a response that exists.
            let foreign = try await post(CollectorHarness.response(id: "x1", deprecates: "v1"), harness.beacon)
            #expect(foreign.status == .badRequest)
            #expect(problems(foreign).first?.question == "deprecates")
            let missing = try await post(CollectorHarness.response(id: "x2", deprecates: "nope"), harness.acme)
            #expect(missing.status == .badRequest)
            #expect(try await post(correction, harness.acme).status == .created)
            #expect(try await post(correction, harness.acme).status == .ok)
            let again = try await post(CollectorHarness.response(id: "v3", deprecates: "v1"), harness.acme)
            #expect(again.status == .conflict)
            #expect(errorMessage(again).contains("already replaced by 'v2'"))
        }
        #expect(try harness.store.responses(to: "check").map(\.id) == ["v2"])
        let all = try harness.store.responses(to: "check", includingReplaced: true)
        #expect(all.map(\.id) == ["v1", "v2"])
        #expect(all.map(\.replacedBy) == ["v2", nil])
        #expect(String(decoding: all[0].body, as: UTF8.self) == original)
    }

    @Test("429 with Retry-After once a token has used its burst; other tokens are not held back")
    func rateLimited() async throws {
        let harness = try CollectorHarness { configuration in
            configuration.rateLimit = 0.001
            configuration.rateBurst = 2
        }
        try await harness.test { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<3 {
                try await client.execute(
                    uri: "/forms/check/responses", method: .post, headers: headers(token: harness.acme),
                    body: body(CollectorHarness.response())
                ) { response in
                    statuses.append(response.status)
                    if response.status == .tooManyRequests {
                        #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
                    }
                }
            }
            #expect(statuses == [.created, .created, .tooManyRequests])
            try await client.execute(
                uri: "/forms/check/responses", method: .post, headers: headers(token: harness.beacon),
                body: body(CollectorHarness.response())
            ) { #expect($0.status == .created) }
        }
        #expect(try harness.store.responses(to: "check").count == 3)
    }

    @Test("413 for a response over the JSON limit, and for a body whose Content-Length is over the limit")
    func tooLarge() async throws {
        let harness = try CollectorHarness { configuration in
            configuration.maxResponseBytes = 1000
            configuration.maxBodyBytes = 5000
        }
        try await harness.test { client in
            let padded = CollectorHarness.response().replacingOccurrences(
                of: #""canvass":1"#, with: #""canvass":1,"pad":"\#(String(repeating: "x", count: 2000))""#)
            try await client.execute(
                uri: "/forms/check/responses", method: .post, headers: headers(token: harness.acme),
                body: body(padded)
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(errorMessage(response).contains("1000 bytes"))
            }
            try await client.execute(
                uri: "/forms/check/responses", method: .post,
                headers: headers(token: harness.acme, [.contentLength: "6000"]),
                body: body(String(repeating: "x", count: 6000))
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(errorMessage(response).contains("5000 bytes"))
            }
        }
    }

    @Test("503 with Retry-After when the store cannot write; nothing is acknowledged")
    func storageTrouble() async throws {
        let harness = try CollectorHarness { $0.tokenRefresh = .seconds(3600) }
        try await harness.test { client in
            try await client.execute(
                uri: "/forms/check/responses", method: .post, headers: headers(token: harness.acme),
                body: body(CollectorHarness.response(id: "before"))
            ) { #expect($0.status == .created) }
            try harness.store.close()
            try await client.execute(
                uri: "/forms/check/responses", method: .post, headers: headers(token: harness.acme),
                body: body(CollectorHarness.response(id: "after"))
            ) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "5")
                #expect(errorMessage(response).contains("try again later"))
            }
            let reopened = try CollectorStore(folder: harness.folder)
            let ids = try reopened.responses(to: "check").map(\.id)
            #expect(ids == ["before"])
            try reopened.close()
        }
    }

    @Test("Every commit is synced to disk: the writer runs with synchronous=FULL (2), also after reopening")
    func durableCommits() throws {
        let harness = try CollectorHarness()
        defer { try? FileManager.default.removeItem(atPath: harness.folder) }
        #expect(try harness.store.synchronousLevel() == 2)
        let reopened = try CollectorStore(folder: harness.folder)
        #expect(try reopened.synchronousLevel() == 2)
        try reopened.close()
    }

    @Test(
        "Concurrent submissions share transactions (group commit), each acknowledged once and stored once",
        arguments: [1024, 1])
    func groupCommit(maxBatch: Int) async throws {
        let harness = try CollectorHarness { $0.maxBatch = maxBatch }
        let count = 200
        try await harness.test(.live) { client in
            // libcurl's multi interface: many requests in flight at once, over several connections.
            let http = HTTPClient()
            defer { http.shutdown() }
            let port = try #require(client.port)
            let url = try #require(URL(string: "http://127.0.0.1:\(port)/forms/check/responses"))
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<count {
                    group.addTask {
                        let text = CollectorHarness.response(id: "g\(index)")
                        return try await http.perform(
                            .postJSON(Data(text.utf8), to: url, headers: [("Authorization", "Bearer \(harness.acme)")])
                        ).status
                    }
                }
                for try await status in group { #expect(status == 201) }
            }
        }
        let stored = try harness.store.responses(to: "check", limit: 1000)
        #expect(Set(stored.map(\.id)).count == count)
        if maxBatch == 1 {
            #expect(harness.collector.committer.transactionCount == count)
        } else {
            #expect(harness.collector.committer.transactionCount < count)
        }
    }

    @Test("A token's last use is recorded when it stores a response")
    func lastUse() async throws {
        let harness = try CollectorHarness()
        let id = try #require(TokenText(harness.acme)).id
        #expect(try harness.store.token(id: id)?.lastUsedAt == nil)
        try await harness.test { client in
            try await client.execute(
                uri: "/forms/check/responses", method: .post, headers: headers(token: harness.acme),
                body: body(CollectorHarness.response())
            ) { #expect($0.status == .created) }
        }
        #expect(try harness.store.token(id: id)?.lastUsedAt != nil)
    }
}

/// A test failure with a message.
struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
