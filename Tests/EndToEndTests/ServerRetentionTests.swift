import Foundation
import Testing

/// `database.session-retention`: a server deletes sessions whose attempts all ended longer ago
/// than the retention, with their tasks and logs, and keeps running ones.
@Suite(.serialized) struct ServerRetentionTests {
    @Test func oldSessionsAreDeletedAndRunningOnesKept() async throws {
        let server = try ServerProcess([
            "--memory", "-X", "database.session-retention=1s", "-X", "database.session-retention-check-interval=1s",
        ])
        defer { server.stop() }
        let dir = try RunProject(["quick.dig": "+a:\n  sh>: echo quick\n", "slow.dig": "+a:\n  sh>: sleep 5\n"])
        #expect(try await server.push(dir.temp.url, project: "p", revision: "r1").status == 200)
        let workflows = try #require(try await server.get("/api/workflows")["workflows"] as? [[String: Any]])
        let ids = Dictionary(uniqueKeysWithValues: workflows.compactMap { w in
            (w["name"] as? String).flatMap { name in (w["id"] as? String).map { (name, $0) } }
        })
        func start(_ workflow: String) async throws -> String {
            let reply = try await server.putJSON(
                "/api/attempts", ["workflowId": ids[workflow]!, "sessionTime": "2024-01-01T00:00:00Z", "params": [:]])
            return try #require(reply.json["id"] as? String)
        }
        let quick = try await start("quick")
        let slow = try await start("slow")
        _ = try await server.waitForAttempt(quick)
        #expect(try await server.request("GET", "/api/logs/\(quick)/files").status == 200)

        let deadline = Date().addingTimeInterval(6)
        while Date() < deadline, try await server.request("GET", "/api/attempts/\(quick)").status != 404 {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try await server.request("GET", "/api/attempts/\(quick)").status == 404)
        let sessions = try #require(try await server.get("/api/sessions")["sessions"] as? [[String: Any]])
        #expect(sessions.compactMap { ($0["lastAttempt"] as? [String: Any])?["id"] as? String } == [slow])
        #expect(try await server.get("/api/attempts/\(slow)")["done"] as? Bool == false)
        #expect(server.output.contains("Sessions are deleted 1s after their last attempt ended (database.session-retention)"))
        #expect(server.output.contains("Deleted 1 sessions whose attempts all ended before"))
    }

    @Test func aRetentionThatIsNotADurationStopsTheServer() throws {
        let result = try DigdagBinary.run(["server", "--memory", "-X", "database.session-retention=forever"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("database.session-retention must be a duration such as 90d, 12h or 30m: forever"))
    }
}
