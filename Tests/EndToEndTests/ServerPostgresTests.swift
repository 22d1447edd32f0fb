import DigdagTesting
import Foundation
import Testing

/// `digdag server` on PostgreSQL (`database.type=postgresql` in a `-c` properties file): the
/// same API and executor, and two servers sharing one database.
@Suite(.serialized) struct ServerPostgresTests {
    func properties(_ pg: TestDatabaseServer, database: String) -> String {
        """
        database.type=postgresql
        database.host=\(pg.host)
        database.port=\(pg.port)
        database.user=\(pg.user)
        database.password=\(pg.password)
        database.database=\(database)
        database.maximumPoolSize=8

        """
    }

    /// A server on a new database of the test cluster, and its home directory.
    func serverOnFreshDatabase() throws -> (ServerProcess, TemporaryDirectory) {
        let pg = try TemporaryPostgres.freshDatabase()
        let home = try TemporaryDirectory()
        try properties(pg, database: pg.database).write(
            to: home.file("pg.properties"), atomically: true, encoding: .utf8)
        return (try ServerProcess(["-c", home.file("pg.properties").path], directory: home), home)
    }

    @Test func attemptRunsOnPostgres() async throws {
        let (server, home) = try serverOnFreshDatabase()
        defer { withExtendedLifetime(home) { server.stop() } }
        let dir = try RunProject(["mydag.dig": seedWorkflow])
        #expect(try await server.push(dir.temp.url, project: "mydag", revision: "r1").status == 200)
        #expect(try await server.push(dir.temp.url, project: "mydag", revision: "r1").status == 409)
        let start = try await server.putJSON(
            "/api/attempts", ["workflowId": "1", "sessionTime": "2023-07-16T01:55:36Z", "params": [:]])
        #expect(start.status == 200, "\(start.text)")
        let id = try #require(start.json["id"] as? String)
        let done = try await server.waitForAttempt(id)
        #expect(done["status"] as? String == "success")
        let tasks = try #require(try await server.get("/api/attempts/\(id)/tasks")["tasks"] as? [[String: Any]])
        #expect(tasks.count == 12)
        let files = try #require(try await server.get("/api/logs/\(id)/files")["files"] as? [[String: Any]])
        #expect(files.count >= 10)
    }

    /// A task's last log piece is stored with (or before) the state that says the task ended: the
    /// moment an attempt reads done, every task's log is there.
    @Test func everyTasksLogIsStoredWhenItsAttemptReadsDone() async throws {
        let (server, home) = try serverOnFreshDatabase()
        defer { withExtendedLifetime(home) { server.stop() } }
        let names = (0..<5).map { "+w+t\($0)" }
        let dir = try RunProject(["w.dig": (0..<5).map { "+t\($0):\n  echo>: line \($0)\n" }.joined() + "+s:\n  sh>: echo shell\n"])
        #expect(try await server.push(dir.temp.url, project: "w", revision: "r1").status == 200)
        var ids: [String] = []
        for index in 0..<20 {
            let start = try await server.putJSON(
                "/api/attempts", ["workflowId": "1", "sessionTime": "2024-01-01T00:00:\(10 + index)Z", "params": [:]])
            ids.append(try #require(start.json["id"] as? String))
        }
        for id in ids {
            while try await server.get("/api/attempts/\(id)")["done"] as? Bool != true {}
            let files = try #require(try await server.get("/api/logs/\(id)/files")["files"] as? [[String: Any]])
            let logged = Set(files.compactMap { $0["taskName"] as? String })
            #expect(logged.isSuperset(of: names + ["+w+s"]), "attempt \(id): \(logged.sorted())")
        }
    }

    @Test func secondServerTakesOverAfterACrash() async throws {
        let pg = try TemporaryPostgres.freshDatabase()
        let home = try TemporaryDirectory()
        let marks = home.file("marks")
        try (properties(pg, database: pg.database) + "agent.heartbeat-interval=1\n").write(
            to: home.file("pg.properties"), atomically: true, encoding: .utf8)
        let config = ["-c", home.file("pg.properties").path, "-X", "agent.lock-retention-time=3"]
        let first = try ServerProcess(config, directory: home)
        let second = try ServerProcess(config, directory: home)
        defer { second.stop() }
        let dir = try RunProject([
            "t.dig": "+a:\n  sh>: echo a >> \(marks.path) && sleep 2\n+b:\n  sh>: echo b >> \(marks.path)\n"
        ])
        #expect(try await first.push(dir.temp.url, project: "t", revision: "r1").status == 200)
        let start = try await first.putJSON(
            "/api/attempts", ["workflowId": "1", "sessionTime": "2024-01-01T00:00:00Z", "params": [:]])
        let id = try #require(start.json["id"] as? String)
        try await Task.sleep(for: .milliseconds(700))
        first.crash()
        let done = try await second.waitForAttempt(id, timeout: 60)
        #expect(done["status"] as? String == "success")
        #expect(try String(contentsOf: marks, encoding: .utf8) == "a\na\nb\n")
    }
}
