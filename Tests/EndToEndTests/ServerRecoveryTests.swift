import Foundation
import Testing

/// Crash safety of `digdag server -o DIR`: after `kill -9` and a restart, unfinished attempts
/// continue; tasks that had succeeded never run again; the task that was running runs again.
@Suite(.serialized) struct ServerRecoveryTests {
    @Test func killNineThenRestartFinishesTheAttempt() async throws {
        let home = try TemporaryDirectory()
        let marks = home.file("marks")
        let dir = try RunProject([
            "crash.dig": """
                +first:
                  sh>: echo first >> \(marks.path)
                +slow:
                  sh>: echo slow >> \(marks.path) && sleep 3
                +last:
                  sh>: echo last >> \(marks.path)

                """
        ])
        let database = home.file("db").path
        var server = try ServerProcess(["-o", database], directory: home)
        #expect(try await server.push(dir.temp.url, project: "crash", revision: "r1").status == 200)
        let start = try await server.putJSON(
            "/api/attempts", ["workflowId": "1", "sessionTime": "2024-01-01T00:00:00Z", "params": [:]])
        let id = try #require(start.json["id"] as? String)
        // Wait until +slow is running, then crash.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if ((try? String(contentsOf: marks, encoding: .utf8)) ?? "").contains("slow") { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        server.crash()
        #expect(try String(contentsOf: marks, encoding: .utf8) == "first\nslow\n")

        server = try ServerProcess(["-o", database], directory: home)
        defer { server.stop() }
        let done = try await server.waitForAttempt(id)
        #expect(done["status"] as? String == "success")
        #expect(try String(contentsOf: marks, encoding: .utf8) == "first\nslow\nslow\nlast\n")
    }

    @Test func sigtermWaitsForRunningTasks() async throws {
        let home = try TemporaryDirectory()
        let marks = home.file("marks")
        let dir = try RunProject(["w.dig": "+a:\n  sh>: sleep 1 && echo done >> \(marks.path)\n"])
        let server = try ServerProcess(["-o", home.file("db").path], directory: home)
        #expect(try await server.push(dir.temp.url, project: "w", revision: "r1").status == 200)
        let start = try await server.putJSON(
            "/api/attempts", ["workflowId": "1", "sessionTime": "2024-01-01T00:00:00Z", "params": [:]])
        #expect(start.status == 200)
        try await Task.sleep(for: .milliseconds(300))
        server.stop()
        #expect(try String(contentsOf: marks, encoding: .utf8) == "done\n")
    }
}
