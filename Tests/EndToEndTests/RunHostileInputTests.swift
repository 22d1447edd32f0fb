import Foundation
import Testing

/// Workflows that used to crash or hang the process: `!include` cycles, alias bombs, deep nesting.
/// Each must fail quickly with a clear message and a normal exit code (never a signal).
@Suite("digdag run/check: hostile workflow files")
struct RunHostileInputTests {
    /// Ten levels of ten aliases: 10^10 values if expanded.
    static let billionLaughs: String = {
        var text = "a0: &a0 [\"lol\"]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ",")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        return text
    }()

    @Test(arguments: ["run", "check"])
    func selfInclude(command: String) throws {
        let project = try RunProject(["wf.dig": "+a:\n  echo>: x\n+t:\n  !include : 'wf.dig'\n"])
        let result = try project.run(command == "run" ? ["run", "wf.dig", "--session", "2023-01-01"] : ["check"],
                                     timeout: 60)
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner.contains("!include cycle: wf.dig -> wf.dig"))
        #expect(!project.temp.exists(".digdag/status"))
    }

    @Test(arguments: ["run", "check"])
    func includeCycleThroughOtherFiles(command: String) throws {
        let project = try RunProject([
            "wf.dig": "+a:\n  !include : 'sub/a.yml'\n",
            "sub/a.yml": "+b:\n  !include : 'b.yml'\n",
            "sub/b.yml": "+c:\n  !include : 'a.yml'\n",
        ])
        let result = try project.run(command == "run" ? ["run", "wf.dig", "--session", "2023-01-01"] : ["check"],
                                     timeout: 60)
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner.contains("!include cycle: wf.dig -> sub/a.yml -> sub/b.yml -> sub/a.yml"))
    }

    @Test func includeDepthIsBounded() throws {
        var files: [String: String] = ["wf.dig": "+a:\n  !include : 'f0.yml'\n"]
        for i in 0..<40 { files["f\(i).yml"] = "+n\(i):\n  !include : 'f\(i + 1).yml'\n" }
        files["f40.yml"] = "echo>: deep\n"
        let result = try RunProject(files).run(["check"], timeout: 60)
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner.contains("!include nested deeper than 32 files"))
    }

    @Test func aliasBombIsRejectedQuickly() throws {
        let project = try RunProject(["wf.dig": Self.billionLaughs + "+a:\n  echo>: ${a9}\n"])
        let started = Date()
        let result = try project.run(["run", "wf.dig", "--session", "2023-01-01"], timeout: 60)
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner.contains("YAML aliases expand to more than"))
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func ordinaryAliasesAndMergesStillWork() throws {
        let project = try RunProject([
            "wf.dig": "_export:\n  base: &base {x: 1, y: 2}\n  more:\n    <<: *base\n    z: 3\n+a:\n  echo>: ${more.x}${more.z}\n"
        ])
        let result = try project.run(["run", "wf.dig", "--session", "2023-01-01"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("13\n"))
    }

    @Test(arguments: [
        "_export:\n  deep: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n",
        "_export:\n  deep: " + String(repeating: "{a: ", count: 10_000) + "1" + String(repeating: "}", count: 10_000) + "\n",
        "_export:\n" + (1...3_000).map { String(repeating: " ", count: $0) + "k\($0):\n" }.joined()
            + String(repeating: " ", count: 3_001) + "v\n",
    ])
    func deepNestingIsRejected(document: String) throws {
        let project = try RunProject(["wf.dig": document + "+a:\n  echo>: x\n"])
        let result = try project.run(["run", "wf.dig", "--session", "2023-01-01"], timeout: 60)
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner.contains("YAML nesting depth exceeds the limit of 1000"))
    }

    @Test func nullTopLevelTaskUsesDigdagsMessage() throws {
        let result = try RunProject(["wf.dig": "+a:\n  echo>: x\n+x:\n"]).run(["run", "wf.dig", "--session", "2023-01-01"])
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner.contains("Parameter '+x' is required but null"))
    }

    @Test func nullScheduleUsesDigdagsMessage() throws {
        let result = try RunProject(["wf.dig": "schedule:\n+a:\n  echo>: x\n"]).run(["check"])
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner.contains("Parameter 'schedule' is required but null"))
    }

    @Test func nullNestedTaskKeepsTheObjectMessage() throws {
        let result = try RunProject(["wf.dig": "+a:\n  +x:\n"]).run(["run", "wf.dig", "--session", "2023-01-01"])
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner.contains("Parameter '+x' must be an object or array of objects"))
    }

    @Test func requireOfItselfFailsInsteadOfWaitingForever() throws {
        let result = try RunProject(["wf.dig": "+a:\n  require>: wf\n"]).run(
            ["run", "wf.dig", "--session", "2023-01-01"], timeout: 60)
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner.contains("require> of workflow 'wf' at its own session time would wait for itself"))
    }

    @Test func requireCycleFailsInsteadOfWaitingForever() throws {
        let project = try RunProject(["wf.dig": "+a:\n  require>: other\n", "other.dig": "+b:\n  require>: wf\n"])
        let result = try project.run(["run", "wf.dig", "--session", "2023-01-01"], timeout: 60)
        #expect(result.status == 1)
        #expect(result.stdout.contains("require> cycle: other -> wf -> other"))
    }

    @Test func callOfItselfStopsAtTheTaskLimit() throws {
        let result = try RunProject(["wf.dig": "+a:\n  call>: wf\n"]).run(
            ["run", "wf.dig", "--session", "2023-01-01"], timeout: 120)
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner.contains("Too many tasks. Limit: 1000"))
    }

    /// The rest of the YAML corpus: each gets Digdag's message (or runs as Digdag runs it).
    @Test(arguments: [
        ("+a:\n  echo>: a\n+a:\n  echo>: b\n", "Duplicated keys: [+a] (model validation)"),
        ("+a:\n\techo>: a\n", "found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)"),
        ("+a:\n  !include : '../../../../etc/passwd'\n", "File name must not include ..: ../../../../etc/passwd"),
        ("+a:\n  !include : '/etc/hostname'\n", "File name must not include ..: /etc/hostname"),
        ("+a:\n  echo>: [1, 2\n", "while parsing a flow sequence"),
        ("+a: [\n", "while parsing a flow node"),
    ])
    func malformedWorkflowFilesFailWithDigdagsMessage(document: String, message: String) throws {
        let result = try RunProject(["wf.dig": document]).run(["check", "wf.dig"], timeout: 60)
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner.contains(message), "\(result.stderrAfterBanner)")
    }

    @Test func hugeNumbersInvalidUTF8AndLargeScalarsRun() throws {
        var bytes = Array("_export:\n  a: 1e999\n  b: 123456789012345678901234567890\n  c: \"".utf8)
        bytes += [0xFF, 0xFE] + Array("x\"\n  big: \(String(repeating: "y", count: 5_000_000))\n".utf8)
        bytes += Array("+a:\n  echo>: ${a} ${b} ${c} ${big.length}\n".utf8)
        let project = try RunProject([:])
        try Data(bytes).write(to: project.temp.file("wf.dig"))
        let result = try project.run(["run", "wf.dig", "--session", "2023-01-01"], timeout: 120)
        #expect(result.status == 0, "\(result.stderr.suffix(500))")
        #expect(result.stdout.contains("Infinity 1.2345678901234568e+29 \u{FFFD}\u{FFFD}x 5000000\n"), "\(result.stdout.prefix(300))")
    }
}
