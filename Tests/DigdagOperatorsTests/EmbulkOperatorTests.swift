import DigdagCore
import DigdagOperatorKit
import Foundation
import Testing

@testable import DigdagOperators

/// Replaces `${name}` with the param's text (enough to see that embulk> renders its file).
private struct EmbulkTestRenderer: TemplateRenderer {
    func render(_ text: String, params: Config, timeZone: String) throws -> String {
        var out = text
        for (key, value) in params where !key.hasPrefix("_") {
            out = out.replacingOccurrences(of: "${\(key)}", with: value.textValue)
        }
        if out.contains("${broken}") { throw ConfigError("Failed to evaluate ${broken}") }
        return out
    }
}

/// `embulk>` with a fake `embulk` on PATH that records its arguments and config.
@Suite struct EmbulkOperatorTests {
    struct Fixture {
        let project: TestProject
        let log: URL
        let bin: URL

        init() throws {
            project = try TestProject()
            bin = project.path.appendingPathComponent("fake-bin")
            log = project.path.appendingPathComponent("embulk.log")
            try FakeTools.install("embulk", body: FakeTools.embulk, in: bin)
        }

        func context(
            _ command: String?, params: Config = [:], local: Config = [:], secrets: [String: String] = [:],
            extra: [String: String] = [:], onPath: Bool = true
        ) -> OperatorContext {
            var environment = ProcessInfo.processInfo.environment
            let path = environment["PATH"] ?? "/usr/bin:/bin"
            environment["PATH"] = onPath ? bin.path + ":" + path : path
            environment["FAKE_EMBULK_LOG"] = log.path
            environment.merge(extra) { _, new in new }
            let base = project.context(
                type: "embulk", command: command.map { .string($0) }, params: params, local: local,
                secrets: secrets, environment: environment)
            return OperatorContext(
                request: base.request, projectPath: base.projectPath, workspacePath: base.workspacePath,
                secrets: base.secrets, logger: base.logger, output: base.output, templates: EmbulkTestRenderer(),
                environment: environment)
        }

        var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
    }

    @Test func inlineConfigIsWrittenToLoadYml() async throws {
        let fixture = try Fixture()
        defer { fixture.project.remove() }
        let config: Config = ["in": ["type": "file", "path_prefix": "data/"], "out": ["type": "stdout"]]
        _ = try await EmbulkOperator().run(
            fixture.context(nil, local: ["config": .object(config), "_env": ["MY_ENV": "e"]]))
        let lines = fixture.logText.components(separatedBy: "\n")
        #expect(lines[0].hasPrefix("[run][.digdag/tmp/digdag-embulk-7-") && lines[0].hasSuffix("/load.yml]"))
        #expect(lines[1] == #"{"in":{"type":"file","path_prefix":"data/"},"out":{"type":"stdout"}}"#)
        let project = fixture.project.path.standardizedFileURL.path
        #expect(fixture.project.output.text == "embulk ran in \(project) with MY_ENV=e\n")
        // the scratch directory is gone afterwards
        let tmp = fixture.project.path.appendingPathComponent(".digdag/tmp")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).isEmpty)
    }

    @Test func configFileIsRenderedWithSecrets() async throws {
        let fixture = try Fixture()
        defer { fixture.project.remove() }
        try fixture.project.write("embulk/load.yml", "in:\n  table: ${table}\n  password: ${secret:db.password}\n")
        _ = try await EmbulkOperator().run(
            fixture.context("embulk/load.yml", params: ["table": "users"], secrets: ["db.password": "pw"]))
        #expect(fixture.logText.hasSuffix("\nin:\n  table: users\n  password: pw\n"))
    }

    @Test func errors() async throws {
        let fixture = try Fixture()
        defer { fixture.project.remove() }
        let project = fixture.project.path.standardizedFileURL.path
        await #expect(throws: ConfigError("File not found: \(project)/nope.yml")) {
            try await EmbulkOperator().run(fixture.context("nope.yml"))
        }
        await #expect(throws: ConfigError("File name must not be outside of project path (\(project)): ../x.yml")) {
            try await EmbulkOperator().run(fixture.context("../x.yml"))
        }
        await #expect(throws: ConfigError("Parameter 'config' is required but not set")) {
            try await EmbulkOperator().run(fixture.context(nil))
        }
        await #expect(throws: ConfigError("Parameter 'config' must be an object")) {
            try await EmbulkOperator().run(fixture.context(nil, params: ["config": "x"]))
        }
        try fixture.project.write("bad.yml", "x: ${broken}\n")
        await #expect(throws: ConfigError("Failed to evaluate ${broken} in bad.yml")) {
            try await EmbulkOperator().run(fixture.context("bad.yml"))
        }
    }

    @Test func failingEmbulk() async throws {
        let fixture = try Fixture()
        defer { fixture.project.remove() }
        let context = fixture.context(nil, params: ["config": ["in": [:]]], extra: ["FAKE_EMBULK_EXIT": "3"])
        await #expect(throws: OperatorError.runtime("Command failed with code 3")) {
            try await EmbulkOperator().run(context)
        }
    }

    @Test func missingEmbulkSaysSo() async throws {
        let fixture = try Fixture()
        defer { fixture.project.remove() }
        do {
            _ = try await EmbulkOperator().run(fixture.context(nil, params: ["config": ["in": [:]]], onPath: false))
            Issue.record("expected a failure")
        } catch OperatorError.runtime(let message) {
            #expect(message.hasPrefix("embulk command not found: embulk> runs `embulk run <config>`"))
            #expect(message.hasSuffix("): error=2, No such file or directory"))
            #expect(message.contains(" Cannot run program \"embulk\" (in directory "))
        }
    }
}
