import Crypto
import Foundation

/// Attachments stored by content: `attachments/ab/abcdef…` named by their SHA-256, written to `tmp/` first, fsynced,
/// then renamed into place (and the folder fsynced), so a stored name always holds its whole content.
struct AttachmentStore: Sendable {
    let root: String
    let temporary: String

    init(folder: String) throws(CollectorError) {
        root = (folder as NSString).appendingPathComponent("attachments")
        temporary = (folder as NSString).appendingPathComponent("tmp")
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        } catch {
            throw CollectorError.environment("could not prepare the attachments folder \(root): \(error)")
        }
    }

    /// Removes uploads a crash interrupted: nothing acknowledged refers to them. Only the collector that holds the
    /// data folder's lock may call this (other commands open the store while it serves).
    func removeInterruptedUploads() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        for name in names { unlink("\(temporary)/\(name)") }
    }

    /// Where the attachment with this SHA-256 is stored.
    func path(of sha256: String) -> String {
        "\(root)/\(sha256.prefix(2))/\(sha256)"
    }

    /// Whether an attachment with this SHA-256 is stored (only a well-formed hash is looked up, so the name can
    /// never reach outside the attachments folder).
    func contains(_ sha256: String) -> Bool {
        Self.isHash(sha256) && FileManager.default.fileExists(atPath: path(of: sha256))
    }

    /// Whether `text` is a SHA-256 in lowercase hex.
    static func isHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Moves a received file from tmp/ to its place under its SHA-256, durably (the file was synced when it was
    /// received; the folders are synced here, also when the same bytes were stored before).
    /// Returns whether the file was new to the store (not stored before).
    @discardableResult
    func place(_ temporaryPath: String, sha256: String) throws(CollectorError) -> Bool {
        let destination = path(of: sha256)
        let folder = (destination as NSString).deletingLastPathComponent
        mkdir(folder, 0o700)
        let created: Bool
        if FileManager.default.fileExists(atPath: destination) {
            unlink(temporaryPath)
            created = false
        } else if rename(temporaryPath, destination) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw CollectorError.environment("could not store an attachment: \(reason)")
        } else {
            created = true
        }
        try Self.syncFolder(folder)
        try Self.syncFolder(root)
        return created
    }

    /// Removes stored files (of responses that were refused after their files were placed).
    func remove(_ hashes: [String]) {
        for sha256 in hashes where Self.isHash(sha256) { unlink(path(of: sha256)) }
    }

    static func syncFolder(_ folder: String) throws(CollectorError) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CollectorError.environment(
                "could not open a folder of the store: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw CollectorError.environment(
                "could not sync a folder of the store: \(String(cString: strerror(errno)))")
        }
    }

    /// Starts receiving an attachment.
    func beginUpload() throws(CollectorError) -> AttachmentUpload {
        let path = "\(temporary)/\(UUID().uuidString)"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CollectorError.environment("could not create an upload file: \(String(cString: strerror(errno)))")
        }
        return AttachmentUpload(store: self, path: path, descriptor: descriptor)
    }
}

/// An attachment being received: bytes are hashed as they are written.
/// Used by one request at a time (handed to the thread pool only for its final sync), hence unchecked.
final class AttachmentUpload: @unchecked Sendable {
    private let store: AttachmentStore
    private let path: String
    private var descriptor: Int32
    private var hasher = SHA256()
    /// How many bytes were written.
    private(set) var bytes = 0

    fileprivate init(store: AttachmentStore, path: String, descriptor: Int32) {
        self.store = store
        self.path = path
        self.descriptor = descriptor
    }

    deinit { abandon() }

    /// Appends bytes.
    func write(_ chunk: some Collection<UInt8>) throws(CollectorError) {
        let data = Array(chunk)
        hasher.update(data: data)
        var offset = 0
        while offset < data.count {
            let written = data.withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw CollectorError.environment("could not write an attachment: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        bytes += data.count
    }

    /// Syncs the received file (still in tmp/) and returns its SHA-256; `AttachmentStore.place` moves it into the
    /// store once the response that lists it is accepted.
    func finish() throws(CollectorError) -> (sha256: String, temporaryPath: String) {
        let sha256 = hex(hasher.finalize())
        let synced = fsync(descriptor) == 0
        close(descriptor)
        descriptor = -1
        guard synced else {
            unlink(path)
            throw CollectorError.environment("could not sync an attachment: \(String(cString: strerror(errno)))")
        }
        return (sha256, path)
    }

    /// Removes what was written (when the upload is refused or fails).
    func abandon() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
            unlink(path)
        }
    }
}
