import DigdagCore
import DigdagOperatorKit
import Foundation
import Testing

@testable import DigdagOperators

@Suite struct DockerOptionsTests {
    @Test func sha1KnownVectors() {
        #expect(DockerSHA1.hexDigest([]) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(DockerSHA1.hexDigest(Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        let long = Array(String(repeating: "a", count: 1000).utf8)
        #expect(DockerSHA1.hexDigest(long) == "291e9a6c66994949b57ba5e650361e98fc36b1ba")
    }

    @Test func environmentFollowsJavaHashMapOrder() {
        #expect(DockerEnvironmentOrder.javaHashCode("hello") == 99_162_322)
        #expect(DockerEnvironmentOrder.javaHashCode("polygenelubricants") == Int32.min)
        // "aa" hashes to 3104 (bucket 0), "a" to 97 (bucket 1), "b" to 98 (bucket 2).
        let ordered = DockerEnvironmentOrder.ordered(["b": "2", "aa": "1", "a": "0"])
        #expect(ordered.map(\.0) == ["aa", "a", "b"])
    }

    @Test func runCommandLine() throws {
        let options = try #require(try DockerOptions.of(
            ["docker": ["image": "ruby:3", "run_options": ["--net", "host"], "selinux": true]]))
        let line = options.runCommandLine(
            image: options.image, projectPath: "/p", workingDirectory: "/p/sub",
            environment: [("A", "1"), ("B", "x=y")], command: ["/bin/sh", "run.sh"])
        #expect(line == [
            "docker", "run", "--net", "host", "--rm", "-v", "/p:/p:rw,Z", "-w", "/p/sub",
            "-e", "A=1", "-e", "B=x=y", "ruby:3", "/bin/sh", "run.sh",
        ])
    }

    @Test func optionsErrors() throws {
        #expect(try DockerOptions.of([:]) == nil)
        #expect(throws: ConfigError("Parameter 'image' is required but not set")) {
            try DockerOptions.of(["docker": ["docker": "/bin/docker"]])
        }
        #expect(throws: ConfigError("Expected object type for key 'docker' but got \"ubuntu\" (string)")) {
            try DockerOptions.of(["docker": "ubuntu"])
        }
        #expect(throws: ConfigError("Expected boolean type for key 'pull_always' but got 1 (number)")) {
            try DockerOptions.of(["docker": ["image": "i", "pull_always": 1]])
        }
    }

    @Test func builtImageNameAndDockerfile() throws {
        let options = try #require(try DockerOptions.of(
            ["docker": ["image": "ubuntu:22.04", "build": ["apt-get update", "apt-get install -y ruby"]]]))
        let build = try #require(options.build)
        #expect(options.builtImageName(projectId: 3, revision: "r1", build: build)
            == "digdag-project-3:030bf5b0a4dfdb27343e66d8ec01fd63c149ab2e")
        #expect(options.builtImageName(projectId: 3, revision: nil, build: build)
            != options.builtImageName(projectId: 3, revision: nil, build: build))
        #expect(options.dockerfile(build: ["a\nb", "c"]) == "FROM ubuntu:22.04\nRUN a\nRUN b\nRUN c\n")
    }

    @Test func imagesOutputMatching() {
        let output = "REPOSITORY   TAG    IMAGE ID\ndigdag-project-1   abc123   f00\nother  latest  e0\n"
        #expect(DockerOptions.imagesOutput(output, lists: "digdag-project-1:abc123"))
        #expect(!DockerOptions.imagesOutput(output, lists: "digdag-project-1:abd"))
        #expect(!DockerOptions.imagesOutput(output, lists: "digdag-project-12:abc123"))
        #expect(DockerOptions.imagesOutput(output, lists: "other"))
        #expect(!DockerOptions.imagesOutput("digdag-project-1 abc123\n", lists: "digdag-project-1:abc123"))
    }
}

/// `sh>` and `rb>` through `DockerCommandExecutor` with a fake `docker` that logs its arguments.
@Suite struct DockerCommandExecutorTests {
    struct Fixture {
        let project: TestProject
        let bin: URL
        let log: URL
        let docker: String

        init() throws {
            project = try TestProject()
            bin = project.path.appendingPathComponent("fake-bin")
            log = project.path.appendingPathComponent("docker.log")
            docker = try FakeTools.install("docker", body: FakeTools.docker, in: bin)
        }

        func environment(_ extra: [String: String] = [:]) -> [String: String] {
            var environment = ProcessInfo.processInfo.environment
            environment["PATH"] = bin.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            environment["FAKE_DOCKER_LOG"] = log.path
            environment.merge(extra) { _, new in new }
            return environment
        }

        func sh(_ script: String, docker: Config?, local: Config = [:], extra: [String: String] = [:],
                revision: String? = nil) -> OperatorContext {
            var context = project.context(
                type: "sh", command: .string(script), params: docker.map { ["docker": .object($0)] } ?? [:],
                local: local, environment: environment(extra))
            context.request.revision = revision
            return context
        }

        var logLines: [String] {
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
    }

    @Test func shRunsInsideDockerRunWithOnlyItsEnvironment() async throws {
        let fixture = try Fixture()
        defer { fixture.project.remove() }
        let context = fixture.sh(
            "echo in container $MY_VAR", docker: ["image": "alpine:3", "run_options": ["--net=host"]],
            local: ["_env": ["MY_VAR": "v"]])
        _ = try await ShOperator().run(context)
        #expect(fixture.project.output.text == "in container v\n")
        let line = try #require(fixture.logLines.first)
        let project = fixture.project.path.standardizedFileURL.path
        #expect(line.hasPrefix("[run][--net=host][--rm][-v][\(project):\(project):rw][-w][\(project)][-e]"))
        #expect(line.contains("[-e][MY_VAR=v]"))
        #expect(line.contains("[-e][docker={\"image\":\"alpine:3\",\"run_options\":[\"--net=host\"]}]"))
        #expect(!line.contains("[-e][PATH="))
        #expect(line.hasSuffix("[alpine:3][/bin/sh][" + relativeRunner(line) + "]"))
        #expect(fixture.logLines.count == 1)
    }

    /// The `.digdag/tmp/digdag-sh-.../runner.sh` argument at the end of a logged line.
    private func relativeRunner(_ line: String) -> String {
        let start = line.range(of: "[.digdag/tmp/digdag-sh-7-")?.lowerBound ?? line.endIndex
        return String(line[line.index(after: start)...].dropLast())
    }

    @Test func dockerOptionNamesTheProgram() async throws {
        let fixture = try Fixture()
        defer { fixture.project.remove() }
        var environment = fixture.environment()
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"]  // fake not on PATH
        var context = fixture.sh("echo hi", docker: ["image": "i", "docker": .string(fixture.docker)])
        context.environment = environment
        _ = try await ShOperator().run(context)
        #expect(fixture.project.output.text == "hi\n")
        #expect(fixture.logLines.first?.hasPrefix("[run][--rm][-v]") == true)
    }

    @Test func withoutDockerParamRunsLocally() async throws {
        let fixture = try Fixture()
        defer { fixture.project.remove() }
        _ = try await ShOperator().run(fixture.sh("echo local", docker: nil))
        #expect(fixture.project.output.text == "local\n")
        #expect(fixture.logLines.isEmpty)
    }

    @Test func pullAlwaysPullsFirst() async throws {
        let fixture = try Fixture()
        defer { fixture.project.remove() }
        _ = try await ShOperator().run(fixture.sh("echo ok", docker: ["image": "busybox", "pull_always": true]))
        #expect(fixture.logLines.count == 2)
        #expect(fixture.logLines.first == "[pull][busybox]")
        #expect(fixture.project.output.text == "pulled busybox\nok\n")

        let failing = fixture.sh("echo never", docker: ["image": "busybox", "pull_always": true],
                                 extra: ["FAKE_DOCKER_FAIL": "pull"])
        await #expect(throws: OperatorError.runtime("Docker pull failed")) { try await ShOperator().run(failing) }
    }

    @Test func buildWritesDockerfileBuildsOnceAndReuses() async throws {
        let fixture = try Fixture()
        defer { fixture.project.remove() }
        let docker: Config = [
            "image": "ubuntu:22.04", "build": ["apt-get update", "apt-get install -y ruby"],
            "build_options": ["--pull"],
        ]
        let image = "digdag-project-1:030bf5b0a4dfdb27343e66d8ec01fd63c149ab2e"
        _ = try await ShOperator().run(fixture.sh("echo built", docker: docker, revision: "r1"))
        _ = try await ShOperator().run(fixture.sh("echo reused", docker: docker, revision: "r1"))
        let project = fixture.project.path.standardizedFileURL.path
        let dockerfile = "\(project)/.digdag/tmp/docker/Dockerfile.digdag-project-1.030bf5b0a4dfdb27343e66d8ec01fd63c149ab2e"
        let lines = fixture.logLines
        #expect(lines.count == 5)
        #expect(lines[0] == "[images]")
        #expect(lines[1] == "[build][--pull][-f][\(dockerfile)][--force-rm][-t][\(image)][\(project)]")
        #expect(lines[2].hasPrefix("[run][--rm]") && lines[2].contains("[\(image)][/bin/sh]"))
        #expect(lines[3] == "[images]")
        #expect(lines[4].hasPrefix("[run][--rm]") && lines[4].contains("[\(image)][/bin/sh]"))
        #expect(try String(contentsOfFile: dockerfile, encoding: .utf8)
            == "FROM ubuntu:22.04\nRUN apt-get update\nRUN apt-get install -y ruby\n")
        #expect(fixture.project.output.text == "built\nreused\n")
        #expect(fixture.project.logger.messages.contains("Building docker image \(image)"))
    }

    @Test func failedBuild() async throws {
        let fixture = try Fixture()
        defer { fixture.project.remove() }
        let context = fixture.sh("echo never", docker: ["image": "ubuntu", "build": ["false"]],
                                 extra: ["FAKE_DOCKER_FAIL": "build"])
        await #expect(throws: OperatorError.runtime("Docker build failed")) { try await ShOperator().run(context) }
        #expect(!fixture.project.output.text.contains("never"))
    }

    @Test(.enabled(if: Prerequisites.ruby, "ruby is not installed"))
    func rbRunsThroughDocker() async throws {
        let fixture = try Fixture()
        defer { fixture.project.remove() }
        try fixture.project.write("tasks.rb", "def go(n)\n  Digdag.env.store(doubled: n * 2)\nend\n")
        let context = fixture.project.context(
            type: "rb", command: "go", params: ["n": 21, "docker": ["image": "ruby:3"], "rb": ["require": "tasks"]],
            environment: fixture.environment())
        let result = try await RbOperator().run(context)
        #expect(result.storeParams == ["doubled": 42])
        let line = try #require(fixture.logLines.first)
        #expect(line.contains("[ruby:3][ruby][-I][\(fixture.project.path.standardizedFileURL.path)][-r][tasks][--]"))
    }
}
