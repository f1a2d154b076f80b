import CanvassOutbox
import CanvassTesting
import Foundation
import Testing

@Suite struct DurableFileTests {
    static func names(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    // Reference digests from `printf abc | sha256sum` and `printf '' | sha256sum`.
    @Test(arguments: [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ])
    func copyHashesKnownBytes(_ text: String, _ sha256: String) async throws {
        try await withTemporaryFolder { folder in
            let source = writeFixture(text, named: "source.txt", in: folder)
            try FileManager.default.createDirectory(atPath: folder + "/copies", withIntermediateDirectories: true)
            let copied = try DurableFile.copy(source, to: folder + "/copies/copy.txt")
            #expect(copied.sha256 == sha256)
            #expect(copied.bytes == text.utf8.count)
            #expect(try DurableFile.sha256(ofFile: source) == sha256)
            #expect(DurableFile.sha256(of: Data(text.utf8)) == sha256)
            #expect(FileManager.default.contents(atPath: folder + "/copies/copy.txt") == Data(text.utf8))
            #expect(Self.names(in: folder + "/copies") == ["copy.txt"])
        }
    }

    /// 5 MiB and a bit, in a pattern that differs from one 64 KiB block to the next, so a block copied twice,
    /// dropped or out of order changes the digest. Reference from Python:
    /// `hashlib.sha256(bytes((i % 251) ^ ((i >> 16) & 0xff) for i in range(5255225))).hexdigest()`.
    @Test func copyStreamsAMultiMegabyteFile() async throws {
        try await withTemporaryFolder { folder in
            let count = 5 * 1024 * 1024 + 12_345
            let bytes = Data((0..<count).map { UInt8(truncatingIfNeeded: ($0 % 251) ^ (($0 >> 16) & 0xFF)) })
            let source = folder + "/big.bin"
            #expect(FileManager.default.createFile(atPath: source, contents: bytes))
            let copied = try DurableFile.copy(source, to: folder + "/big-copy.bin")
            let expected = "3e9445851f18076ef3bb779f4b80cd6f3e3593bbfc3c458345cc679339053d68"
            #expect(copied.sha256 == expected)
            #expect(copied.bytes == count)
            #expect(try DurableFile.sha256(ofFile: folder + "/big-copy.bin") == expected)
            #expect(FileManager.default.contents(atPath: folder + "/big-copy.bin") == bytes)
            #expect(Self.names(in: folder) == ["big-copy.bin", "big.bin"])
        }
    }

    @Test func copyOfAMissingFileFailsAndLeavesNothing() async {
        await withTemporaryFolder { folder in
            let error = #expect(throws: OutboxError.self) {
                try DurableFile.copy(folder + "/missing.pdf", to: folder + "/copy.pdf")
            }
            #expect(error?.message == "could not open \(folder)/missing.pdf: No such file or directory")
            #expect(error?.isEnvironmental == true)
            #expect(Self.names(in: folder).isEmpty)
        }
    }

    @Test func writeReplacesAFileWhole() async throws {
        try await withTemporaryFolder { folder in
            let path = folder + "/response.json"
            try DurableFile.write(Data("first".utf8), to: path)
            #expect(FileManager.default.contents(atPath: path) == Data("first".utf8))
            try DurableFile.write(Data("second, longer".utf8), to: path)
            #expect(FileManager.default.contents(atPath: path) == Data("second, longer".utf8))
            try DurableFile.write(Data(), to: path)
            #expect(FileManager.default.contents(atPath: path) == Data())
            #expect(Self.names(in: folder) == ["response.json"], "no temporary file is left behind")

            let error = #expect(throws: OutboxError.self) {
                try DurableFile.write(Data("x".utf8), to: folder + "/no-such-folder/response.json")
            }
            #expect(error?.message == "could not create a file in \(folder)/no-such-folder: No such file or directory")
        }
    }

    @Test func moveRenamesBetweenFolders() async throws {
        try await withTemporaryFolder { folder in
            for name in ["drafts", "ready"] {
                try FileManager.default.createDirectory(atPath: "\(folder)/\(name)", withIntermediateDirectories: true)
            }
            try DurableFile.write(Data("response".utf8), to: folder + "/drafts/a.json")
            try DurableFile.move(folder + "/drafts/a.json", to: folder + "/ready/a.json")
            #expect(Self.names(in: folder + "/drafts").isEmpty)
            #expect(FileManager.default.contents(atPath: folder + "/ready/a.json") == Data("response".utf8))
            #expect(throws: OutboxError.self) {
                try DurableFile.move(folder + "/drafts/a.json", to: folder + "/ready/b.json")
            }
            #expect(Self.names(in: folder + "/ready") == ["a.json"])
        }
    }
}
