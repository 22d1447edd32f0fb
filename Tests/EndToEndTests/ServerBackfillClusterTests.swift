import Foundation
import Testing

/// A backfill on several nodes: its slots are stored as attempts that wait for the previous
/// slot's session (Digdag's delayed attempts), so any node runs them, one after another, even
/// when the backfill came through a node without executor or the node running the chain dies.
@Suite(.serialized) struct ServerBackfillClusterTests {
    /// A daily workflow whose task marks its start (with the node's pid), sleeps, marks its end.
    static func workflow(_ marks: URL, sleep: Double) -> String {
        """
        timezone: UTC
        schedule:
          daily>: 00:00:00
        +slot:
          sh>: echo "start ${session_date} $PPID" >> \(marks.path); sleep \(sleep); echo "end ${session_date}" >> \(marks.path)

        """
    }

    /// Backfills three daily slots through `node` and returns the attempt ids, in slot order.
    static func backfill(_ node: ServerProcess, name: String) async throws -> [String] {
        let schedules = try await node.get("/api/schedules")
        let schedule = try #require((schedules["schedules"] as? [[String: Any]])?.first)
        let reply = try await node.request(
            "POST", "/api/schedules/\(schedule["id"] ?? "")/backfill",
            body: try JSONSerialization.data(
                withJSONObject: ["fromTime": "2024-01-01T00:00:00Z", "attemptName": name, "count": 3]),
            headers: ["Content-Type": "application/json"])
        #expect(reply.status == 200, "\(reply.text)")
        let attempts = try #require(reply.json["attempts"] as? [[String: Any]])
        return attempts.map { "\($0["id"] ?? "")" }
    }

    /// The slots' start and end marks in file order, without pids.
    static func order(_ marks: URL) -> [String] {
        ServerCluster.lines(marks).map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
    }

    @Test func aBackfillThroughANodeWithoutExecutorRunsOnTheOthersInOrder() async throws {
        let cluster = try ServerCluster()
        let apiOnly = try cluster.node(["--disable-executor-loop", "--disable-scheduler"])
        let worker = try cluster.node(["--disable-scheduler"])
        defer {
            apiOnly.stop()
            worker.stop()
        }
        let marks = cluster.home.file("marks")
        let project = try RunProject(["daily.dig": Self.workflow(marks, sleep: 0.2)])
        #expect(try await apiOnly.push(project.temp.url, project: "p", revision: "r1").status == 200)
        let ids = try await Self.backfill(apiOnly, name: "bf")
        for id in ids {
            let done = try await apiOnly.waitForAttempt(id, timeout: 60)
            #expect(done["success"] as? Bool == true, "\(worker.output)")
        }
        #expect(Self.order(marks) == [
            "start 2024-01-01", "end 2024-01-01", "start 2024-01-02", "end 2024-01-02", "start 2024-01-03",
            "end 2024-01-03",
        ])
        #expect(ServerCluster.lines(marks).filter { $0.hasPrefix("start") }.allSatisfy { $0.hasSuffix(" \(worker.pid)") })
    }

    @Test func aBackfillChainSurvivesTheNodeThatRanIt() async throws {
        let cluster = try ServerCluster()
        let first = try cluster.node(["--disable-scheduler"])
        let marks = cluster.home.file("marks")
        let project = try RunProject(["daily.dig": Self.workflow(marks, sleep: 1)])
        #expect(try await first.push(project.temp.url, project: "p", revision: "r1").status == 200)
        let ids = try await Self.backfill(first, name: "bf")
        // The first slot runs on the only node; a second node joins, then the first one dies.
        #expect(try await ServerCluster.wait(timeout: 20) { Self.order(marks).contains("start 2024-01-01") })
        let second = try cluster.node(["--disable-scheduler"])
        defer { second.stop() }
        first.crash()
        for id in ids {
            let done = try await second.waitForAttempt(id, timeout: 60)
            #expect(done["success"] as? Bool == true, "\(second.output)")
        }
        // The slot that was running starts again on the second node; then the others, in order.
        let ends = Self.order(marks).filter { $0.hasPrefix("end") }
        #expect(ends.suffix(3) == ["end 2024-01-01", "end 2024-01-02", "end 2024-01-03"])
        let starts = ServerCluster.lines(marks).filter { $0.hasPrefix("start 2024-01-02") || $0.hasPrefix("start 2024-01-03") }
        #expect(starts.count == 2)
        #expect(starts.allSatisfy { $0.hasSuffix(" \(second.pid)") })
    }
}
