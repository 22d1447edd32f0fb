@testable import DigdagProject
import Foundation
import Testing

@Suite("Tar and gzip streams")
struct TarFormatTests {
    static let longName = "dir/" + String(repeating: "d", count: 60) + "/" + String(repeating: "f", count: 120) + ".txt"

    /// Reads every member (with file data) of a tar.gz.
    static func readAll(_ archive: [UInt8]) throws -> [(TarEntry, String)] {
        var reader = TarReader(input: GzipDecompressor(input: MemoryByteSource(archive)))
        var members: [(TarEntry, String)] = []
        while let entry = try reader.next() {
            members.append((entry, String(decoding: try reader.readAllData(), as: UTF8.self)))
        }
        return members
    }

    @Test func roundTripsFilesSymlinksModesAndLongNames() throws {
        let archive = try makeTarGz([
            file("a.txt", "hello\n", mode: 0o755),
            file(Self.longName, "long\n"),
            link("l", "a.txt"),
            link("deep/link", "../" + String(repeating: "t", count: 150)),
            file("empty", ""),
        ])
        let members = try Self.readAll(archive)
        #expect(members.map(\.0.path) == ["a.txt", Self.longName, "l", "deep/link", "empty"])
        #expect(members[0].0.mode == 0o755)
        #expect(members[0].1 == "hello\n")
        #expect(members[1].1 == "long\n")
        #expect(members[2].0.kind == .symlink && members[2].0.linkTarget == "a.txt")
        #expect(members[3].0.linkTarget == "../" + String(repeating: "t", count: 150))
        #expect(members[4].0.size == 0)
    }

    @Test func paxRecordLengthsCountTheirOwnDigits() throws {
        // " path=" + 91 bytes + "\n" is 98 bytes: two digits would make 100, so three are needed.
        let value = [UInt8](repeating: UInt8(ascii: "x"), count: 91)
        let data = PaxRecords.encode([("path", value), ("linkpath", Array("t".utf8))])
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("101 path=xxx"))
        #expect(String(decoding: data, as: UTF8.self).hasSuffix("x\n14 linkpath=t\n"))
        #expect(data.count == 101 + 14)
        #expect(try PaxRecords.decode(data) == ["path": value, "linkpath": Array("t".utf8)])
        #expect(throws: ProjectArchiveError.self) { try PaxRecords.decode(Array("99 path=x\n".utf8)) }
    }

    @Test func headerChecksumIsVerified() throws {
        var block = TarHeader.encode(
            name: Array("a".utf8), linkName: [], typeFlag: UInt8(ascii: "0"), mode: 0o644, size: 0, modificationTime: 0)
        #expect(try TarHeader.decode(block)?.name == Array("a".utf8))
        block[0] = UInt8(ascii: "b")
        #expect(throws: TarHeader.invalidHeader) { try TarHeader.decode(block) }
    }

    @Test func archivesEndOnWholeRecords() throws {
        let sink = MemoryByteSink()
        var writer = TarWriter(output: sink)
        try writer.append(TarEntry(path: "x", kind: .file, mode: 0o644), contents: Array("abc".utf8))
        try writer.finish()
        #expect(sink.bytes.count == TarWriter.recordSize)
    }

    @Test func gnuTarListsAndExtractsOurArchives() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let archive = try makeTarGz([
            file("run.sh", "echo hi\n", mode: 0o755),
            file(Self.longName, "long\n", mode: 0o600),
            link("sub/up", "../run.sh"),
        ])
        try Data(archive).write(to: dir.url.appendingPathComponent("a.tar.gz"))
        let listing = try runCommand(["tar", "-tzvf", "a.tar.gz"], in: dir.url)
        #expect(listing.status == 0, "\(listing.stderr)")
        let lines = listing.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("-rwxr-xr-x") && lines[0].hasSuffix(" run.sh"))
        #expect(lines[1].hasPrefix("-rw-------") && lines[1].hasSuffix(" " + Self.longName))
        #expect(lines[2].hasPrefix("lrwxrwxrwx") && lines[2].hasSuffix(" sub/up -> ../run.sh"))
        #expect(listing.stderr.isEmpty)

        try FileManager.default.createDirectory(at: dir.url.appendingPathComponent("out"), withIntermediateDirectories: true)
        let extraction = try runCommand(["tar", "-xzf", "../a.tar.gz"], in: dir.url.appendingPathComponent("out"))
        #expect(extraction.status == 0, "\(extraction.stderr)")
        #expect(try dir.read("out/" + Self.longName) == "long\n")
        #expect(try dir.mode("out/run.sh") == 0o755)
        #expect(dir.linkTarget("out/sub/up") == "../run.sh")
    }

    @Test(arguments: ["gnu", "pax", "ustar"])
    func readsArchivesGnuTarWrites(format: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // ustar has no long names, but a 155-byte prefix field: GNU tar splits the path there.
        let name = format == "ustar"
            ? String(repeating: "p", count: 80) + "/" + String(repeating: "n", count: 60) : Self.longName
        try dir.write("src/\(name)", "long\n")
        try dir.write("src/x.dig", "+t:\n  echo>: x\n")
        try dir.symlink("src/l", to: "x.dig")
        try dir.chmod("src/x.dig", 0o750)
        let made = try runCommand(["tar", "--format=\(format)", "-czf", "../a.tar.gz", "."], in: dir.url.appendingPathComponent("src"))
        #expect(made.status == 0, "\(made.stderr)")
        let archive = try [UInt8](Data(contentsOf: dir.url.appendingPathComponent("a.tar.gz")))

        let members = try Self.readAll(archive)
        #expect(members.contains { $0.0.path == "./" && $0.0.kind == .directory })
        #expect(members.contains { $0.0.path == "./" + name && $0.1 == "long\n" })
        #expect(members.contains { $0.0.path == "./l" && $0.0.kind == .symlink && $0.0.linkTarget == "x.dig" })
        #expect(members.contains { $0.0.path == "./x.dig" && $0.0.mode == 0o750 })

        let entries = try ProjectArchiveExtractor().list(archive)
        #expect(Set(entries.map(\.description)) == [name, "x.dig", "l -> x.dig"])
    }

    @Test func gzipRoundTripsAndRejectsBadInput() throws {
        let text = Array(String(repeating: "digdag ", count: 50_000).utf8)
        let compressed = Gzip.compress(text)
        #expect(compressed.count < text.count / 10)
        #expect(Gzip.decompress(compressed) == text)
        #expect(Gzip.decompress(Gzip.compress([])) == [])
        #expect(Gzip.decompress(Array(compressed.dropLast(20))) == nil)
        #expect(Gzip.decompress(Array("plain".utf8)) == nil)
    }

    @Test func gzipOutputIsReadByGunzip() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Data(Gzip.compress(Array("hello gzip\n".utf8))).write(to: dir.url.appendingPathComponent("x.gz"))
        let output = try runCommand(["gzip", "-dc", "x.gz"], in: dir.url)
        #expect(output.status == 0)
        #expect(output.stdout == "hello gzip\n")
    }
}
