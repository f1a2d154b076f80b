import Crypto
public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// File writes that survive a crash at any instant: write a temporary file in the same folder, fsync it,
/// rename it over the target, fsync the folder. A reader sees the old file or the new one, never a mix.
/// Files are created readable by their owner only, since answers may be personal.
public enum DurableFile {
    /// The prefix of temporary files; names starting with "." are never taken for responses.
    static let temporaryPrefix = ".tmp-"

    /// A temporary file's name: the prefix, the writing process's id (so a cleaner can tell a live writer's file
    /// from a crashed one's), and a random part.
    static func temporaryName() -> String { "\(temporaryPrefix)\(getpid())-\(UUID().uuidString)" }

    /// Whether a temporary file may belong to a write still in progress: its process is alive.
    static func isInProgress(_ name: String) -> Bool {
        guard name.hasPrefix(temporaryPrefix),
            let pid = Int32(name.dropFirst(temporaryPrefix.count).prefix { $0 != "-" }), pid > 0
        else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// Writes `data` to `path` atomically and durably.
    public static func write(_ data: Data, to path: String) throws(OutboxError) {
        try write(data, to: path, synced: true)
    }

    /// Writes `data` to `path` atomically but without syncing; the caller makes a batch of such writes durable
    /// at once with `syncFileSystem(of:)` (group commit).
    static func write(_ data: Data, to path: String, synced: Bool) throws(OutboxError) {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = (folder as NSString).appendingPathComponent(temporaryName())
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw OutboxError.io("could not create a file in \(folder)", errno) }
        var written = 0
        var error: Int32 = 0
        let ok = data.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let result = posixWrite(descriptor, buffer.baseAddress.map { $0 + written }, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    error = errno
                    return false
                }
                written += result
            }
            return true
        }
        // errno is read where each call fails: close and unlink below may change it.
        if ok, synced, fsync(descriptor) != 0 { error = errno }
        guard ok, error == 0 else {
            close(descriptor)
            unlink(temporary)
            throw OutboxError.io("could not write \(path)", error)
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let error = errno
            unlink(temporary)
            throw OutboxError.io("could not put \(path) in place", error)
        }
        if synced { try syncFolder(folder) }
    }

    /// Moves a file or folder within one file system atomically, then makes both folders durable.
    public static func move(_ source: String, to destination: String) throws(OutboxError) {
        guard rename(source, destination) == 0 else {
            throw OutboxError.io("could not move \(source) to \(destination)", errno)
        }
        try syncFolder((destination as NSString).deletingLastPathComponent)
        try syncFolder((source as NSString).deletingLastPathComponent)
    }

    /// Copies a file durably (via a temporary file and rename), returning its size and SHA-256 as hex.
    ///
    /// The file is streamed in 64 KiB blocks, so an attachment is never read whole into memory.
    public static func copy(_ source: String, to destination: String) throws(OutboxError) -> (
        bytes: Int, sha256: String
    ) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw OutboxError.io("could not open \(source)", errno) }
        defer { close(input) }
        let folder = (destination as NSString).deletingLastPathComponent
        let temporary = (folder as NSString).appendingPathComponent(temporaryName())
        let output = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw OutboxError.io("could not create a file in \(folder)", errno) }
        var hasher = SHA256()
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var failure: OutboxError?
        copying: while true {
            let count = read(input, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                failure = .io("could not read \(source)", errno)
                break
            }
            if count == 0 { break }
            hasher.update(data: buffer[0..<count])
            var offset = 0
            while offset < count {
                let result = buffer.withUnsafeBytes {
                    posixWrite(output, $0.baseAddress.map { $0 + offset }, count - offset)
                }
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = .io("could not write \(destination)", errno)
                    break copying
                }
                offset += result
            }
            total += count
        }
        if failure == nil, fsync(output) != 0 { failure = .io("could not write \(destination)", errno) }
        close(output)
        if let failure {
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, destination) == 0 else {
            let error = errno
            unlink(temporary)
            throw OutboxError.io("could not put \(destination) in place", error)
        }
        try syncFolder(folder)
        return (total, hex(hasher.finalize()))
    }

    /// The SHA-256 of a file, as hex, read in blocks.
    public static func sha256(ofFile path: String) throws(OutboxError) -> String {
        let input = open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw OutboxError.io("could not open \(path)", errno) }
        defer { close(input) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(input, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw OutboxError.io("could not read \(path)", errno)
            }
            if count == 0 { break }
            hasher.update(data: buffer[0..<count])
        }
        return hex(hasher.finalize())
    }

    /// The SHA-256 of bytes, as hex.
    public static func sha256(of data: some DataProtocol) -> String { hex(SHA256.hash(data: data)) }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    /// Makes everything written to the file system holding `path` durable: one journal commit for a whole batch
    /// of writes and renames, where syncing each would cost one per file and folder.
    static func syncFileSystem(of path: String) throws(OutboxError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw OutboxError.io("could not open the folder \(path)", errno) }
        defer { close(descriptor) }
        #if os(Linux)
            guard linuxSyncfs(descriptor) == 0 else { throw OutboxError.io("could not sync \(path)", errno) }
        #else
            sync()
        #endif
    }

    /// Makes a folder's entries (a rename, a new file) durable.
    public static func syncFolder(_ path: String) throws(OutboxError) {
        let descriptor = open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw OutboxError.io("could not open the folder \(path)", errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw OutboxError.io("could not sync the folder \(path)", errno) }
    }
}

#if os(Linux)
    /// `syncfs(2)`: Glibc declares it only under `_GNU_SOURCE`, so the Swift module does not show it.
    @_silgen_name("syncfs")
    private func linuxSyncfs(_ descriptor: Int32) -> Int32
#endif

/// `write(2)`, named apart from the Swift methods called `write`.
private func posixWrite(_ descriptor: Int32, _ pointer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(descriptor, pointer, count)
    #else
        Darwin.write(descriptor, pointer, count)
    #endif
}
