import DigdagCore
import DigdagProject
import Foundation
import Testing

@Suite("Project loading")
struct ProjectLoaderTests {
    @Test func listsTopLevelWorkflowsOnly() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("b.dig", "+t:\n  echo>: b\n")
        try dir.write("a.dig", "+t:\n  echo>: a\n")
        try dir.write(".hidden.dig", "x: 1\n")
        try dir.write("sub/c.dig", "+t:\n  echo>: c\n")
        try dir.write("ignored.dig", "bad: [\n")
        try dir.write("notes.txt", "hi\n")
        try dir.write(".digdagignore", "ignored.dig\n")
        try FileManager.default.createDirectory(at: dir.url.appendingPathComponent("dir.dig"), withIntermediateDirectories: true)
        let project = try ProjectLoader.load(projectDirectory: dir.url)
        #expect(project.workflows.map(\.name) == ["a", "b"])
    }

    @Test func splitsTopLevelKeys() throws {
        let config: Config = [
            "timezone": "Asia/Tokyo", "_export": ["x": 1], "schedule": ["daily>": "07:00:00"],
            "+first": ["echo>": "hi"], "_parallel": true, "+second": ["echo>": "bye"],
        ]
        let workflow = try WorkflowFile(name: "wf", config: config)
        #expect(workflow.timeZone == "Asia/Tokyo")
        #expect(workflow.schedule == ["daily>": "07:00:00"])
        #expect(workflow.sla == nil)
        #expect(Array(workflow.tasks.keys) == ["+first", "+second"])
        #expect(Array(workflow.definitionConfig.keys) == ["_export", "schedule", "_parallel", "+first", "+second"])
    }

    @Test func defaultTimeZoneIsUTC() throws {
        #expect(try WorkflowFile(name: "wf", config: ["+t": ["echo>": "x"]]).timeZone == "UTC")
    }

    @Test(arguments: [
        (["params": ["a": 1]] as Config, "Workflow 'wf' includes unknown keys: [params]"),
        // `_env` is accepted at the top (beyond Digdag, which refuses it: its issue 937).
        (["_env": ["A": "b"], "meta": 1, "+t": [:]] as Config, "Workflow 'wf' includes unknown keys: [meta]"),
        (["_export": "x"] as Config, "Parameter '_export' must be an object"),
        (["+a^b": [:]] as Config, "Validating workflow failed\ntask name must not contain ^ character: \"+a^b\""),
        (["+a b": [:]] as Config, "Validating workflow failed\ntask name must not contain character ' ': \"+a b\""),
    ])
    func rejectsInvalidTopLevel(config: Config, message: String) {
        #expect(throws: ConfigError(message)) { try WorkflowFile(name: "wf", config: config) }
    }

    @Test func rejectsBadTimeZoneWithDigdagsMessage() {
        let summary = "Expected [reference type, class com.google.common.base.Optional<[simple type, class java.time.ZoneId]>]"
            + " for key 'timezone' but got \"JST\" (string)"
        #expect(throws: ConfigError(summary)) { try WorkflowFile(name: "wf", config: ["timezone": "JST"]) }
    }

    @Test func brokenWorkflowFailsTheProjectWithFileContext() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("good.dig", "+t:\n  echo>: a\n")
        let bad = try dir.write("bad.dig", "+a: {}\n+a: {}\n")
        try dir.write("tz.dig", "timezone: JST\n")
        let badPath = bad.standardizedFileURL.path
        let tzPath = dir.url.appendingPathComponent("tz.dig").standardizedFileURL.path
        let expected = """
            Validating project failed
            workflow \(badPath) Duplicated keys: [+a]
            workflow \(tzPath) Expected [reference type, class com.google.common.base.Optional<[simple type, class java.time.ZoneId]>] for key 'timezone' but got "JST" (string) (model validation)
            > Unknown time zone name: JST (json mapping)
            > Unknown time-zone ID: JST (zone rules)
            """
        #expect(throws: ConfigError(expected)) { try ProjectLoader.load(projectDirectory: dir.url) }
    }

    @Test func syntaxErrorKeepsSnakeYAMLText() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bad = try dir.write("bad.dig", "+a:\n  echo>: a: b\n")
        let path = bad.standardizedFileURL.path
        let expected = "Validating project failed\nworkflow \(path) mapping values are not allowed here\n"
            + " in 'string', line 2, column 11:\n      echo>: a: b\n              ^\n (model validation)"
        #expect(throws: ConfigError(expected)) { try ProjectLoader.load(projectDirectory: dir.url) }
    }

    @Test func workflowInSubdirectoryGetsWorkdir() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = try dir.write("sub/x.dig", "_export:\n  _workdir: w\n+t:\n  echo>: a\n")
        let workflow = try ProjectLoader.loadWorkflow(file: file, projectDirectory: dir.url)
        #expect(workflow.name == "sub/x")
        #expect(workflow.export["_workdir"] == "sub/w")
    }
}
