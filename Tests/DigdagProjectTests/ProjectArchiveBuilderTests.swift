@testable import DigdagProject
import Foundation
import Testing

@Suite("Project archive builder")
struct ProjectArchiveBuilderTests {
    /// A project with workflows, scripts, hidden files and ignored files.
    static func makeProject(_ dir: TemporaryDirectory) throws {
        try dir.write("p/b.dig", "+t:\n  sh>: scripts/run.sh\n")
        try dir.write("p/a.dig", "+t:\n  echo>: a\n")
        try dir.write("p/scripts/run.sh", "echo hi\n")
        try dir.chmod("p/scripts/run.sh", 0o750)
        try dir.write("p/sub/c.dig", "+t:\n  echo>: c\n")
        try dir.write("p/.hidden.dig", "x\n")
        try dir.write("p/.git/config", "x\n")
        try dir.write("p/.digdag/status/x", "x\n")
        try dir.write("p/sub/.env", "x\n")
        try dir.write("p/logs/a.log", "x\n")
        try dir.write("p/data/keep.csv", "1\n")
        try dir.write("p/data/tmp.csv", "2\n")
        try dir.write("p/.digdagignore", "logs/\n*.log\ndata/tmp.csv\n")
    }

    @Test func listsFilesWithDigdagsRules() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.makeProject(dir)
        let contents = try ProjectArchiveBuilder(projectDirectory: dir.url.appendingPathComponent("p")).contents()
        #expect(contents.entries.map(\.path) == ["a.dig", "b.dig", "data/keep.csv", "scripts/run.sh", "sub/c.dig"])
        #expect(contents.workflowResources == ["a.dig", "b.dig"])
        #expect(contents.workflowNames == ["a", "b"])
        #expect(contents.entries[3].mode == 0o750)
        #expect(contents.entries[3].size == 8)
    }

    @Test func archiveRoundTripsThroughTheExtractor() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.makeProject(dir)
        var seen: [String] = []
        let archive = try ProjectArchiveBuilder(projectDirectory: dir.url.appendingPathComponent("p"))
            .build { seen.append($0.path) }
        #expect(seen == archive.contents.entries.map(\.path))
        let out = dir.url.appendingPathComponent("out")
        let extracted = try ProjectArchiveExtractor().extract(archive.bytes, into: out)
        #expect(extracted == archive.contents.entries)
        #expect(try dir.read("out/scripts/run.sh") == "echo hi\n")
        #expect(try dir.mode("out/scripts/run.sh") == 0o750)
        #expect(!FileManager.default.fileExists(atPath: dir.path("out/.git")))
        #expect(try ProjectLoader.load(projectDirectory: out).workflows.map(\.name) == ["a", "b"])
    }

    @Test func gnuTarReadsTheArchive() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Self.makeProject(dir)
        let long = "deep/" + String(repeating: "x", count: 120) + ".sql"
        try dir.write("p/" + long, "select 1\n")
        try dir.symlink("p/deep/alias.sql", to: String(repeating: "x", count: 120) + ".sql")
        let output = dir.url.appendingPathComponent("p.tar.gz")
        let contents = try ProjectArchiveBuilder(projectDirectory: dir.url.appendingPathComponent("p")).write(to: output)
        #expect(contents.entries.map(\.path).contains(long))
        let listing = try runCommand(["tar", "-tzf", "p.tar.gz"], in: dir.url)
        #expect(listing.status == 0, "\(listing.stderr)")
        #expect(listing.stdout.split(separator: "\n").map(String.init) == contents.entries.map(\.path))
        try FileManager.default.createDirectory(at: dir.url.appendingPathComponent("x"), withIntermediateDirectories: true)
        let extraction = try runCommand(["tar", "-xzf", "../p.tar.gz"], in: dir.url.appendingPathComponent("x"))
        #expect(extraction.status == 0, "\(extraction.stderr)")
        #expect(try dir.read("x/" + long) == "select 1\n")
        #expect(try dir.read("x/deep/alias.sql") == "select 1\n")
        #expect(try dir.mode("x/scripts/run.sh") == 0o750)
    }

    @Test func symlinksInsideTheProjectStayRelativeSymlinks() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("p/real/x.dig", "+t:\n  echo>: x\n")
        try dir.symlink("p/top.dig", to: "real/x.dig")
        try dir.symlink("p/real/abs", to: dir.path("p/real/x.dig"))
        try dir.symlink("p/linkdir", to: "real")
        try dir.symlink("p/sub/up", to: "../real/./x.dig")
        let contents = try ProjectArchiveBuilder(projectDirectory: dir.url.appendingPathComponent("p")).contents()
        #expect(contents.entries.map(\.description) == [
            "linkdir -> real", "real/abs -> x.dig", "real/x.dig", "sub/up -> ../real/x.dig", "top.dig -> real/x.dig",
        ])
        #expect(contents.workflowResources == ["top.dig"])
    }

    @Test func outgoingSymlinksFailUnlessCopied() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("p/a.dig", "+t:\n  echo>: a\n")
        try dir.write("outside/data.txt", "outside\n")
        try dir.write("outside/nested/n.txt", "n\n")
        try dir.symlink("p/z_data.txt", to: "../outside/data.txt")
        try dir.symlink("p/z_dir", to: dir.path("outside"))
        let project = dir.url.appendingPathComponent("p")
        var printed: [String] = []
        #expect(throws: ProjectArchiveError(
            .outgoingSymlink,
            "Invalid symbolic link: Given path '\(dir.path("outside/data.txt"))' is outside of project directory "
                + "'\(dir.path("p"))'. Consider to add --copy-outgoing-symlinks option")) {
            try ProjectArchiveBuilder(projectDirectory: project).build { printed.append($0.path) }
        }
        #expect(printed == ["a.dig"])

        let archive = try ProjectArchiveBuilder(projectDirectory: project, copyOutgoingSymlinks: true).build()
        #expect(archive.contents.entries.map(\.description) == [
            "a.dig", "z_data.txt", "z_dir/data.txt", "z_dir/nested/n.txt",
        ])
        let out = dir.url.appendingPathComponent("out")
        try ProjectArchiveExtractor().extract(archive.bytes, into: out)
        #expect(try dir.read("out/z_data.txt") == "outside\n")
        #expect(dir.linkTarget("out/z_data.txt") == nil)
        #expect(try dir.read("out/z_dir/nested/n.txt") == "n\n")
    }

    @Test func theOutputArchiveIsNotArchivedIntoItself() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("a.dig", "+t:\n  echo>: a\n")
        let contents = try ProjectArchiveBuilder(projectDirectory: dir.url)
            .write(to: dir.url.appendingPathComponent("digdag.archive.tar.gz"))
        #expect(contents.entries.map(\.path) == ["a.dig"])
    }

    @Test func missingProjectDirectoryFails() {
        let missing = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)")
        #expect(throws: ProjectArchiveError.self) { try ProjectArchiveBuilder(projectDirectory: missing).contents() }
    }

    @Test(arguments: [
        ("/a/b", "/a/b/c/d", "c/d"), ("/a/b", "/a/x", "../x"), ("/a/b", "/a/b", "."), ("/a/b/c", "/a", "../.."),
    ])
    func relativeLinkTargets(base: String, target: String, expected: String) {
        #expect(ProjectTreeWalker.relativePath(from: base, to: target) == expected)
    }
}
