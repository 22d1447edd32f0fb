import DigdagCore
import DigdagOperatorKit
import DigdagOperators
import Foundation
import Testing

@Suite struct ShOperatorTests {
    let op = ShOperator()

    @Test func runsScriptAndCopiesOutput() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let result = try await op.run(project.context(type: "sh", command: "echo hello\necho err >&2\necho world"))
        #expect(result == .empty)
        #expect(project.output.text == "hello\nerr\nworld\n")
    }

    @Test(arguments: [1, 2, 42])
    func nonZeroExitFails(code: Int) async throws {
        let project = try TestProject()
        defer { project.remove() }
        await #expect(throws: OperatorError.runtime("Command failed with code \(code)")) {
            try await op.run(project.context(type: "sh", command: .string("echo before; exit \(code)")))
        }
        #expect(project.output.text == "before\n")
    }

    @Test func scriptRunsFromMemoryInTheWorkdir() async throws {
        let project = try TestProject()
        defer { project.remove() }
        try project.write("sub/marker.txt", "in sub\n")
        let context = project.context(type: "sh", command: "pwd; cat marker.txt; echo \"$0\"", workdir: "sub")
        _ = try await op.run(context)
        let lines = project.output.text.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasSuffix("/sub"))
        #expect(lines[1] == "in sub")
        // Without `docker:` the script is an in-memory file of ours: nothing is written to disk.
        #expect(lines[2].wholeMatch(of: /\/proc\/\d+\/fd\/\d+/) != nil, "\(lines[2])")
        #expect(!FileManager.default.fileExists(atPath: project.path.path + "/.digdag/tmp"))
    }

    @Test func runnerFileForContainersLivesInProjectTmp() throws {
        let project = try TestProject()
        defer { project.remove() }
        let request = try op.prepare(project.context(type: "sh", command: "echo hi", workdir: "sub"))
        let ioDirectory = try #require(request.ioDirectory)
        defer { try? FileManager.default.removeItem(at: ioDirectory) }
        #expect(request.commandLine.last?.hasPrefix("../.digdag/tmp/digdag-sh-7-") == true)
        #expect(request.commandLine.last?.hasSuffix("/runner.sh") == true)
        #expect((try? String(contentsOf: ioDirectory.appendingPathComponent("runner.sh"), encoding: .utf8)) == "echo hi")
    }

    @Test func exportsParamsAsEnvironment() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let params: Config = [
            "name": "plain text", "count": 3, "ratio": 1.5, "flag": true,
            "obj": ["a": 1, "b": ["x", "y"]], "list": [1, 2], "bad-key": "skipped", "9lives": "skipped",
        ]
        let script = """
            echo "name=$name count=$count ratio=$ratio flag=$flag"
            echo "obj=$obj list=$list"
            echo "task=$task_name type=$_type"
            env | grep -c -e '^bad-key=' -e '^9lives=' || true
            """
        _ = try await op.run(project.context(type: "sh", command: .string(script), params: params))
        #expect(
            project.output.text == """
                name=plain text count=3 ratio=1.5 flag=true
                obj={"a":1,"b":["x","y"]} list=[1,2]
                task=+wf+t type=sh
                0

                """)
    }

    @Test func nullParamFailsLikeDigdag() async throws {
        let project = try TestProject()
        defer { project.remove() }
        await #expect(throws: ConfigError("Parameter 'nothing' is required but null")) {
            try await op.run(project.context(type: "sh", command: "true", params: ["nothing": nil]))
        }
    }

    @Test func envOverridesParamsAndResolvesSecrets() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let context = project.context(
            type: "sh", command: "echo \"$name $TOKEN $NUM $DIGDAG_TEST_INHERITED\"",
            params: ["name": "param"],
            local: ["_env": ["name": "from-env", "TOKEN": "t-${secret:api.token}", "NUM": 5]],
            secrets: ["api.token": "xyz"],
            environment: ["PATH": "/usr/bin:/bin", "DIGDAG_TEST_INHERITED": "inherited"])
        _ = try await op.run(context)
        #expect(project.output.text == "from-env t-xyz 5 inherited\n")
    }

    @Test func invalidEnvName() async throws {
        let project = try TestProject()
        defer { project.remove() }
        await #expect(throws: ConfigError("Invalid _env key name: bad-name")) {
            try await op.run(project.context(type: "sh", command: "true", local: ["_env": ["bad-name": "x"]]))
        }
    }

    @Test func secretsInScript() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let context = project.context(
            type: "sh", command: "echo 'pw=${secret:db.password}'", secrets: ["db.password": "p@ss"])
        _ = try await op.run(context)
        #expect(project.output.text == "pw=p@ss\n")
    }

    @Test func missingSecretAndInvalidParametrization() async throws {
        let project = try TestProject()
        defer { project.remove() }
        await #expect(throws: OperatorError.runtime("Secret not found for key: 'nope'")) {
            try await op.run(project.context(type: "sh", command: "echo ${secret:nope}"))
        }
        await #expect(throws: ConfigError("Invalid parametrization: '${name:-default}'")) {
            try await op.run(project.context(type: "sh", command: "echo ${name:-default}"))
        }
        await #expect(throws: ConfigError("Invalid parametrization: '${x:y}'")) {
            try await op.run(
                project.context(type: "sh", command: "true", local: ["_env": ["A": "${x:y}"]]))
        }
    }

    @Test func shellOption() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let bash = ["/bin/bash", "/usr/bin/bash"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let shell = try #require(bash)
        // From `_export: {sh: {shell: [...]}}`: a bash-only construct works.
        let context = project.context(
            type: "sh", command: "[[ -n \"$BASH_VERSION\" ]] && echo is-bash",
            params: ["sh": ["shell": [.string(shell)]]])
        _ = try await op.run(context)
        #expect(project.output.text == "is-bash\n")

        // A direct `shell:` list with options: `sh -e` stops at the first failure.
        let strict = project.context(
            type: "sh", command: "false\necho not-reached", params: ["shell": ["/bin/sh", "-e"]])
        await #expect(throws: OperatorError.runtime("Command failed with code 1")) { try await op.run(strict) }
        #expect(project.output.text == "is-bash\n")
    }

    @Test func killedBySignalReports128PlusSignal() async throws {
        let project = try TestProject()
        defer { project.remove() }
        await #expect(throws: OperatorError.runtime("Command failed with code 143")) {
            try await op.run(project.context(type: "sh", command: "kill -TERM $$"))
        }
    }
}
