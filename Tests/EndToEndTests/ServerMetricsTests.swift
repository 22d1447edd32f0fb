import Foundation
import Testing

/// `GET /metrics`: the node's counters in Prometheus text format, on the embedded database.
@Suite(.serialized) struct ServerMetricsTests {
    /// The value of one sample line (`name{labels} value`), if present.
    static func sample(_ text: String, _ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    @Test func metricsCountTasksAttemptsAndRequests() async throws {
        let home = try TemporaryDirectory()
        let server = try ServerProcess(["-o", home.file("db").path], directory: home)
        defer { server.stop() }
        let project = try RunProject([
            "m.dig": "+a:\n  sh>: \"true\"\n+b:\n  _parallel: true\n  +c:\n    echo>: c\n  +d:\n    sh>: \"true\"\n"
        ])
        #expect(try await server.push(project.temp.url, project: "m", revision: "r1").status == 200)
        for index in 0..<3 {
            let start = try await server.putJSON(
                "/api/attempts", ["workflowId": "1", "sessionTime": "2024-01-0\(index + 1)T00:00:00Z", "params": [:]])
            let id = try #require(start.json["id"] as? String)
            #expect(try await server.waitForAttempt(id)["status"] as? String == "success")
        }
        let reply = try await server.request("GET", "/metrics")
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        let text = reply.text
        #expect(Self.sample(text, #"digdag_tasks_started_total{operator="sh"}"#) == 6)
        #expect(Self.sample(text, #"digdag_tasks_finished_total{operator="sh",state="success"}"#) == 6)
        #expect(Self.sample(text, #"digdag_tasks_finished_total{operator="echo",state="success"}"#) == 3)
        #expect(Self.sample(text, #"digdag_attempt_duration_seconds_count{status="success"}"#) == 3)
        #expect(Self.sample(text, #"digdag_http_requests_total{route="/api/attempts",method="PUT",status="200"}"#) == 3)
        #expect(Self.sample(text, #"digdag_http_requests_total{route="/api/projects",method="PUT",status="200"}"#) == 1)
        #expect(text.contains("# TYPE digdag_http_request_duration_seconds histogram"))
        // Digdag's own endpoints answer as before.
        #expect(try await server.request("GET", "/api/metrics").status == 404)
    }

    /// Replayable tasks (`echo>`, `if>`, `for_each>`, ...) run ahead of the store: a stretch of
    /// them costs one commit of task states, where each `sh>` task's start is stored before it runs.
    @Test func replayableTasksShareCommitsAndCommandsDoNot() async throws {
        let home = try TemporaryDirectory()
        let server = try ServerProcess(["-o", home.file("db").path], directory: home)
        defer { server.stop() }
        let echoes = (0..<20).map { "+e\($0):\n  echo>: line \($0)\n" }.joined()
        let commands = (0..<5).map { "+s\($0):\n  sh>: \"true\"\n" }.joined()
        // A command's end is stored at once, even when only replayable tasks follow: its start,
        // its end (with the echo's start), the attempt's end.
        let commandThenEcho = "+s:\n  sh>: \"true\"\n+e:\n  echo>: after\n"
        let project = try RunProject(["echoes.dig": echoes, "commands.dig": commands, "then.dig": commandThenEcho])
        #expect(try await server.push(project.temp.url, project: "p", revision: "r1").status == 200)
        let workflows = try #require(try await server.get("/api/workflows")["workflows"] as? [[String: Any]])
        func commits() async throws -> Double {
            Self.sample(try await server.request("GET", "/metrics").text, "digdag_task_state_commits_total") ?? 0
        }
        func run(_ name: String) async throws -> Double {
            let workflow = try #require(workflows.first { $0["name"] as? String == name }?["id"] as? String)
            let before = try await commits()
            let start = try await server.putJSON(
                "/api/attempts", ["workflowId": workflow, "sessionTime": "2024-01-01T00:00:00Z", "params": [:]])
            let id = try #require(start.json["id"] as? String)
            #expect(try await server.waitForAttempt(id)["status"] as? String == "success")
            let tasks = try #require(try await server.get("/api/attempts/\(id)/tasks")["tasks"] as? [[String: Any]])
            #expect(tasks.allSatisfy { $0["state"] as? String == "success" })
            return try await commits() - before
        }
        let echoCommits = try await run("echoes")
        #expect(echoCommits >= 1 && echoCommits <= 5, "20 echo> tasks took \(echoCommits) commits")
        #expect(try await run("commands") >= 5)
        #expect(try await run("then") == 3)
        let files = try #require(try await server.get("/api/logs/1/files")["files"] as? [[String: Any]])
        #expect(files.count == 20)
    }
}
