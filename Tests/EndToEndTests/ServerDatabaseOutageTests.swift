import DigdagTesting
import Foundation
import Testing

/// Two nodes on a PostgreSQL that stops for ten seconds mid-run: no node exits, and every
/// attempt finishes once the database is back (tasks that were running may run again).
@Suite(.serialized) struct ServerDatabaseOutageTests {
    @Test func attemptsFinishAfterTheDatabaseComesBack() async throws {
        let postgres = try TemporaryPostgres.dedicated()
        let cluster = try ServerCluster(database: postgres.server)
        let nodes = try (0..<2).map { _ in try cluster.node() }
        defer { for node in nodes { node.stop() } }
        let marks = cluster.home.file("marks")
        var workflow = ""
        for step in ["a", "b", "c", "d"] {
            workflow += "+\(step):\n  sh>: echo \"${session_time} \(step)\" >> \(marks.path) && sleep 1\n"
        }
        let project = try RunProject(["steps.dig": workflow])
        #expect(try await nodes[0].push(project.temp.url, project: "steps", revision: "r1").status == 200)
        var ids: [String] = []
        for index in 0..<4 {
            ids.append(try await ServerCluster.start(nodes[index % 2], sessionTime: ServerClusterTests.sessionTime(index)))
        }
        #expect(try await ServerCluster.wait(timeout: 30) { ServerCluster.lines(marks).count >= 4 })
        try postgres.stop()
        try await Task.sleep(for: .seconds(10))
        try postgres.start()
        for id in ids {
            let done = try await nodes[0].waitForAttempt(id, timeout: 90)
            #expect(done["status"] as? String == "success", "attempt \(id)")
        }
        #expect(nodes.allSatisfy { $0.process.isRunning })
        let lines = ServerCluster.lines(marks)
        for index in 0..<4 {
            let session = ServerClusterTests.sessionTime(index).replacingOccurrences(of: "Z", with: "+00:00")
            for step in ["a", "b", "c", "d"] {
                #expect(lines.contains("\(session) \(step)"), "\(session) \(step) never ran: \(lines)")
            }
        }
    }

    /// SIGTERM while the database is down: the node still stops (its running attempt's end
    /// cannot be stored, so it stops as after a crash), and once the database is back another
    /// node finishes the attempt from its last stored state.
    @Test func aNodeStopsOnSigtermWhileItsDatabaseIsDown() async throws {
        let postgres = try TemporaryPostgres.dedicated()
        let cluster = try ServerCluster(
            database: postgres.server, extra: ["agent.lock-retention-time=3", "database.connectionTimeout=3"])
        let node = try cluster.node()
        let marks = cluster.home.file("marks")
        let project = try RunProject([
            "down.dig": "+a:\n  sh>: echo a >> \(marks.path) && sleep 2\n+b:\n  sh>: echo b >> \(marks.path)\n"
        ])
        #expect(try await node.push(project.temp.url, project: "down", revision: "r1").status == 200)
        let id = try await ServerCluster.start(node, sessionTime: ServerClusterTests.sessionTime(0))
        #expect(try await ServerCluster.wait(timeout: 30) { ServerCluster.lines(marks) == ["a"] })
        try postgres.stop()
        let stopped = Date()
        node.process.terminate()
        #expect(try await ServerCluster.wait(timeout: 40) { !node.process.isRunning }, "SIGTERM did not stop the node")
        print("outage: node stopped \(String(format: "%.1f", Date().timeIntervalSince(stopped))) s after SIGTERM")
        #expect(node.output.contains("Failed to store task states while shutting down"))
        try postgres.start()
        let other = try cluster.node()
        defer { other.stop() }
        let done = try await other.waitForAttempt(id, timeout: 60)
        #expect(done["status"] as? String == "success")
        #expect(ServerCluster.lines(marks).last == "b")
    }
}
