public import CanvassResponses
import Foundation

/// The folder where finished responses wait to be sent (DESIGN.md, Outbox):
/// `drafts/`, `ready/`, `sent/` and `rejected/`, one `<id>.json` per response.
///
/// Every write is atomic and durable, and a response moves between states by a single rename, so a crash at any
/// instant leaves each response whole in exactly one state.
public struct Outbox: Sendable {
    /// The states a response passes through.
    public enum State: String, Sendable, CaseIterable {
        /// Started, not finished (resumable).
        case drafts
        /// Finished and valid, waiting to be sent.
        case ready
        /// Accepted by the collector.
        case sent
        /// Permanently refused by the collector.
        case rejected
    }

    /// The Outbox folder.
    public let root: String

    /// An Outbox at `root`; call `prepare()` before writing to it.
    public init(root: String) {
        self.root = root
    }

    /// The folder of a state.
    public func folder(_ state: State) -> String { (root as NSString).appendingPathComponent(state.rawValue) }

    /// The response file of `id` in `state`.
    public func path(of id: String, in state: State) -> String {
        (folder(state) as NSString).appendingPathComponent("\(id).json")
    }

    /// The folder holding the attachments of a ready response.
    public func attachmentsFolder(of id: String, in state: State = .ready) -> String {
        (folder(state) as NSString).appendingPathComponent("\(id).files")
    }

    /// Creates the Outbox's folders if they are missing, and clears what an interrupted write left behind.
    public func prepare() throws(OutboxError) {
        for state in State.allCases {
            do {
                try FileManager.default.createDirectory(atPath: folder(state), withIntermediateDirectories: true)
            } catch {
                throw .io("could not create \(folder(state))", EACCES)
            }
        }
        recover()
    }

    /// Runs `body` holding the Outbox's lock: an advisory `flock` on `.lock` in its folder, which the system releases
    /// when the holder exits or is killed. Writers hold it so that another process's `recover()` never takes their
    /// write in progress for what a crash left. It is not reentrant: do not call `recover()`, `saveDraft` or
    /// `finalize` inside `body`.
    public func withLock<T>(_ body: () throws(OutboxError) -> T) throws(OutboxError) -> T {
        let path = (root as NSString).appendingPathComponent(".lock")
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io("could not open \(path)", errno) }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw .io("could not lock \(path)", errno) }
        }
        return try body()
    }

    /// Removes temporary files, and attachment folders whose response never arrived (a crash mid-finalise).
    ///
    /// It holds the lock, so it never removes the files of a `saveDraft` or `finalize` running in another process;
    /// if the lock cannot be taken (the Outbox is missing or read-only) it removes nothing.
    public func recover() {
        try? withLock { removeLeftovers() }
    }

    private func removeLeftovers() {
        let files = FileManager.default
        for state in State.allCases {
            let names = (try? files.contentsOfDirectory(atPath: folder(state))) ?? []
            for name in names {
                let path = (folder(state) as NSString).appendingPathComponent(name)
                if name.hasPrefix(DurableFile.temporaryPrefix) {
                    if !DurableFile.isInProgress(name) { try? files.removeItem(atPath: path) }
                } else if name.hasSuffix(".files") {
                    let id = String(name.dropLast(".files".count))
                    let owned = State.allCases.contains { files.fileExists(atPath: self.path(of: id, in: $0)) }
                    if owned {
                        // A draft keeps its folder when finalising it was interrupted mid-copy: drop the partial copy.
                        let attached = (try? files.contentsOfDirectory(atPath: path)) ?? []
                        for temporary in attached
                        where temporary.hasPrefix(DurableFile.temporaryPrefix) && !DurableFile.isInProgress(temporary) {
                            try? files.removeItem(atPath: (path as NSString).appendingPathComponent(temporary))
                        }
                    } else {
                        try? files.removeItem(atPath: path)
                    }
                }
            }
        }
    }

    /// The ids of the responses in a state, sorted. Temporary and hidden files are never listed.
    public func ids(in state: State) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder(state))) ?? []
        return names.compactMap { name -> String? in
            guard name.hasSuffix(".json"), !name.hasPrefix("."), !name.hasSuffix(".receipt.json"),
                !name.hasSuffix(".error.json")
            else { return nil }
            let id = String(name.dropLast(".json".count))
            return Response.isValidID(id) ? id : nil
        }.sorted()
    }

    /// Reads the response `id` in `state`.
    public func response(_ id: String, in state: State) throws(OutboxError) -> Response {
        let path = path(of: id, in: state)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .notFound("there is no response \(id) in \(folder(state))")
        }
        do {
            return try Response(parsing: data)
        } catch {
            throw .invalid("\(path) is not a valid response: \(error.message)")
        }
    }

    /// Where the response `id` is, if anywhere.
    public func state(of id: String) -> State? {
        State.allCases.first { FileManager.default.fileExists(atPath: path(of: id, in: $0)) }
    }

    /// Saves a draft (replacing any earlier save of it).
    public func saveDraft(_ response: Response) throws(OutboxError) {
        try withLock { () throws(OutboxError) in
            // A finished response is never a draft again (another `fill --resume` may have finished it meanwhile).
            if let finished = finishedState(of: response.id) {
                throw .invalid(
                    "the response \(response.id) is already finished (it is in \(folder(finished))); it cannot be "
                        + "changed as a draft")
            }
            try DurableFile.write(Data(response.canonicalText.utf8), to: path(of: response.id, in: .drafts))
        }
    }

    /// The state of `id` other than `drafts`, if it has one.
    private func finishedState(of id: String) -> State? {
        [State.ready, .sent, .rejected].first { FileManager.default.fileExists(atPath: path(of: id, in: $0)) }
    }

    /// Puts a finished, validated response in `ready/`, copying its attachments first.
    ///
    /// `files` maps each attachment's name to the file to copy. If the response was a draft, the draft is replaced
    /// by the final text and then renamed into `ready/`, so it is never in both places.
    public func finalize(_ response: Response, files: [String: String] = [:]) throws(OutboxError) {
        try withLock { () throws(OutboxError) in try finalizeHoldingLock(response, files: files) }
    }

    private func finalizeHoldingLock(_ response: Response, files: [String: String]) throws(OutboxError) {
        if let finished = finishedState(of: response.id) {
            throw .invalid("a response with the id \(response.id) is already in \(folder(finished))")
        }
        if !response.attachments.isEmpty {
            let folder = attachmentsFolder(of: response.id)
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw .io("could not create \(folder)", EACCES)
            }
            for attachment in response.attachments {
                guard let source = files[attachment.name] else {
                    throw .invalid("no file was given for the attachment \(attachment.name)")
                }
                let copied = try DurableFile.copy(
                    source, to: (folder as NSString).appendingPathComponent(attachment.name))
                guard copied.sha256 == attachment.sha256 else {
                    throw .invalid("\(source) changed while it was being attached; attach it again")
                }
            }
            try DurableFile.syncFolder(folder)
        }
        let data = Data(response.canonicalText.utf8)
        if state(of: response.id) == .drafts {
            try DurableFile.write(data, to: path(of: response.id, in: .drafts))
            try DurableFile.move(path(of: response.id, in: .drafts), to: path(of: response.id, in: .ready))
        } else {
            try DurableFile.write(data, to: path(of: response.id, in: .ready))
        }
    }

    /// One response in the Outbox, for listing.
    public struct Item: Sendable {
        /// Its state.
        public var state: State
        /// Its id.
        public var id: String
        /// Its form and version, if the file could be read.
        public var form: String?
        /// The form's version.
        public var formVersion: String?
        /// When it was finished.
        public var completedAt: String?
        /// The size of the response file and its attachments, in bytes.
        public var bytes: Int
        /// Why the file could not be read, if it could not.
        public var problem: String?
    }

    /// Every response in the Outbox, state by state.
    public func items() -> [Item] {
        var items: [Item] = []
        for state in State.allCases {
            for id in ids(in: state) {
                var item = Item(state: state, id: id, bytes: size(of: path(of: id, in: state)))
                let files = attachmentsFolder(of: id, in: state)
                for name in (try? FileManager.default.contentsOfDirectory(atPath: files)) ?? [] {
                    item.bytes += size(of: (files as NSString).appendingPathComponent(name))
                }
                do {
                    let response = try response(id, in: state)
                    item.form = response.form
                    item.formVersion = response.formVersion
                    item.completedAt = response.completedAt
                } catch {
                    item.problem = error.message
                }
                items.append(item)
            }
        }
        return items
    }

    private func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
