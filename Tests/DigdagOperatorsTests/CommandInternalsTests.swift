import DigdagCore
import Foundation
import Testing

@testable import DigdagOperators

@Suite struct OutputLineBufferTests {
    private func feed(_ chunks: [String], maxPending: Int = 64 * 1024) -> [String] {
        var buffer = OutputLineBuffer(maxPendingBytes: maxPending)
        var out: [String] = []
        for chunk in chunks {
            let bytes = Array(chunk.utf8)
            if let text = bytes.withUnsafeBytes({ buffer.append($0) }) { out.append(text) }
        }
        if let rest = buffer.finish() { out.append(rest) }
        return out
    }

    @Test func wholeLinesPerChunk() {
        #expect(feed(["a\nb\n", "c"]) == ["a\nb\n", "c"])
        #expect(feed(["par", "tial\nnext", " line\n"]) == ["partial\n", "next line\n"])
        #expect(feed(["", "x"]) == ["x"])
    }

    @Test func longLineIsCutAtCharacterBoundary() {
        // "é" is two bytes; a limit of 4 forces a cut inside the unfinished line.
        let out = feed(["ab", "cé", "é", "\n"], maxPending: 4)
        #expect(out.joined() == "abcéé\n")
        #expect(out.allSatisfy { !$0.contains("\u{FFFD}") })
    }
}

@Suite struct JSONConfigParserTests {
    @Test func keepsKeyOrderAndTypes() throws {
        let value = try JSONConfigParser.parse(#" {"z": 1, "a": [true, null, 1.5, "s\u00e9\n"], "m": {"k": -2e3}} "#)
        guard case .object(let object) = value else {
            Issue.record("not an object")
            return
        }
        #expect(Array(object.keys) == ["z", "a", "m"])
        #expect(object["a"] == [true, nil, 1.5, "sé\n"])
        #expect(object["m"] == ["k": -2000.0])
    }

    @Test func pythonSpecials() throws {
        #expect(try JSONConfigParser.parse("[NaN, Infinity, -Infinity, 99999999999999999999]").arrayValue?.count == 4)
        #expect(try JSONConfigParser.parse(#""\ud83d\ude00""#) == "😀")
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"open", "1 2"])
    func rejectsBadJSON(text: String) {
        #expect(throws: JSONConfigParser.SyntaxError.self) { try JSONConfigParser.parse(text) }
    }
}

@Suite struct CommandHelpersTests {
    @Test(arguments: [
        ("/p/.digdag/tmp/d/runner.sh", "/p", ".digdag/tmp/d/runner.sh"),
        ("/p/.digdag/tmp/d/runner.sh", "/p/sub/dir", "../../.digdag/tmp/d/runner.sh"),
        ("/p", "/p", "."),
    ])
    func relativePaths(target: String, base: String, expected: String) {
        let path = ScratchDirectory.relativePath(
            of: URL(fileURLWithPath: target), from: URL(fileURLWithPath: base, isDirectory: true))
        #expect(path == expected)
    }

    @Test(arguments: [("a", true), ("_x9", true), ("A_B", true), ("9a", false), ("a-b", false), ("", false), ("é", false)])
    func envNames(name: String, valid: Bool) {
        #expect(CommandEnvironment.isValidName(name) == valid)
    }

    @Test func defaultPython() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("py-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(PythonCommand.defaultInterpreter(path: dir.path) == "python3")
        let python = dir.appendingPathComponent("python")
        try Data("#!/bin/sh\n".utf8).write(to: python)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: python.path)
        #expect(PythonCommand.defaultInterpreter(path: "/nonexistent:" + dir.path) == "python")
        #expect(try PythonCommand.resolve(["python": "/opt/py"], environment: [:]) == ["/opt/py"])
        #expect(try PythonCommand.resolve(["python": ["python3", "-u"]], environment: [:]) == ["python3", "-u"])
        #expect(throws: ConfigError("Invalid python: null")) {
            try PythonCommand.resolve(["python": nil], environment: [:])
        }
    }
}
