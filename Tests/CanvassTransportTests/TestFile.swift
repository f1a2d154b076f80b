import Foundation

/// Large files for upload tests, made without holding them in memory.
enum TestFile {
    /// Writes `megabytes` MiB of varied bytes to `path`, one MiB at a time.
    static func write(_ path: String, megabytes: Int) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        for index in 0..<megabytes {
            try handle.write(contentsOf: block(index))
        }
    }

    /// A file of `bytes` zero bytes that takes no memory and almost no disk (a sparse file).
    static func sparse(_ path: String, bytes: Int) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.truncate(atOffset: UInt64(bytes))
    }

    /// The `index`th MiB of a file made by `write`: every block differs, so a misplaced block is noticed.
    static func block(_ index: Int) -> Data {
        var data = Data(count: 1 << 20)
        data.withUnsafeMutableBytes { bytes in
            for offset in stride(from: 0, to: bytes.count, by: 8) {
                let word = UInt64(index << 32 | offset) &* 0x9E37_79B9_7F4A_7C15
                bytes.storeBytes(of: word, toByteOffset: offset, as: UInt64.self)
            }
        }
        return data
    }
}
