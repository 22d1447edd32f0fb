import DigdagCore
import DigdagProject
import Foundation
import Testing

/// Input that used to recurse without end or expand without bound is refused with a clear message.
@Suite("hostile YAML")
struct HostileYAMLTests {
    @Test func selfIncludeNamesTheChain() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let main = try dir.write("a.yml", "x: 1\n!include : 'b.yml'\n")
        try dir.write("b.yml", "y: 2\n!include : 'a.yml'\n")
        #expect(throws: ConfigError("!include cycle: a.yml -> b.yml -> a.yml")) { try DigdagYAML.load(main) }
    }

    @Test func theSameFileTwiceSideBySideIsNoCycle() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("common.yml", "k: v\n")
        let main = try dir.write("wf.dig", "+a:\n  !include : 'common.yml'\n+b:\n  !include : 'common.yml'\n")
        let config = try DigdagYAML.load(main)
        #expect(config["+a"] == ["k": "v"])
        #expect(config["+b"] == ["k": "v"])
    }

    @Test func aliasBombFailsFast() {
        var text = "a0: &a0 [x]\n"
        for level in 1...12 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ",") + "]\n"
        }
        let started = Date()
        #expect(throws: ConfigError.self) { try DigdagYAML.parseValue(text) }
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test func mergeKeyBombFailsFast() {
        var text = "m0: &m0 {k: v}\n"
        for level in 1...12 {
            text += "m\(level): &m\(level)\n  <<: [" + Array(repeating: "*m\(level - 1)", count: 10).joined(separator: ",") + "]\n"
        }
        #expect(throws: ConfigError.self) { try DigdagYAML.parseValue(text) }
    }

    @Test func deepNestingIsAnError() {
        let text = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
        #expect(throws: ConfigError.self) { try DigdagYAML.parseValue(text) }
    }
}
