import Foundation
import Testing

@testable import DigdagJavaScript

@Suite struct BytecodeCacheTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("digdag-bytecode-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func compiledScriptIsCachedAndReused() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = BytecodeCache(directory: dir)
        let heap = try DuktapeHeap()
        try cache.run("var answer = 41 + 1;", name: "lib.js", in: heap)
        #expect(try heap.evaluate("answer") == "42")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(files.count == 1)
        #expect(files[0].hasPrefix("lib.js-"))
        let second = try DuktapeHeap()
        try cache.run("var answer = 41 + 1;", name: "lib.js", in: second)
        #expect(try second.evaluate("answer") == "42")
    }

    @Test func corruptedCacheFileIsIgnoredAndRewritten() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = BytecodeCache(directory: dir)
        try cache.run("var x = 'fresh';", name: "lib.js", in: try DuktapeHeap())
        let file = dir.appendingPathComponent(try FileManager.default.contentsOfDirectory(atPath: dir.path)[0])
        var bytes = [UInt8](try Data(contentsOf: file))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: file)
        let heap = try DuktapeHeap()
        try cache.run("var x = 'fresh';", name: "lib.js", in: heap)
        #expect(try heap.evaluate("x") == "fresh")
        #expect([UInt8](try Data(contentsOf: file)) != bytes)
    }

    @Test func unwritableDirectoryStillRuns() throws {
        let cache = BytecodeCache(directory: URL(fileURLWithPath: "/proc/digdag-no-such-dir"))
        let heap = try DuktapeHeap()
        try cache.run("var y = 1;", name: "lib.js", in: heap)
        #expect(try heap.evaluate("y") == "1")
    }
}
