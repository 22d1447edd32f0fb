@testable import DigdagProject
import Foundation
import Testing

@Suite("Project archive extractor")
struct ProjectArchiveExtractorTests {
    static let server = ProjectArchiveExtractor(limits: .server(maxArchiveTotalSize: 100), messages: .server)

    @Test func extractsFilesSymlinksAndModes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let archive = try makeTarGz([
            directory("./"), file("./a.dig", "+t:\n  echo>: a\n"), file("scripts/run.sh", "echo\n", mode: 0o700),
            link("scripts/a.dig", "../a.dig"), directory("empty/"),
        ])
        var seen: [ProjectArchiveEntry] = []
        let entries = try ProjectArchiveExtractor().extract(
            archive, into: dir.url.appendingPathComponent("out/nested")) { seen.append($0) }
        #expect(entries.map(\.description) == ["a.dig", "scripts/run.sh", "scripts/a.dig -> ../a.dig"])
        #expect(seen == entries)
        #expect(try dir.mode("out/nested/scripts/run.sh") == 0o700)
        #expect(dir.linkTarget("out/nested/scripts/a.dig") == "../a.dig")
        #expect(try dir.read("out/nested/scripts/a.dig") == "+t:\n  echo>: a\n")
        #expect(FileManager.default.fileExists(atPath: dir.path("out/nested/empty")))
        #expect(try ProjectArchiveExtractor().list(archive) == entries)
    }

    @Test func extractingTwiceReplacesFilesAndSymlinks() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let archive = try makeTarGz([file("a.txt", "one\n", mode: 0o444), link("l", "a.txt")])
        try ProjectArchiveExtractor().extract(archive, into: dir.url)
        try ProjectArchiveExtractor().extract(archive, into: dir.url)
        #expect(try dir.read("l") == "one\n")
        #expect(try dir.mode("a.txt") == 0o444)
    }

    @Test func extractsFromAFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let archiveFile = dir.url.appendingPathComponent("a.tar.gz")
        try Data(try makeTarGz([file("x.txt", "x\n")])).write(to: archiveFile)
        #expect(try ProjectArchiveExtractor().list(fileAt: archiveFile).map(\.path) == ["x.txt"])
        try ProjectArchiveExtractor().extract(fileAt: archiveFile, into: dir.url.appendingPathComponent("o"))
        #expect(try dir.read("o/x.txt") == "x\n")
    }

    @Test func hardLinksCopyAnEarlierFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let archive = try makeTarGz([
            file("a.txt", "same\n"), (TarEntry(path: "b.txt", kind: .hardLink, mode: 0o644, linkTarget: "a.txt"), ""),
        ])
        let entries = try ProjectArchiveExtractor().extract(archive, into: dir.url)
        #expect(entries.map(\.path) == ["a.txt", "b.txt"] && entries[1].size == 5)
        #expect(try dir.read("b.txt") == "same\n")
        let dangling = try makeTarGz([(TarEntry(path: "b", kind: .hardLink, mode: 0o644, linkTarget: "/etc/passwd"), "")])
        #expect(throws: ProjectArchiveError(.invalidEntry, "Archive includes an invalid entry: b")) {
            try ProjectArchiveExtractor().extract(dangling, into: dir.url)
        }
    }

    // MARK: - Limits

    @Test func entryLargerThanTheLimitFailsBeforeItsDataIsRead() throws {
        let archive = try makeTarGz([file("small", "x"), file("big.csv", String(repeating: "b", count: 101))])
        #expect(throws: ProjectArchiveError(
            .entryTooLarge, "Size of a file in the archive exceeds limit (101 > 100 bytes): big.csv")) {
            try Self.server.list(archive)
        }
    }

    @Test func totalLargerThanTheLimitFails() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let archive = try makeTarGz([
            file("a", String(repeating: "a", count: 60)), file("b", String(repeating: "b", count: 40)),
            file("c", String(repeating: "c", count: 30)),
        ])
        let failure = ProjectArchiveError(.archiveTooLarge, "Total size of the archive exceeds limit (130 > 100 bytes)")
        #expect(throws: failure) { try Self.server.list(archive) }
        #expect(throws: failure) { try Self.server.extract(archive, into: dir.url) }
        #expect(!FileManager.default.fileExists(atPath: dir.path("c")))
        #expect(try Self.server.list(Array(try makeTarGz([file("a", String(repeating: "a", count: 100))]))).count == 1)
    }

    @Test func limitsHoldAgainstAGzipBomb() throws {
        // 16 MiB of zeros compress to ~16 KiB; the limit stops reading at the header.
        let sink = MemoryByteSink()
        var writer = TarWriter(output: sink)
        try writer.append(TarEntry(path: "bomb", kind: .file, mode: 0o644, size: 16 << 20))
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        for _ in 0..<16 { try zeros.withUnsafeBytes { try writer.writeData($0) } }
        try writer.finish()
        let archive = Gzip.compress(sink.bytes)
        let limits = ProjectArchiveExtractor(limits: .server(), messages: .server)
        #expect(throws: ProjectArchiveError(
            .entryTooLarge, "Size of a file in the archive exceeds limit (16777216 > 2097152 bytes): bomb")) {
            try limits.list(archive)
        }
    }

    // MARK: - Paths

    @Test(arguments: ["../x", "/etc/passwd", "a/../../x", "./../x", "a/b/../../../x"])
    func entriesEscapingTheDestinationAreRejected(name: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let archive = try makeTarGz([file(name, "evil\n")])
        #expect(throws: ProjectArchiveError(.invalidEntry, "Archive includes an invalid entry: \(name)")) {
            try ProjectArchiveExtractor().extract(archive, into: dir.url.appendingPathComponent("out"))
        }
        #expect(throws: ProjectArchiveError(.invalidEntry, "Bad zip entry")) { try Self.server.list(archive) }
        #expect(!FileManager.default.fileExists(atPath: dir.path("x")))
    }

    @Test func dotDotInsideTheDestinationIsResolved() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let entries = try ProjectArchiveExtractor().extract(try makeTarGz([file("a/../b.txt", "b\n")]), into: dir.url)
        #expect(entries.map(\.path) == ["b.txt"])
        #expect(try dir.read("b.txt") == "b\n")
    }

    @Test(arguments: ["../../etc", "/etc", "../..", "a/../..", "x/../../y", ""])
    func symlinksLeavingTheDestinationAreRejected(target: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let archive = try makeTarGz([link("sub/l", target), file("sub/l/passwd", "evil\n")])
        #expect(throws: ProjectArchiveError(
            .invalidSymlink, "Archive includes an invalid symlink: sub/l -> \(target)")) {
            try ProjectArchiveExtractor().extract(archive, into: dir.url.appendingPathComponent("out"))
        }
        #expect(dir.linkTarget("out/sub/l") == nil)
    }

    @Test func filesAreNeverWrittenThroughASymlink() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let archive = try makeTarGz([directory("real/"), link("l", "real"), file("l/x.txt", "x\n")])
        #expect(throws: ProjectArchiveError(.invalidEntry, "Archive includes an invalid entry: l/x.txt")) {
            try ProjectArchiveExtractor().extract(archive, into: dir.url)
        }
        // `a -> .` is harmless alone, but `b -> a/..` would lead out of the destination.
        let chained = try makeTarGz([link("a", "."), link("b", "a/.."), file("b/escaped", "x\n")])
        #expect(throws: ProjectArchiveError(.invalidSymlink, "Archive includes an invalid symlink: b -> a/..")) {
            try ProjectArchiveExtractor().extract(chained, into: dir.url.appendingPathComponent("o"))
        }
    }

    @Test func symlinksWithinTheDestinationAreKept() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let archive = try makeTarGz([file("a/b/f", "f\n"), link("a/b/up", "../../a/./b/f"), link("top", "a")])
        try ProjectArchiveExtractor().extract(archive, into: dir.url)
        #expect(try dir.read("a/b/up") == "f\n")
        #expect(dir.linkTarget("top") == "a")
    }

    // MARK: - Bad input

    @Test func nonGzipInputIsRejected() throws {
        for input in [Array("not a gzip file".utf8), [], [0x1f]] {
            #expect(throws: ProjectArchiveError(.notGzip, "Input is not in the .gz format")) {
                try ProjectArchiveExtractor().list(input)
            }
        }
    }

    @Test func corruptedGzipIsRejected() throws {
        let archive = try makeTarGz([file("a.txt", String(repeating: "hello ", count: 1000))])
        var badChecksum = archive
        badChecksum[archive.count - 8] ^= 0xff  // the CRC-32 in the gzip trailer
        #expect { try ProjectArchiveExtractor().list(badChecksum) } throws: { error in
            (error as? ProjectArchiveError)?.code == .corruptedGzip
        }
        var badData = archive
        badData[20] ^= 0xff
        #expect { try ProjectArchiveExtractor().list(badData) } throws: { error in
            [.corruptedGzip, .invalidTar].contains((error as? ProjectArchiveError)?.code)
        }
        #expect(throws: ProjectArchiveError(.corruptedGzip, "Unexpected end of gzip data")) {
            try ProjectArchiveExtractor().list(Array(archive.dropLast(12)))
        }
    }

    @Test func damagedTarIsRejected() throws {
        #expect(throws: ProjectArchiveError(.invalidTar, "Error detected parsing the header")) {
            try ProjectArchiveExtractor().list(Gzip.compress(Array(repeating: 0x41, count: 1024)))
        }
        let sink = MemoryByteSink()
        var writer = TarWriter(output: sink)
        try writer.append(TarEntry(path: "a", kind: .file, mode: 0o644), contents: Array(repeating: 1, count: 2000))
        #expect(throws: ProjectArchiveError(.invalidTar, "Truncated TAR archive")) {
            try ProjectArchiveExtractor().list(Gzip.compress(Array(sink.bytes.prefix(1024))))
        }
    }

    @Test func archiveWithoutEndBlocksIsAccepted() throws {
        let sink = MemoryByteSink()
        var writer = TarWriter(output: sink)
        try writer.append(TarEntry(path: "a", kind: .file, mode: 0o644), contents: Array("a".utf8))
        #expect(try ProjectArchiveExtractor().list(Gzip.compress(sink.bytes)).map(\.path) == ["a"])
    }
}
