import Foundation
import Testing

/// The `docker:` option and `embulk>` through the real binary, with stand-in programs.
@Suite("digdag run: docker: and embulk>")
struct ScriptDockerTests {
    func outputs(_ result: DigdagBinary.Result) -> [String] {
        result.normalizedLines.filter { !$0.hasPrefix("TIME ") }
    }

    @Test func shRunsThroughDockerRun() throws {
        let project = try RunProject([
            "bin/docker": ScriptPrerequisites.fakeDocker,
            "wf.dig": """
                _export:
                  greeting: hello
                  docker:
                    image: alpine:3
                    docker: bin/docker
                    run_options: [--net=host]
                +a:
                  sh>: echo $greeting from docker
                """,
        ])
        try ScriptPrerequisites.makeExecutable(project, "bin/docker")
        let log = project.temp.file("docker.log").path
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16"], environment: ["FAKE_DOCKER_LOG": log])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(outputs(result) == ["hello from docker"])
        let line = try String(contentsOfFile: log, encoding: .utf8)
        #expect(line.hasPrefix("[run][--net=host][--rm][-v]["))
        #expect(line.contains(":rw][-w]["))
        #expect(line.contains("[-e][greeting=hello]"))
        #expect(line.contains("[alpine:3][/bin/sh][.digdag/tmp/digdag-sh-"))
    }

    @Test func embulkRunsEmbulkRun() throws {
        let project = try RunProject([
            "bin/embulk": """
                #!/bin/sh
                echo "embulk $1 $(cat "$2")"
                """,
            "wf.dig": """
                +load:
                  embulk>:
                  config:
                    in: {type: file}
                """,
        ])
        try ScriptPrerequisites.makeExecutable(project, "bin/embulk")
        let path = project.temp.file("bin").path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16"], environment: ["PATH": path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(outputs(result) == [#"embulk run {"in":{"type":"file"}}"#])

        let missing = try project.run(
            ["run", "wf.dig", "--session", "2023-07-16", "--rerun"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("embulk command not found"))
    }
}
