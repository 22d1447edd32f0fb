import Foundation
import Testing

/// The live server answers bad and hostile requests with Digdag's 4xx, stores nothing and keeps serving.
@Suite(.serialized) struct ServerHostileInputTests {
    @Test func includeCycleIsRejectedAndTheServerLives() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let direct = try RunProject(["wf.dig": "+a:\n  echo>: x\n+t:\n  !include : 'wf.dig'\n"])
        let push = try await server.push(direct.temp.url, project: "cycle", revision: "r1")
        #expect(push.status == 400)
        #expect((push.json["message"] as? String ?? "").contains("!include cycle: wf.dig -> wf.dig"))
        let indirect = try RunProject(["wf.dig": "+a:\n  !include : 'a.yml'\n", "a.yml": "+b:\n  !include : 'b.yml'\n",
                                       "b.yml": "+c:\n  !include : 'a.yml'\n"])
        #expect(try await server.push(indirect.temp.url, project: "cycle", revision: "r2").status == 400)
        #expect(try await server.request("GET", "/api/version").status == 200)
        let projects = try #require(try await server.get("/api/projects")["projects"] as? [[String: Any]])
        #expect(projects.isEmpty)
    }

    @Test func aliasBombIsRejectedWithinMilliseconds() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let project = try RunProject(["wf.dig": RunHostileInputTests.billionLaughs + "+a:\n  echo>: x\n"])
        let started = Date()
        let push = try await server.push(project.temp.url, project: "bomb", revision: "r1")
        #expect(push.status == 400)
        #expect((push.json["message"] as? String ?? "").contains("YAML aliases expand to more than"))
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(try await server.request("GET", "/api/version").status == 200)
    }

    @Test func deeplyNestedJSONIsA400() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let body = #"{"workflowId":"1","sessionTime":"2023-01-01T00:00:00Z","params":"#
            + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        let reply = try await server.request(
            "PUT", "/api/attempts", body: Data(body.utf8), headers: ["Content-Type": "application/json"])
        #expect(reply.status == 400)
        #expect(reply.text.count < 1_000)
        #expect(try await server.request("GET", "/api/version").status == 200)
    }

    @Test(arguments: [
        ("POST", "/api/version"), ("DELETE", "/api/workflows"), ("PUT", "/api/sessions/1"),
        ("GET", "/api/attempts/1/kill"), ("DELETE", "/api/schedules/1"),
    ])
    func wrongMethodOnAKnownPathIs405(method: String, path: String) async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let reply = try await server.request(method, path)
        #expect(reply.status == 405)
        #expect(reply.json["status"] as? Int == 405)
        #expect(reply.json["message"] as? String == "HTTP 405 Method Not Allowed")
        #expect(reply.headers["allow"] != nil)
        #expect(try await server.request(method, "/api/no/such/path").status == 404)
    }

    @Test func versionCheckRejectsInvalidVersions() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let bad = try await server.request("GET", "/api/version/check?client=not-a-version")
        #expect(bad.status == 400)
        #expect(bad.json["message"] as? String == "Invalid version string: not-a-version")
        #expect(try await server.request("GET", "/api/version/check?client=01.2").status == 400)
        #expect(try await server.request("GET", "/api/version/check?client=0.10.5-SNAPSHOT").status == 200)
        #expect(try await server.request("GET", "/api/version/check?client=99999999999.1").json["message"] as? String
            == "Too big version number: 99999999999.1")
    }

    @Test func skipWithoutATimeIsA400() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let project = try RunProject(["s.dig": "schedule:\n  daily>: 07:00:00\n+a:\n  echo>: x\n"])
        #expect(try await server.push(project.temp.url, project: "s", revision: "r1").status == 200)
        let reply = try await server.request(
            "POST", "/api/schedules/1/skip", body: Data("{}".utf8), headers: ["Content-Type": "application/json"])
        #expect(reply.status == 400)
        #expect(reply.json["message"] as? String == "nextTime or (fromTime and count) are required")
    }

    @Test func requireCycleBetweenWorkflowsFailsInsteadOfWaitingForever() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let project = try RunProject(["wf.dig": "+a:\n  require>: other\n", "other.dig": "+b:\n  require>: wf\n"])
        #expect(try await server.push(project.temp.url, project: "p", revision: "r1").status == 200)
        let workflows = try #require(try await server.get("/api/projects/1/workflows")["workflows"] as? [[String: Any]])
        let wf = try #require(workflows.first { $0["name"] as? String == "wf" }?["id"] as? String)
        let start = try await server.putJSON(
            "/api/attempts", ["workflowId": wf, "sessionTime": "2023-01-01T00:00:00Z", "params": [:]])
        let id = try #require(start.json["id"] as? String)
        let done = try await server.waitForAttempt(id, timeout: 60)
        #expect(done["status"] as? String == "error")
        let attempts = try #require(try await server.get("/api/attempts")["attempts"] as? [[String: Any]])
        #expect(attempts.count == 2)
        #expect(attempts.allSatisfy { $0["done"] as? Bool == true })
        let logs = try ClientRunner(endpoint: server.endpoint, directory: project.temp.url)
        let all = try logs.run(["log", "2"]).stdout + (try logs.run(["log", id]).stdout)
        #expect(all.contains("require> cycle: other -> wf -> other"), "\(all)")
    }

    @Test func killEndsEveryUnfinishedTask() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let project = try RunProject([
            "slow.dig": "+wait:\n  sh>: sleep 1\n+after:\n  echo>: never\n+group:\n  +inner:\n    echo>: never\n"
        ])
        #expect(try await server.push(project.temp.url, project: "slow", revision: "r1").status == 200)
        let start = try await server.putJSON(
            "/api/attempts", ["workflowId": "1", "sessionTime": "2023-01-01T00:00:00Z", "params": [:]])
        let id = try #require(start.json["id"] as? String)
        // Kill while +wait runs.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let tasks = try #require(try await server.get("/api/attempts/\(id)/tasks")["tasks"] as? [[String: Any]])
            if tasks.contains(where: { $0["fullName"] as? String == "+slow+wait" && $0["state"] as? String == "running" }) {
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await server.request("POST", "/api/attempts/\(id)/kill", body: Data("{}".utf8)).status == 200)
        let done = try await server.waitForAttempt(id)
        #expect(done["done"] as? Bool == true)
        #expect(done["success"] as? Bool == false)
        #expect(done["cancelRequested"] as? Bool == true)
        let tasks = try #require(try await server.get("/api/attempts/\(id)/tasks")["tasks"] as? [[String: Any]])
        let states = Dictionary(uniqueKeysWithValues: tasks.map { ($0["fullName"] as? String ?? "", $0["state"] as? String ?? "") })
        #expect(states["+slow+after"] == "canceled")
        #expect(states["+slow+group"] == "canceled")
        #expect(states["+slow+group+inner"] == "canceled")
        #expect(!states.values.contains("blocked"), "\(states)")
    }
}
