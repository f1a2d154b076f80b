public import CanvassForms
import CanvassResponses
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Outbox {
    /// Moves a ready response to `sent/`, with the collector's receipt beside it.
    ///
    /// The receipt is written first and the response then moves by one rename, so a crash leaves the response in
    /// exactly one state (a receipt without its response is ignored and rewritten by the next send).
    public func markSent(_ id: String, receipt: JSONValue) throws(OutboxError) {
        try move(id, to: .sent, note: receipt, suffix: "receipt")
    }

    /// Moves a batch of ready responses to `sent/` with their receipts, syncing the file system twice for the
    /// whole batch (group commit) instead of several times per response.
    ///
    /// Every receipt is written and made durable before any response moves, and each response moves by one
    /// rename, so a crash leaves each response whole in exactly one state.
    public func markSent(_ receipts: [(id: String, receipt: JSONValue)]) throws(OutboxError) {
        for (id, receipt) in receipts {
            guard FileManager.default.fileExists(atPath: path(of: id, in: .ready)) else {
                throw .notFound("there is no response \(id) in \(folder(.ready))")
            }
            let notePath = (folder(.sent) as NSString).appendingPathComponent("\(id).receipt.json")
            try DurableFile.write(Data((receipt.prettyText + "\n").utf8), to: notePath, synced: false)
        }
        try DurableFile.syncFileSystem(of: root)
        for (id, _) in receipts {
            guard rename(path(of: id, in: .ready), path(of: id, in: .sent)) == 0 else {
                throw .io("could not move \(id) to \(folder(.sent))", errno)
            }
            let files = attachmentsFolder(of: id, in: .ready)
            if FileManager.default.fileExists(atPath: files), rename(files, attachmentsFolder(of: id, in: .sent)) != 0 {
                throw .io("could not move the attachments of \(id) to \(folder(.sent))", errno)
            }
        }
        try DurableFile.syncFileSystem(of: root)
    }

    /// Moves a ready response to `rejected/`, with the collector's reason beside it.
    public func markRejected(_ id: String, reason: JSONValue) throws(OutboxError) {
        try move(id, to: .rejected, note: reason, suffix: "error")
    }

    /// Moves a ready response and its attachments to `state`, its note first.
    ///
    /// It runs without the write lock, so many responses move at once and their fsyncs overlap: the caller is the
    /// only sender (`asOnlySender`), and temporary files name their process, so no other command's clean-up takes
    /// them for a crash's leftovers.
    private func move(_ id: String, to state: State, note: JSONValue, suffix: String) throws(OutboxError) {
        guard FileManager.default.fileExists(atPath: path(of: id, in: .ready)) else {
            throw .notFound("there is no response \(id) in \(folder(.ready))")
        }
        let notePath = (folder(state) as NSString).appendingPathComponent("\(id).\(suffix).json")
        try DurableFile.write(Data((note.prettyText + "\n").utf8), to: notePath)
        try DurableFile.move(path(of: id, in: .ready), to: path(of: id, in: state))
        let files = attachmentsFolder(of: id, in: .ready)
        if FileManager.default.fileExists(atPath: files) {
            try DurableFile.move(files, to: attachmentsFolder(of: id, in: state))
        }
    }

    /// Runs `body` as the only sender of this Outbox, or fails at once if another sender is running.
    ///
    /// A separate lock from the write lock, held for the whole run, so providers can still finalise responses
    /// while a long send is under way.
    public func asOnlySender<T>(_ body: () async throws -> T) async throws -> T {
        let path = (root as NSString).appendingPathComponent(".send.lock")
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OutboxError.io("could not open \(path)", errno) }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            throw OutboxError.locked("another canvass send is already sending \(root); wait for it to finish")
        }
        try finishInterruptedMoves()
        return try await body()
    }

    /// Completes the moves to `sent/` or `rejected/` that a crash interrupted after the response moved but before its
    /// attachments followed, so no response is left with its files in `ready/`.
    func finishInterruptedMoves() throws(OutboxError) {
        try withLock { () throws(OutboxError) in
            let files = FileManager.default
            let names = (try? files.contentsOfDirectory(atPath: folder(.ready))) ?? []
            for name in names where name.hasSuffix(".files") && !name.hasPrefix(".") {
                let id = String(name.dropLast(".files".count))
                let moved = [State.sent, .rejected].first { files.fileExists(atPath: path(of: id, in: $0)) }
                guard let state = moved, !files.fileExists(atPath: path(of: id, in: .ready)),
                    !files.fileExists(atPath: attachmentsFolder(of: id, in: state))
                else { continue }
                try DurableFile.move(attachmentsFolder(of: id, in: .ready), to: attachmentsFolder(of: id, in: state))
            }
        }
    }
}
