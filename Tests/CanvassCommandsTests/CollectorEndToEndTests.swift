import CanvassCommands
import CanvassForms
import CanvassOutbox
import CanvassResponses
import CanvassTesting
import CanvassTransport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The whole flow against a real collector: `canvass serve` (a child process), `canvass token`, `canvass finalize`,
/// `canvass send` and `canvass export`, checking what each user reads and what ends up in the Outbox and the store.
@Suite struct CollectorEndToEndTests {
    @Test func finalisedResponsesAreSentStoredOnceAndExportedAsTheyWereSent() async throws {
        try await CollectorFixture.run { fixture in
            let token = try await fixture.token(forms: ["tupe-timing", "barriers-to-entry", "written-evidence"])
            let tupeID = try await fixture.finalize("tupe-timing", CollectorFixture.tupeTiming)
            let tendersID = try await fixture.finalize("tupe-timing", CollectorFixture.tupeTimingWithTenders)
            let barriersID = try await fixture.finalize("barriers-to-entry", CollectorFixture.barriersToEntry)
            let evidenceID = try await fixture.finalize(
                "written-evidence", CollectorFixture.writtenEvidence, attach: CollectorFixture.pdf)
            let allIDs: Set = [tupeID, tendersID, barriersID, evidenceID]
            let outbox = fixture.outbox

            let send = await fixture.send(token: token)
            #expect(send.status == 0, "\(send.errorOutput)")
            #expect(send.errorOutput == "")
            #expect(send.output.hasPrefix("Sending 4 responses from \(outbox.folder(.ready)).\n"))
            #expect(send.output.hasSuffix("Sent 4 (0 already stored), rejected 0, left in ready 0.\n"))
            #expect(outbox.ids(in: .ready).isEmpty)
            #expect(Set(outbox.ids(in: .sent)) == allIDs)

            // The store holds exactly the responses sent, byte for byte, under the SHA-256 of each receipt.
            let stored = try await fixture.exportJSONL(["tupe-timing", "barriers-to-entry", "written-evidence"])
            #expect(Set(stored.keys) == allIDs)
            #expect(stored.count == 4)
            for id in allIDs.sorted() {
                let line = try #require(stored[id])
                let sent = try #require(FileManager.default.contents(atPath: outbox.path(of: id, in: .sent)))
                #expect(line == sent, "\(id) is stored as it was finalised and sent")
                let receipt = try fixture.receipt(id)
                #expect(receipt["status"] == .number(201), "\(id)")
                #expect(receipt["sha256"] == .string(DurableFile.sha256(of: line)), "\(id)")
                #expect(receipt["body"]?.object?["sha256"] == .string(DurableFile.sha256(of: line)), "\(id)")
                #expect(receipt["body"]?.object?["id"] == .string(id))
            }

            // The attachment: in the sent response's folder and in the store under its SHA-256, byte for byte.
            let evidence = try outbox.response(evidenceID, in: .sent)
            let attachment = try #require(evidence.attachments.first)
            #expect(attachment.sha256 == DurableFile.sha256(of: CollectorFixture.pdf))
            let storedFile = "\(fixture.data)/attachments/\(attachment.sha256.prefix(2))/\(attachment.sha256)"
            #expect(FileManager.default.contents(atPath: storedFile) == CollectorFixture.pdf)
            let sentFile = outbox.attachmentsFolder(of: evidenceID, in: .sent) + "/" + attachment.name
            #expect(FileManager.default.contents(atPath: sentFile) == CollectorFixture.pdf)

            // Sending again sends nothing.
            let again = await fixture.send(token: token)
            #expect(again.status == 0, "\(again.errorOutput)")
            #expect(again.output == "Nothing to send: \(outbox.folder(.ready)) is empty.\n")

            // A response sent before a crash stopped its move to sent/: the collector answers 200 with the first
            // receipt, and nothing new is stored.
            let firstReceipt = try fixture.receipt(tupeID)
            #expect(rename(outbox.path(of: tupeID, in: .sent), outbox.path(of: tupeID, in: .ready)) == 0)
            try FileManager.default.removeItem(atPath: outbox.folder(.sent) + "/\(tupeID).receipt.json")
            let resent = await fixture.send(token: token)
            #expect(resent.status == 0, "\(resent.errorOutput)")
            #expect(
                resent.output == """
                    Sending 1 response from \(outbox.folder(.ready)).
                    sent \(tupeID) (the collector already had it)
                    Sent 1 (1 already stored), rejected 0, left in ready 0.

                    """)
            let secondReceipt = try fixture.receipt(tupeID)
            #expect(secondReceipt["status"] == .number(200))
            #expect(secondReceipt["body"] == firstReceipt["body"], "the same receipt as the first time")
            #expect(try await fixture.exportJSONL(["tupe-timing", "barriers-to-entry", "written-evidence"]) == stored)
        }
    }

    @Test(arguments: ["a token for another form", "an analyst token"])
    func aTokenNotForTheFormStopsTheSendWith403AndLeavesTheResponseReady(_ kind: String) async throws {
        try await CollectorFixture.run { fixture in
            let token =
                kind == "an analyst token"
                ? try await fixture.token(role: "analyst", organisation: nil, forms: [])
                : try await fixture.token(forms: ["qa-regime"])
            let id = try await fixture.finalize("tupe-timing", CollectorFixture.tupeTiming)

            let send = await fixture.send(token: token)
            #expect(send.status == 1)
            #expect(send.output == "Sending 1 response from \(fixture.outbox.folder(.ready)).\n")
            #expect(
                send.errorOutput
                    == "error: the token is not allowed to submit the form tupe-timing (403); ask the council for a "
                    + "token for it\n")
            #expect(!send.errorOutput.contains(token))
            #expect(fixture.outbox.ids(in: .ready) == [id])
            #expect(fixture.outbox.ids(in: .sent).isEmpty && fixture.outbox.ids(in: .rejected).isEmpty)
            #expect(try await fixture.exportJSONL(["tupe-timing"]).isEmpty, "nothing was stored")
        }
    }

    @Test func aRevokedTokenIsRefusedWith401AndTheResponseWaitsForANewToken() async throws {
        try await CollectorFixture.run { fixture in
            let token = try await fixture.token(forms: ["tupe-timing"])
            let first = try await fixture.finalize("tupe-timing", CollectorFixture.tupeTiming)
            let sent = await fixture.send(token: token)
            #expect(sent.status == 0, "\(sent.errorOutput)")

            let tokenID = String(token.split(separator: "_")[1])
            let revoke = await runCanvass(["token", "revoke", "--data", fixture.data, token])
            #expect(revoke.status == 0, "\(revoke.errorOutput)")
            #expect(revoke.output == "Revoked token \(tokenID).\n")
            // The collector keeps a token it has read for up to a second: wait until it refuses this one.
            let refusal = try await fixture.waitUntilRefused(token)
            #expect(refusal.status == 401)
            #expect(String(decoding: refusal.body, as: UTF8.self).contains("the token is not known or was revoked"))

            let second = try await fixture.finalize("tupe-timing", CollectorFixture.tupeTimingWithTenders)
            let refused = await fixture.send(token: token)
            #expect(refused.status == 1)
            #expect(
                refused.errorOutput == "error: the collector refused the token (401); check --token or CANVASS_TOKEN\n")
            #expect(fixture.outbox.ids(in: .ready) == [second])
            #expect(try await fixture.exportJSONL(["tupe-timing"]).keys.sorted() == [first])

            let newToken = try await fixture.token(forms: ["tupe-timing"])
            let resent = await fixture.send(token: newToken)
            #expect(resent.status == 0, "\(resent.errorOutput)")
            #expect(fixture.outbox.ids(in: .ready).isEmpty)
            #expect(Set(try await fixture.exportJSONL(["tupe-timing"]).keys) == [first, second])
        }
    }

    @Test func csvExportOfARepeatFormWritesTheSectionBesideTheMainFile() async throws {
        try await CollectorFixture.run { fixture in
            let token = try await fixture.token(forms: ["tupe-timing"])
            let one = try await fixture.finalize("tupe-timing", CollectorFixture.tupeTiming)
            let two = try await fixture.finalize("tupe-timing", CollectorFixture.tupeTimingWithTenders)
            let send = await fixture.send(token: token)
            #expect(send.status == 0, "\(send.errorOutput)")

            let output = fixture.folder + "/tupe.csv"
            let export = await runCanvass([
                "export", "--data", fixture.data, "--form", "tupe-timing", "--format", "csv", "--output", output,
            ])
            #expect(export.status == 0, "\(export.errorOutput)")
            #expect(export.output == "")
            #expect(export.errorOutput == "exported 2 responses to \(output)\n")

            let main = try CSVRecords(path: output)
            #expect(main.rows.count == 3, "a header and one row per response")
            #expect(Array(main.header.prefix(7)) == ResponseTable.metadataColumns + ["organisation", "received_at"])
            #expect(Set(main.column("id")) == [one, two])
            #expect(main.column("organisation") == ["Riverside Community Trust", "Riverside Community Trust"])
            #expect(Set(main.column("tenders_recorded")) == ["1", "2"])

            let tenders = try CSVRecords(path: fixture.folder + "/tupe.tenders.csv")
            #expect(tenders.rows.count == 4, "a header and one row per tender: 1 + 2")
            #expect(Array(tenders.header.prefix(2)) == ["response_id", "instance"])
            #expect(tenders.column("response_id").sorted() == [one, two, two].sorted())
            let tenderNames = Set(tenders.column("tender_name"))
            #expect(tenderNames == ["", "Youth services: Maidstone lot", "Healthy lifestyles service"])
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.folder).filter {
                $0.contains(".tmp")
            }
            #expect(leftovers.isEmpty, "no temporary file is left beside the exports")

            let toStandardOutput = await runCanvass([
                "export", "--data", fixture.data, "--form", "tupe-timing", "--format", "csv",
            ])
            #expect(toStandardOutput.status == 1)
            #expect(toStandardOutput.output == "")
            #expect(
                toStandardOutput.errorOutput
                    == "error: tupe-timing has repeat sections, which go in CSV files of their own: give --output "
                    + "FILE.csv (they are written beside it as FILE.SECTION.csv)\n")
        }
    }

    /// `canvass token` and `canvass export` open the data folder while the collector serves it (revoking a token is
    /// meant to be done then); opening it must not disturb an upload in progress.
    @Test func aTokenCommandRunWhileAnAttachmentUploadsLeavesTheUploadAlone() async throws {
        try await CollectorFixture.run { fixture in
            let token = try await fixture.token(forms: ["written-evidence"])
            let (connection, rest, _) = try await fixture.beginUpload(token: token)
            let list = await runCanvass(["token", "list", "--data", fixture.data])
            #expect(list.status == 0, "\(list.errorOutput)")
            try connection.send(rest)
            let answer = String(decoding: try connection.readToEnd(), as: UTF8.self)
            // Only `canvass serve`, holding the data folder's lock, empties DATA/tmp; other commands leave it alone.
            #expect(answer.hasPrefix("HTTP/1.1 201"), "\(answer)")
        }
    }

    /// SIGTERM while a submission is half uploaded: the collector finishes it (201, stored) before it stops, and
    /// its log holds neither the token nor the answers.
    @Test func sigtermFinishesASubmissionInFlight() async throws {
        try await CollectorFixture.run { fixture in
            let token = try await fixture.token(forms: ["written-evidence"])
            let (connection, rest, id) = try await fixture.beginUpload(token: token)
            fixture.collector.terminate()
            try await Task.sleep(for: .milliseconds(200))
            try connection.send(rest)
            let answer = String(decoding: try connection.readToEnd(), as: UTF8.self)
            #expect(answer.hasPrefix("HTTP/1.1 201"), "\(answer)")
            // The store is read after the collector has stopped (CollectorFixture.run stops it and checks it
            // exited 0); here, that the log never repeats an answer.
            let output = fixture.collector.output
            #expect(!output.contains("Riverside Family Mediation"), "the collector never logs an answer")
            #expect(!output.contains(token))
            #expect(output.contains("POST /forms/written-evidence/responses 201"))
            let stored = try await fixture.exportJSONL(["written-evidence"])
            #expect(stored.keys.sorted() == [id], "the response in flight was stored")
        }
    }
}

/// A blocking connection to 127.0.0.1 that writes raw bytes and reads the raw answer, for a request sent in pieces.
private final class RawConnection {
    private let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let descriptor = descriptor
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        // A guard against a hang: the collector answers long before this.
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard connected else {
            close(descriptor)
            throw POSIXError(.ECONNREFUSED)
        }
    }

    deinit { close(descriptor) }

    /// Writes all of `data`.
    func send(_ data: Data) throws {
        var offset = 0
        let bytes = [UInt8](data)
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { buffer in
                Foundation.send(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw POSIXError(.EPIPE) }
            offset += sent
        }
    }

    /// Reads until the collector closes the connection.
    func readToEnd() throws -> Data {
        var answer = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { return answer }
            answer.append(contentsOf: buffer[0..<count])
        }
    }
}

/// A collector running on its own data folder, an Outbox, and the commands a provider and an analyst would run.
private struct CollectorFixture {
    let folder: String
    let data: String
    let outbox: Outbox
    let collector: CollectorProcess

    /// Starts a collector for `body` and stops it afterwards with SIGTERM, which must end it cleanly; if `body` throws,
    /// kills it.
    static func run(_ body: (CollectorFixture) async throws -> Void) async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: CollectorProcess.executable),
            "these tests run the real collector: build it with `swift build` (looked for \(CollectorProcess.executable))"
        )
        try await withTemporaryFolder { folder in
            let data = folder + "/Data"
            let collector = try await CollectorProcess.start(
                data: data, outputPath: folder + "/serve.txt", arguments: ["--rate-limit", "0"])
            let fixture = CollectorFixture(
                folder: folder, data: data, outbox: Outbox(root: folder + "/Outbox"), collector: collector)
            do {
                try await body(fixture)
            } catch {
                collector.kill()
                throw error
            }
            let termination = await collector.stop()
            let output = collector.output
            #expect(termination == .exited(0), "canvass serve after SIGTERM: \(output)")
            #expect(output.hasSuffix("canvass serve: stopped; every response acknowledged is stored\n"))
            #expect(!output.contains("canvass_"), "the collector never logs a token")
        }
    }

    /// Starts posting a written-evidence response with a 200 KB attachment over a raw connection, sending all but
    /// half the file, and returns once the collector is receiving it: the connection, the bytes still to send, the
    /// response id.
    fileprivate func beginUpload(token: String) async throws -> (RawConnection, Data, String) {
        let pdf = Data("%PDF-1.4\n".utf8) + Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let id = try await self.finalize("written-evidence", CollectorFixture.writtenEvidence, attach: pdf)
        let json = try #require(FileManager.default.contents(atPath: self.outbox.path(of: id, in: .ready)))
        let boundary = "canvass-upload-test"
        let body =
            Data(
                ("--\(boundary)\r\nContent-Disposition: form-data; name=\"response\"\r\n"
                    + "Content-Type: application/json\r\n\r\n").utf8) + json
            + Data(
                ("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"attachment\"; "
                    + "filename=\"submission.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").utf8) + pdf
            + Data("\r\n--\(boundary)--\r\n".utf8)
        let head =
            "POST /forms/written-evidence/responses HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Authorization: Bearer \(token)\r\nIdempotency-Key: \(id)\r\n"
            + "Content-Type: multipart/form-data; boundary=\(boundary)\r\nContent-Length: \(body.count)\r\n"
            + "Connection: close\r\n\r\n"
        let port = try #require(self.collector.url.port)
        let connection = try RawConnection(port: port)
        let half = body.count - pdf.count / 2
        try connection.send(Data(head.utf8) + body.prefix(half))
        // The upload is under way once its temporary file appears.
        let uploads = self.data + "/tmp"
        let deadline = ContinuousClock.now + .seconds(60)
        while ((try? FileManager.default.contentsOfDirectory(atPath: uploads)) ?? []).isEmpty {
            try #require(ContinuousClock.now < deadline, "the upload never reached \(uploads)")
            try await Task.sleep(for: .milliseconds(5))
        }
        return (connection, body.dropFirst(half), id)
    }

    /// Makes a token with `canvass token create`.
    func token(
        role: String = "submitter", organisation: String? = "Riverside Community Trust", forms: [String],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) async throws -> String {
        let (token, run) = await makeCollectorToken(data: data, role: role, organisation: organisation, forms: forms)
        return try #require(token, "canvass token create: \(run.errorOutput)", sourceLocation: sourceLocation)
    }

    /// Finalises `answers` to the shipped form `form` into the Outbox (attaching `attach` as a PDF) and returns the id.
    func finalize(
        _ form: String, _ answers: String, attach: Data? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) async throws -> String {
        let answersPath = writeFixture(answers, named: "answers-\(UUID().uuidString).yaml", in: folder)
        var arguments = ["finalize", repositoryRoot + "/Forms/\(form).yaml", answersPath, "--outbox", outbox.root]
        if let attach {
            let path = folder + "/submission.pdf"
            _ = FileManager.default.createFile(atPath: path, contents: attach)
            arguments += ["--attach", "submission_file=" + path]
        }
        let run = await runCanvass(arguments)
        try #require(run.status == 0, "canvass finalize \(form): \(run.errorOutput)", sourceLocation: sourceLocation)
        return try #require(run.output.split(separator: "\n").last.map(String.init), sourceLocation: sourceLocation)
    }

    /// Runs `canvass send` to the collector.
    func send(token: String) async -> CommandRun {
        await runCanvass([
            "send", "--outbox", outbox.root, "--to", collector.url.absoluteString, "--token", token, "--retry-delay",
            "10",
        ])
    }

    /// What `canvass export --format jsonl` gives for each of `forms`: each line's bytes by response id.
    func exportJSONL(
        _ forms: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) async throws -> [String: Data] {
        var lines: [String: Data] = [:]
        for form in forms {
            let run = await runCanvass(["export", "--data", data, "--form", form, "--format", "jsonl"])
            try #require(run.status == 0, "canvass export: \(run.errorOutput)", sourceLocation: sourceLocation)
            #expect(run.output.isEmpty || run.output.hasSuffix("\n"), sourceLocation: sourceLocation)
            for line in run.output.split(separator: "\n") {
                let bytes = Data(line.utf8)
                let id = try Response(parsing: bytes).id
                #expect(lines[id] == nil, "\(id) is exported once", sourceLocation: sourceLocation)
                lines[id] = bytes
            }
        }
        return lines
    }

    /// The receipt `canvass send` kept for `id`.
    func receipt(_ id: String) throws -> [String: JSONValue] {
        let path = outbox.folder(.sent) + "/\(id).receipt.json"
        let data = try #require(FileManager.default.contents(atPath: path), "\(path)")
        return try #require(try JSONValue(parsing: data).object)
    }

    /// Asks the collector, until it stops accepting `token`, for the responses (which a submitter may not read:
    /// 403 while the token is live); returns the refusal. Gives up after a minute, a guard against a hang.
    func waitUntilRefused(_ token: String) async throws -> HTTPResponse {
        let client = HTTPClient()
        defer { client.shutdown() }
        let url = collector.url.appendingPathComponent("forms/tupe-timing/responses")
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            let answer = try await client.perform(
                HTTPRequest(url: url, headers: [(name: "Authorization", value: "Bearer \(token)")]))
            if answer.status != 403 || ContinuousClock.now > deadline { return answer }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// A PDF to attach.
    static let pdf = Data("%PDF-1.4\n% Canvass end-to-end test\n".utf8) + Data((0..<50_000).map { UInt8($0 % 251) })

    static let tupeTiming = """
        org_size: small
        any_tenders: yes
        tenders:
          - directorate: communities
            tupe_applied: yes
            tupe_info_timing: after_award
            tupe_effects: [renegotiation, unbudgeted_cost]
            unbudgeted_cost: 12000

        """

    static let tupeTimingWithTenders = """
        org_size: medium
        any_tenders: yes
        tenders:
          - tender_name: "Youth services: Maidstone lot"
            closing_date: 2025-06-30
            directorate: communities
            tupe_applied: yes
            tupe_info_timing: invitation
            tupe_effects: [none]
          - tender_name: Healthy lifestyles service
            directorate: public_health
            tupe_applied: no
        directorate_consistency: 2
        tupe_comments: |
          Children's Services gave us staff lists with the invitation, "in good time".

          Communities sent them after award, which cost us our margin.

        """

    static let barriersToEntry = """
        org_size: small
        paid_staff: 6
        legal_form: cio
        directorates: [children, communities]
        council_income_pct: 70
        lots_deliverable: some
        lot_preference: small_lots
        bid_staff_days: 12
        bid_team: [manager_does_it]
        not_bid_reasons: [lot_too_large, deadline]
        tenders_not_bid: 3
        tenders_at_once: sometimes
        at_once_response: bid_some
        in_consortium: yes
        consortium_setup_months: 18
        framework_status: member
        framework_guidance_clear: 2
        framework_application_days: 6
        criteria_changed: changed
        criteria_change_effect: 2
        criteria_change_detail: "The pass mark fell while we were applying, so far more providers joined."
        cash_flow_risk: 4
        other_comments: |
          Lots covering half the county are beyond a charity of our size.

        """

    static let writtenEvidence = """
        capacity: organisation
        org_name: Riverside Family Mediation
        org_size: medium
        contact_name: A. Provider
        role: Chief executive
        contact_email: chief.executive@riverside.example.org
        ev_barriers: Tenders released three at a time meant choosing which one to do well.
        ev_tender_information: TUPE details arrived only after award on one contract.
        consent_publish: publish_full
        oral_evidence: yes

        """
}

/// A CSV file read into rows of cells (quoted cells, doubled quotes, line breaks inside quotes, `\r\n` endings).
private struct CSVRecords {
    var rows: [[String]]

    init(path: String) throws {
        let data = try #require(FileManager.default.contents(atPath: path), "\(path) was written")
        rows = []
        var row: [String] = []
        var cell = ""
        var quoted = false
        var scalars = String(decoding: data, as: UTF8.self).unicodeScalars.makeIterator()
        var pending: Unicode.Scalar?
        while let scalar = pending ?? scalars.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    let next = scalars.next()
                    if next == "\"" {
                        cell.unicodeScalars.append("\"")
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    cell.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"": quoted = true
            case ",":
                row.append(cell)
                cell = ""
            case "\r": break
            case "\n":
                row.append(cell)
                rows.append(row)
                row = []
                cell = ""
            default: cell.unicodeScalars.append(scalar)
            }
        }
        #expect(row.isEmpty && cell.isEmpty && !quoted, "\(path) ends with a whole line")
    }

    var header: [String] { rows.first ?? [] }

    /// The cells of the column named `name`, below the header.
    func column(_ name: String) -> [String] {
        guard let index = header.firstIndex(of: name) else { return [] }
        return rows.dropFirst().map { index < $0.count ? $0[index] : "" }
    }
}
