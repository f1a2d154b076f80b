import CanvassForms
import CanvassOutbox
import CanvassResponses
import CanvassTesting
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite struct OutboxTests {
    /// A finished response to the test form, optionally with attachments.
    static func response(id: String = Response.newID(), attachments: [CanvassResponses.Attachment] = []) -> Response {
        Response(
            form: "tender-check", formVersion: "2026.1", id: id, createdAt: "2026-11-28T10:00:00Z",
            completedAt: "2026-11-28T10:05:00Z", answers: ["org_size": .string("small"), "bid": .bool(true)],
            attachments: attachments)
    }

    /// Writes `text` as a file to attach and describes it as an attachment to the question `evidence`.
    static func attachment(_ text: String, named name: String, in folder: String) -> (
        CanvassResponses.Attachment, String
    ) {
        let path = writeFixture(text, named: name, in: folder)
        let attachment = CanvassResponses.Attachment(
            question: "evidence", name: name, bytes: text.utf8.count, sha256: DurableFile.sha256(of: Data(text.utf8)),
            mediaType: CanvassResponses.Attachment.mediaType(forName: name))
        return (attachment, path)
    }

    static func names(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    @Test func prepareCreatesTheFourFolders() async throws {
        try await withTemporaryFolder { folder in
            let outbox = Outbox(root: folder + "/Outbox")
            try outbox.prepare()
            #expect(Self.names(in: outbox.root) == [".lock", "drafts", "ready", "rejected", "sent"])
            for state in Outbox.State.allCases {
                var isFolder: ObjCBool = false
                #expect(FileManager.default.fileExists(atPath: outbox.folder(state), isDirectory: &isFolder))
                #expect(isFolder.boolValue, "\(state)")
                #expect(outbox.ids(in: state).isEmpty)
            }
            try outbox.prepare()  // preparing again changes nothing
            #expect(Self.names(in: outbox.root) == [".lock", "drafts", "ready", "rejected", "sent"])
        }
    }

    @Test func theLockKeepsOutOtherHolders() async throws {
        try await withTemporaryFolder { folder in
            let outbox = Outbox(root: folder)
            try outbox.prepare()
            let other = open(folder + "/.lock", O_RDWR | O_CLOEXEC)
            #expect(other >= 0)
            defer { close(other) }
            let taken = try outbox.withLock { flock(other, LOCK_EX | LOCK_NB) == 0 }
            #expect(!taken, "another holder waits while the Outbox is locked")
            #expect(flock(other, LOCK_EX | LOCK_NB) == 0, "and gets the lock when it is released")
        }
    }

    @Test func finalizingADraftMovesItToReady() async throws {
        try await withTemporaryFolder { folder in
            let outbox = Outbox(root: folder)
            try outbox.prepare()
            var draft = Self.response()
            draft.completedAt = nil
            try outbox.saveDraft(draft)
            #expect(outbox.state(of: draft.id) == .drafts)
            #expect(outbox.ids(in: .drafts) == [draft.id])
            #expect(try outbox.response(draft.id, in: .drafts) == draft)

            var finished = draft
            finished.completedAt = "2026-11-28T10:05:00Z"
            try outbox.finalize(finished)
            #expect(outbox.state(of: draft.id) == .ready)
            #expect(outbox.ids(in: .drafts).isEmpty)
            #expect(outbox.ids(in: .ready) == [draft.id])
            #expect(!FileManager.default.fileExists(atPath: outbox.path(of: draft.id, in: .drafts)))
            #expect(try outbox.response(draft.id, in: .ready) == finished)
            #expect(Self.names(in: outbox.folder(.drafts)).isEmpty, "no temporary file is left behind")
            #expect(Self.names(in: outbox.folder(.ready)) == ["\(draft.id).json"])
        }
    }

    @Test func finalizeCopiesAttachmentsWithTheirHashes() async throws {
        try await withTemporaryFolder { folder in
            let outbox = Outbox(root: folder + "/Outbox")
            try outbox.prepare()
            let (pdf, pdfPath) = Self.attachment("%PDF-1.4 evidence\n", named: "evidence.pdf", in: folder)
            let (notes, notesPath) = Self.attachment(
                String(repeating: "notes ", count: 20_000), named: "notes.txt", in: folder)
            let response = Self.response(attachments: [pdf, notes])
            try outbox.finalize(response, files: ["evidence.pdf": pdfPath, "notes.txt": notesPath])

            #expect(try outbox.response(response.id, in: .ready) == response)
            let copies = outbox.attachmentsFolder(of: response.id)
            #expect(Self.names(in: copies) == ["evidence.pdf", "notes.txt"])
            for attachment in [pdf, notes] {
                let copy = (copies as NSString).appendingPathComponent(attachment.name)
                #expect(try DurableFile.sha256(ofFile: copy) == attachment.sha256)
                #expect(FileManager.default.contents(atPath: copy)?.count == attachment.bytes)
            }
            #expect(
                FileManager.default.contents(atPath: copies + "/notes.txt")
                    == FileManager.default.contents(atPath: notesPath))
        }
    }

    @Test func finalizeRefusesAMissingOrChangedAttachment() async throws {
        try await withTemporaryFolder { folder in
            let outbox = Outbox(root: folder + "/Outbox")
            try outbox.prepare()
            let (pdf, path) = Self.attachment("original", named: "evidence.pdf", in: folder)
            let missing = Self.response(attachments: [pdf])
            let noFile = #expect(throws: OutboxError.self) { try outbox.finalize(missing) }
            #expect(noFile?.message == "no file was given for the attachment evidence.pdf")
            #expect(noFile?.isEnvironmental == false)
            #expect(outbox.state(of: missing.id) == nil)

            writeFixture("changed since it was hashed", named: "evidence.pdf", in: folder)
            let changed = Self.response(attachments: [pdf])
            let error = #expect(throws: OutboxError.self) {
                try outbox.finalize(changed, files: ["evidence.pdf": path])
            }
            #expect(error?.message == "\(path) changed while it was being attached; attach it again")
            #expect(outbox.state(of: changed.id) == nil)

            // What the refused attempts left behind is an orphan, which recovery clears.
            outbox.recover()
            #expect(Self.names(in: outbox.folder(.ready)).isEmpty)
        }
    }

    @Test(arguments: [Outbox.State.ready, .sent, .rejected])
    func finalizeRefusesAnIdThatIsAlreadyFinished(_ state: Outbox.State) async throws {
        try await withTemporaryFolder { folder in
            let outbox = Outbox(root: folder)
            try outbox.prepare()
            let first = Self.response()
            try DurableFile.write(Data(first.canonicalText.utf8), to: outbox.path(of: first.id, in: state))
            var second = first
            second.answers["org_size"] = .string("large")
            let error = #expect(throws: OutboxError.self) { try outbox.finalize(second) }
            #expect(error?.message == "a response with the id \(first.id) is already in \(folder)/\(state.rawValue)")
            #expect(error?.isEnvironmental == false)
            #expect(outbox.state(of: first.id) == state)
            #expect(try outbox.response(first.id, in: state) == first, "the stored response is unchanged")
            let others = Outbox.State.allCases.filter { $0 != state }
            #expect(others.allSatisfy { outbox.ids(in: $0).isEmpty })
        }
    }

    @Test func idsListOnlyResponses() async throws {
        try await withTemporaryFolder { folder in
            let outbox = Outbox(root: folder)
            try outbox.prepare()
            let sent = outbox.folder(.sent)
            let id = "0f8fad5b-d9cb-469f-a165-70867728950e"
            for name in [
                "\(id).json", "\(id).receipt.json", "b-2.error.json", ".tmp-6210BF91-F96C-438D-94F1-3EF10F252899",
                ".tmp-6210BF91.json", ".hidden.json", "has space.json", "notes.txt", "\(id).files", "a.json.bak",
                "ok_1.2.json",
            ] {
                writeFixture("{}", named: name, in: sent)
            }
            writeFixture("{}", named: "\(String(repeating: "x", count: 129)).json", in: sent)
            #expect(outbox.ids(in: .sent) == [id, "ok_1.2"])
            #expect(outbox.ids(in: .ready).isEmpty)
        }
    }

    @Test func recoverRemovesWhatAnInterruptedWriteLeft() async throws {
        try await withTemporaryFolder { folder in
            let outbox = Outbox(root: folder)
            try outbox.prepare()
            let ready = outbox.folder(.ready)
            let (pdf, path) = Self.attachment("evidence", named: "evidence.pdf", in: folder)
            let finished = Self.response(attachments: [pdf])
            try outbox.finalize(finished, files: ["evidence.pdf": path])
            // A draft being finalised when the process died: its copies are kept, a half-copied file is not.
            var draft = Self.response()
            draft.completedAt = nil
            try outbox.saveDraft(draft)
            let draftFiles = outbox.attachmentsFolder(of: draft.id)
            try FileManager.default.createDirectory(atPath: draftFiles, withIntermediateDirectories: true)
            writeFixture("evidence", named: "evidence.pdf", in: draftFiles)
            writeFixture("evid", named: ".tmp-00000000-0000-0000-0000-000000000001", in: draftFiles)
            // A response whose attachments were copied but which never arrived.
            let orphan = outbox.attachmentsFolder(of: Response.newID())
            try FileManager.default.createDirectory(atPath: orphan, withIntermediateDirectories: true)
            writeFixture("evidence", named: "evidence.pdf", in: orphan)
            for state in Outbox.State.allCases {
                writeFixture("{\"can", named: ".tmp-00000000-0000-0000-0000-000000000002", in: outbox.folder(state))
            }

            outbox.recover()
            #expect(
                Self.names(in: ready) == ["\(draft.id).files", "\(finished.id).files", "\(finished.id).json"].sorted())
            #expect(Self.names(in: outbox.attachmentsFolder(of: finished.id)) == ["evidence.pdf"])
            #expect(Self.names(in: draftFiles) == ["evidence.pdf"])
            #expect(Self.names(in: outbox.folder(.drafts)) == ["\(draft.id).json"])
            #expect(Self.names(in: outbox.folder(.sent)).isEmpty)
            #expect(Self.names(in: outbox.folder(.rejected)).isEmpty)
            #expect(try outbox.response(finished.id, in: .ready) == finished)
        }
    }

    @Test func itemsReportSizesAndProblems() async throws {
        try await withTemporaryFolder { folder in
            let outbox = Outbox(root: folder)
            try outbox.prepare()
            let (pdf, path) = Self.attachment(String(repeating: "p", count: 3000), named: "evidence.pdf", in: folder)
            let withFile = Self.response(id: "a-with-file", attachments: [pdf])
            try outbox.finalize(withFile, files: ["evidence.pdf": path])
            let sent = Self.response(id: "b-sent")
            try DurableFile.write(Data(sent.canonicalText.utf8), to: outbox.path(of: sent.id, in: .sent))
            writeFixture("{}", named: "b-sent.receipt.json", in: outbox.folder(.sent))
            let broken = "{\"canvass\":1,\"form\":\"tender-ch"
            writeFixture(broken, named: "c-broken.json", in: outbox.folder(.ready))

            let items = outbox.items()
            #expect(items.map(\.id) == ["a-with-file", "c-broken", "b-sent"])
            #expect(items.map(\.state) == [.ready, .ready, .sent])
            #expect(items[0].bytes == withFile.canonicalText.utf8.count + 3000)
            #expect(items[0].form == "tender-check")
            #expect(items[0].formVersion == "2026.1")
            #expect(items[0].completedAt == "2026-11-28T10:05:00Z")
            #expect(items[0].problem == nil)
            #expect(items[1].bytes == broken.utf8.count)
            #expect(items[1].form == nil)
            let problem = try #require(items[1].problem)
            #expect(problem.hasPrefix("\(outbox.path(of: "c-broken", in: .ready)) is not a valid response: "))
            #expect(items[2].bytes == sent.canonicalText.utf8.count, "the receipt is not counted")
            #expect(items[2].problem == nil)
        }
    }
}
