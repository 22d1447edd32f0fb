import Foundation
import Testing

/// The web console in real headless Chromium (Debian chromium, chromium-driver and
/// python3-selenium): each test starts a server, pushes projects through the API and runs one
/// scenario of `Tests/Console/console_test.py`, which prints `ok:` lines and `PASS <scenario>`.
/// Screenshots go to `.build/console-screenshots` (or `$DIGDAG_CONSOLE_SCREENSHOTS`).
@Suite(.serialized) struct ConsoleBrowserTests {
    static let mydag = ClientSeedTests.workflow

    @Test func userFlowRunSessionsAttemptLogsAndGraph() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        try await Self.push(server, "mydag", ["mydag.dig": Self.mydag])
        try ConsoleScript.run(server, "flow")
    }

    @Test func editorSavesValidAndRefusesInvalid() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        try await Self.push(server, "mydag", ["mydag.dig": Self.mydag])
        try ConsoleScript.run(server, "editor")
        // The user's path: the schedule just added in the editor is paused and resumed.
        try ConsoleScript.run(server, "schedule")
    }

    @Test func pauseAndResumeSchedule() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        try await Self.push(server, "cron", ["cron.dig": "schedule:\n  daily>: 07:00:00\n+a:\n  echo>: a\n"])
        try ConsoleScript.run(server, "schedule")
    }

    @Test func sessionsPaging() async throws {
        let server = try ServerProcess(["--memory", "-X", "executor.attempt_max_run=1000"])
        defer { server.stop() }
        try await Self.push(server, "many", ["many.dig": "+a:\n  echo>: a\n"])
        for i in 0..<107 {
            let time = String(format: "2024-01-01T%02d:%02d:00Z", i / 60, i % 60)
            let started = try await server.putJSON(
                "/api/attempts", ["workflowId": "1", "sessionTime": time, "params": [:]])
            #expect(started.status == 200, "\(started.text)")
        }
        try ConsoleScript.run(server, "paging")
    }

    @Test func unknownRoutesAndIdsShowNotFound() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        try ConsoleScript.run(server, "notfound")
    }

    @Test func basicAuthLoginThenEveryPageWorks() async throws {
        let home = try TemporaryDirectory()
        try "server.authenticator.basic.username=alice\nserver.authenticator.basic.password=s3cret-pw\n".write(
            to: home.file("server.properties"), atomically: true, encoding: .utf8)
        let server = try ServerProcess(["--memory", "-c", home.file("server.properties").path], directory: home)
        defer { server.stop() }
        let dir = try RunProject(["mydag.dig": Self.mydag])
        let archive = try ServerProcess.tarGz(dir.temp.url)
        let auth = "Basic " + Data("alice:s3cret-pw".utf8).base64EncodedString()
        let pushed = try await server.request(
            "PUT", "/api/projects?project=mydag&revision=r1", body: archive,
            headers: ["Content-Type": "application/gzip", "Authorization": auth])
        #expect(pushed.status == 200)
        let created = try await server.request(
            "POST", "/api/tokens", body: Data(#"{"name":"console"}"#.utf8),
            headers: ["Content-Type": "application/json", "Authorization": auth])
        let token = try #require(created.json["token"] as? String)
        try ConsoleScript.run(server, "auth", ["user=alice", "password=s3cret-pw", "token=\(token)"])
        #expect(!server.output.contains("s3cret-pw"))
        #expect(!server.output.contains(token))
    }

    @Test func liveLogLinesAndStates() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        try await Self.push(
            server, "live",
            ["live.dig": "+count:\n  sh>: 'for i in 1 2 3 4 5 6; do echo line$i $(date +%s.%N); sleep 1; done'\n"])
        try ConsoleScript.run(server, "live")
    }

    @Test func killRunningAttempt() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        try await Self.push(server, "killme", ["killme.dig": "+sleep:\n  sh>: sleep 8\n+after:\n  echo>: never\n"])
        try ConsoleScript.run(server, "kill")
    }

    @Test func retryFailedAfterTheFix() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let flag = server.directory.file("fixed.flag").path
        let workflow = """
            +ok:
              echo>: fine
              _check:
                echo>: checked
            +par:
              _parallel: true
              +x:
                echo>: x
              +y:
                echo>: y
              +z:
                _after: +x
                echo>: z
            +check:
              sh>: test -f \(flag)
            _error:
              echo>: failed

            """
        try await Self.push(server, "retry", ["retry.dig": workflow])
        try ConsoleScript.run(server, "retry", ["flag=\(flag)"])
    }

    static func push(_ server: ServerProcess, _ project: String, _ files: [String: String]) async throws {
        let dir = try RunProject(files)
        let reply = try await server.push(dir.temp.url, project: project, revision: "r1")
        #expect(reply.status == 200, "\(reply.text)")
    }
}

/// Runs `Tests/Console/console_test.py` with Debian's python3 (which has selenium).
enum ConsoleScript {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var screenshots: String {
        ProcessInfo.processInfo.environment["DIGDAG_CONSOLE_SCREENSHOTS"]
            ?? packageRoot.appendingPathComponent(".build/console-screenshots").path
    }

    /// Runs `scenario` against `server`; records the script's output on failure.
    static func run(_ server: ServerProcess, _ scenario: String, _ options: [String] = [], timeout: TimeInterval = 150)
        throws
    {
        for needed in ["/usr/bin/python3", "/usr/bin/chromium", "/usr/bin/chromedriver"] {
            try #require(
                FileManager.default.isExecutableFile(atPath: needed),
                "\(needed) is missing: run scripts/install-prerequisites")
        }
        let script = packageRoot.appendingPathComponent("Tests/Console/console_test.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script, server.endpoint, scenario, "shots=\(screenshots)"] + options
        var env = ProcessInfo.processInfo.environment
        env["SE_AVOID_STATS"] = "true"
        env["PYTHONUNBUFFERED"] = "1"
        process.environment = env
        let output = try TemporaryDirectory()
        let outURL = output.file("out.txt")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let handle = try FileHandle(forWritingTo: outURL)
        process.standardOutput = handle
        process.standardError = handle
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        let timedOut = finished.wait(timeout: .now() + timeout) == .timedOut
        if timedOut {
            process.terminate()  // the script closes its browser on SIGTERM
            if finished.wait(timeout: .now() + 10) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                finished.wait()
            }
        }
        try? handle.close()
        let text = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let passed = !timedOut && process.terminationStatus == 0 && text.contains("PASS \(scenario)")
        #expect(passed, "console scenario \(scenario)\(timedOut ? " timed out" : ""):\n\(text)\nserver:\n\(server.output.suffix(3000))")
    }
}
