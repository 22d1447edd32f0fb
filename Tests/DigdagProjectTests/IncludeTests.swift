import DigdagCore
import DigdagProject
import Foundation
import Testing

@Suite("!include")
struct IncludeTests {
    @Test func mergesAtDirectivePositionAndLaterKeysOverride() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("conf/db.yml", "host: db.local\nport: 5432\nopts:\n  a: 1\n")
        try dir.write("conf/extra.yml", "opts:\n  b: 2\nport: 1\n")
        let main = try dir.write("wf.dig", """
            first: 1
            db:
              user: me
              !include : 'conf/db.yml'
              !include : 'conf/extra.yml'
              host: override
            last: 2
            """)
        let config = try DigdagYAML.load(main)
        #expect(Array(config.keys) == ["first", "db", "last"])
        #expect(config["db"] == ["user": "me", "host": "override", "port": 1, "opts": ["a": 1, "b": 2]])
    }

    @Test func nestedIncludesResolveAgainstTheirOwnDirectory() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("a/b/leaf.yml", "leaf: true\n")
        try dir.write("a/mid.yml", "mid: 1\n!include : 'b/leaf.yml'\n")
        let main = try dir.write("wf.dig", "+t:\n  !include : 'a/mid.yml'\n  echo>: hi\n")
        let config = try DigdagYAML.load(main)
        #expect(config["+t"] == ["mid": 1, "leaf": true, "echo>": "hi"])
    }

    @Test func includeInsideListAndParamsFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("p/x.yml", "k: v\n")
        let params = try dir.write("params.yml", "items:\n  - !include : 'p/x.yml'\n")
        #expect(try DigdagYAML.loadParamsFile(params) == ["items": [["k": "v"]]])
    }

    @Test(arguments: ["../outside.yml", "sub/../../outside.yml", "/etc/hostname"])
    func escapingTheDirectoryFails(name: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("outside.yml", "a: 1\n")
        let main = try dir.write("p/wf.dig", "!include : '\(name)'\n")
        #expect(throws: ConfigError("File name must not include ..: \(name)")) {
            try DigdagYAML.load(main)
        }
    }

    @Test func includedFileMustBeAMapping() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("list.yml", "- 1\n")
        let main = try dir.write("wf.dig", "!include : 'list.yml'\n")
        #expect(throws: ConfigError("Expected object to load Config but got [1]")) {
            try DigdagYAML.load(main)
        }
    }

    @Test func missingIncludeNamesThePath() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let main = try dir.write("wf.dig", "!include : 'nope.yml'\n")
        let expectedPath = main.deletingLastPathComponent().appendingPathComponent("nope.yml").standardizedFileURL.path
        #expect(throws: ConfigError("\(expectedPath) (no such file)")) {
            try DigdagYAML.loadParamsFile(main)
        }
    }
}
