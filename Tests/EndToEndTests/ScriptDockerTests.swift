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

        // Without an Embulk on PATH, digdag's built-in embulk (the `embulk` link next to the binary) runs it.
        let builtIn = try project.run(
            ["run", "wf.dig", "--session", "2023-07-16", "--rerun"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(builtIn.status == 1)
        #expect(builtIn.stdout.contains("Embulk v") && builtIn.stdout.contains("Error: Field 'out' is required but not set"))
    }
}
