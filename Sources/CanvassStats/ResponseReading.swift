import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file of responses: one response (`.json`) or one per line (`.jsonl`).
public struct ResponseFile: Sendable, Hashable {
    /// The file's path.
    public let path: String
    /// Whether it holds one response per line.
    public let isJSONLines: Bool

    /// A file of responses; JSON Lines if its name ends in `.jsonl` or `.ndjson`.
    public init(path: String) {
        self.path = path
        self.isJSONLines = path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson")
    }
}

/// A response file that could not be read, or a response in it that is not valid.
public struct ReadingFailure: Error, Sendable, CustomStringConvertible {
    /// The file.
    public let path: String
    /// The line (JSON Lines), 1-based.
    public let line: Int?
    /// What is wrong.
    public let message: String
    /// Whether the file could not be read at all (the environment, not the input).
    public let isEnvironment: Bool

    public var description: String {
        if let line { return "\(path) line \(line): \(message)" }
        return "\(path): \(message)"
    }
}

/// Reads response files on every core, each worker counting into its own tallies, merged at the end.
///
/// Memory stays flat: a worker holds one chunk of a file (4 MiB) and its tallies, never the responses.
public enum ResponseReading {
    /// Bytes read per chunk.
    static let chunkSize = 4 << 20
    /// JSON Lines files larger than this are split between workers.
    static let splitSize: Int64 = 16 << 20

    /// Counts every response in `files` by `plan`, leaving out responses corrections replaced (a second pass
    /// runs if a correction was read after the response it replaces). `progress` gets bytes read as they go.
    public static func tally(
        _ plan: AnalysisPlan, files: [ResponseFile], workers: Int? = nil, progress: (@Sendable (Int) -> Void)? = nil
    ) throws(ReadingFailure) -> Tallies {
        let workers = workers ?? ProcessInfo.processInfo.activeProcessorCount
        let first = try pass(plan, files: files, excluding: [], workers: workers, progress: progress)
        guard !first.replaced.isEmpty else { return first }
        var second = try pass(plan, files: files, excluding: first.replaced, workers: workers, progress: nil)
        second.replaced = first.replaced
        return second
    }

    /// The total size of the files, for a progress bar.
    public static func size(of files: [ResponseFile]) -> Int64 {
        files.reduce(0) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int64) ?? 0
            return total + size
        }
    }

    private struct Job {
        let file: ResponseFile
        let start: Int64
        let end: Int64
    }

    private static func pass(
        _ plan: AnalysisPlan, files: [ResponseFile], excluding: Set<String>, workers: Int,
        progress: (@Sendable (Int) -> Void)?
    ) throws(ReadingFailure) -> Tallies {
        let workers = max(1, workers)
        var jobs: [Job] = []
        for file in files {
            let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int64) ?? 0
            let parts = file.isJSONLines && size > splitSize ? workers : 1
            for part in 0..<parts {
                jobs.append(
                    Job(
                        file: file, start: size * Int64(part) / Int64(parts),
                        end: part == parts - 1 ? Int64.max : size * Int64(part + 1) / Int64(parts)))
            }
        }
        let next = Atomic<Int>(0)
        let results = Mutex<[Result<Tallies, ReadingFailure>]>([])
        let jobList = jobs
        DispatchQueue.concurrentPerform(iterations: min(workers, max(1, jobs.count))) { _ in
            var aggregator = ResponseAggregator(plan: plan, excluding: excluding)
            var failure: ReadingFailure?
            while failure == nil {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < jobList.count else { break }
                do throws(ReadingFailure) {
                    try read(jobList[index], into: &aggregator, progress: progress)
                } catch {
                    failure = error
                }
            }
            let result: Result<Tallies, ReadingFailure> = failure.map { .failure($0) } ?? .success(aggregator.tallies)
            results.withLock { $0.append(result) }
        }
        var merged: Tallies?
        var failures: [ReadingFailure] = []
        for result in results.withLock({ $0 }) {
            switch result {
            case .success(let tallies):
                if merged == nil { merged = tallies } else { merged?.merge(tallies) }
            case .failure(let failure): failures.append(failure)
            }
        }
        if let failure = failures.min(by: { ($0.path, $0.line ?? 0) < ($1.path, $1.line ?? 0) }) { throw failure }
        return merged ?? ResponseAggregator(plan: plan).tallies
    }

    private static func read(
        _ job: Job, into aggregator: inout ResponseAggregator, progress: (@Sendable (Int) -> Void)?
    ) throws(ReadingFailure) {
        let path = job.file.path
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw ReadingFailure(
                path: path, line: nil, message: "cannot be read (\(String(cString: strerror(errno))))",
                isEnvironment: true)
        }
        defer { close(descriptor) }
        if !job.file.isJSONLines {
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let got = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
                if got < 0 { throw ReadingFailure(path: path, line: nil, message: "read failed", isEnvironment: true) }
                if got == 0 { break }
                bytes += buffer[..<got]
            }
            progress?(bytes.count)
            let problem = bytes.withUnsafeBytes { raw -> MalformedResponse? in
                do throws(MalformedResponse) { try aggregator.add(raw) } catch { return error }
                return nil
            }
            if let problem {
                throw ReadingFailure(path: path, line: nil, message: problem.description, isEnvironment: false)
            }
            return
        }
        var buffer = [UInt8](repeating: 0, count: chunkSize + 1)
        var filled = 0
        // Absolute offset of buffer[0].
        var offset = job.start
        var skipFirstLine = false
        var skipped = 0
        if job.start > 0 {
            // Start after the first newline at or after start − 1: the line running over the boundary belongs
            // to the previous part.
            offset = job.start - 1
            skipFirstLine = true
        }
        var atEnd = false
        while !atEnd {
            if filled == buffer.count {
                // A line longer than the buffer: make room.
                buffer += [UInt8](repeating: 0, count: buffer.count)
            }
            let got = buffer.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress! + filled, raw.count - filled, off_t(offset) + off_t(filled))
            }
            if got < 0 { throw ReadingFailure(path: path, line: nil, message: "read failed", isEnvironment: true) }
            atEnd = got == 0
            filled += got
            var consumed = 0
            let outcome = buffer.withUnsafeBytes { raw -> Result<Bool, ReadingFailure> in
                let base = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
                while consumed < filled {
                    let lineStart = offset + Int64(consumed)
                    if lineStart >= job.end && !skipFirstLine { return .success(true) }
                    let found = memchr(base + consumed, 0x0A, filled - consumed)
                    let lineEnd: Int
                    if let found {
                        lineEnd = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                    } else if atEnd {
                        lineEnd = filled
                    } else {
                        break
                    }
                    if skipFirstLine {
                        // The previous part reads (and reports) that line.
                        skipFirstLine = false
                        skipped = min(filled, lineEnd + 1) - consumed
                    } else if !isBlank(base + consumed, lineEnd - consumed) {
                        do throws(MalformedResponse) {
                            try aggregator.add(
                                UnsafeRawBufferPointer(start: base + consumed, count: lineEnd - consumed))
                        } catch {
                            return .failure(
                                ReadingFailure(
                                    path: path, line: lineNumber(path, at: lineStart), message: error.description,
                                    isEnvironment: false))
                        }
                    }
                    consumed = min(filled, lineEnd + 1)
                }
                return .success(false)
            }
            let stopped = try outcome.get()
            progress?(consumed - skipped)
            skipped = 0
            if stopped { break }
            // Keep the unfinished line.
            if consumed > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    _ = memmove(raw.baseAddress!, raw.baseAddress! + consumed, filled - consumed)
                }
                offset += Int64(consumed)
                filled -= consumed
            }
            if atEnd && filled == 0 { break }
        }
    }

    private static func isBlank(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        for i in 0..<count where bytes[i] != 0x20 && bytes[i] != 0x0D && bytes[i] != 0x09 { return false }
        return true
    }

    /// The 1-based line that starts at byte `offset` of a file (read again only when reporting a fault).
    private static func lineNumber(_ path: String, at offset: Int64) -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { return 0 }
        defer { try? handle.close() }
        var line = 1
        var read: Int64 = 0
        while read < offset, let chunk = try? handle.read(upToCount: min(1 << 20, Int(offset - read))), !chunk.isEmpty {
            line += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            read += Int64(chunk.count)
        }
        return line
    }
}
