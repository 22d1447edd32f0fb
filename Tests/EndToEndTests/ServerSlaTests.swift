import Foundation
import Testing

/// `sla:` on a server: an attempt still running at its deadline gets `^sla^alert` and, with
/// `fail: true`, `^sla^fail`; a workflow whose `sla:` is broken cannot be started.
@Suite(.serialized) struct ServerSlaTests {
    @Test func aMissedSlaFailsTheAttemptAndABrokenOneIsRefused() async throws {
        let server = try ServerProcess(["--memory"])
        defer { server.stop() }
        let dir = try RunProject([
            "late.dig": "sla:\n  duration: 00:00:01\n  fail: true\n+slow:\n  sh>: sleep 2\n",
            "broken.dig": "sla:\n  duration: 1h\n+a:\n  echo>: a\n",
        ])
        #expect(try await server.push(dir.temp.url, project: "p", revision: "r1").status == 200)
        let workflows = try #require(try await server.get("/api/workflows")["workflows"] as? [[String: Any]])
        func id(_ name: String) throws -> String {
            try #require(workflows.first { $0["name"] as? String == name }?["id"] as? String)
        }
        let started = try await server.putJSON(
            "/api/attempts", ["workflowId": try id("late"), "sessionTime": "2024-01-01T00:00:00Z", "params": [:]])
        let attempt = try #require(started.json["id"] as? String)
        let done = try await server.waitForAttempt(attempt, timeout: 30)
        #expect(done["status"] as? String == "error")
        let tasks = try #require(try await server.get("/api/attempts/\(attempt)/tasks")["tasks"] as? [[String: Any]])
        let states = Dictionary(uniqueKeysWithValues: tasks.compactMap { task in
            (task["fullName"] as? String).map { ($0, task["state"] as? String ?? "") }
        })
        #expect(states["+late^sla^alert"] == "success")
        #expect(states["+late^sla^fail"] == "error")
        #expect(states["+late+slow"] == "success")

        let refused = try await server.putJSON(
            "/api/attempts", ["workflowId": try id("broken"), "sessionTime": "2024-01-01T00:00:00Z", "params": [:]])
        #expect(refused.status == 400)
        #expect(refused.text.contains("SLA duration option needs to be HH:MM or HH:MM:SS format: 1h"))
    }
}
