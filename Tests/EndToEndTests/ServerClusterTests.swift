import Foundation
import Testing

/// Several `digdag server` processes on one PostgreSQL: attempts started through any node all
/// finish exactly once, a killed node's attempts are taken over within seconds, and a node that
/// stalled past its lease is fenced out (it records nothing for the work it lost).
@Suite(.serialized) struct ServerClusterTests {
    /// Ten `sh>` tasks, six of them in `_parallel` branches; each appends "<session> <task> <node pid>".
    static func fanOutWorkflow(_ marks: URL) -> String {
        func task(_ name: String) -> String { "  sh>: echo \"${session_time} \(name) $PPID\" >> \(marks.path)\n" }
        var text = "+prep:\n" + task("prep") + "+fan:\n  _parallel: true\n"
        for index in 1...6 { text += "  +p\(index):\n  " + task("p\(index)") }
        text += "+join:\n  _parallel: true\n"
        for index in 1...2 { text += "  +j\(index):\n  " + task("j\(index)") }
        return text + "+done:\n" + task("done")
    }

    static func sessionTime(_ index: Int) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: 1_704_067_200 + Double(index) * 3600))
    }

    @Test func threeNodesRunEveryAttemptOnce() async throws {
        let cluster = try ServerCluster()
        let nodes = try (0..<3).map { _ in try cluster.node() }
        defer { for node in nodes { node.stop() } }
        let marks = cluster.home.file("marks")
        let project = try RunProject(["fan.dig": Self.fanOutWorkflow(marks)])
        #expect(try await nodes[0].push(project.temp.url, project: "fan", revision: "r1").status == 200)

        let count = 200
        let started = Date()
        var ids: [String] = []
        for index in 0..<count {
            ids.append(try await ServerCluster.start(nodes[index % 3], sessionTime: Self.sessionTime(index)))
        }
        for (index, id) in ids.enumerated() {
            let done = try await nodes[(index + 1) % 3].waitForAttempt(id, timeout: 90)
            #expect(done["status"] as? String == "success", "attempt \(id)")
        }
        print("cluster: \(count) attempts x 10 tasks on 3 nodes in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")

        let lines = ServerCluster.lines(marks)
        #expect(lines.count == count * 10)
        let runs = lines.map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
        #expect(Set(runs).count == runs.count, "a task ran twice")
        let pids = Set(lines.compactMap { $0.split(separator: " ").last.flatMap { Int32($0) } })
        #expect(pids == Set(nodes.map(\.pid)), "tasks ran on \(pids)")

        // Logs of any attempt are readable through any node.
        let files = try #require(try await nodes[2].get("/api/logs/\(ids[0])/files")["files"] as? [[String: Any]])
        #expect(files.count == 10)
        for node in nodes { #expect(node.output.contains("Node \(node.pid)@")) }
    }

    @Test func killedNodesAttemptsAreTakenOverWithinSeconds() async throws {
        let cluster = try ServerCluster()
        let victim = try cluster.node()
        let others = try (0..<2).map { _ in try cluster.node() }
        defer { for node in others { node.stop() } }
        let marks = cluster.home.file("marks")
        let project = try RunProject([
            "slow.dig": """
                +a:
                  sh>: echo "${session_time} a $PPID" >> \(marks.path) && sleep 3
                +b:
                  sh>: echo "${session_time} b $PPID" >> \(marks.path)

                """
        ])
        #expect(try await victim.push(project.temp.url, project: "slow", revision: "r1").status == 200)
        var ids: [String] = []
        for index in 0..<6 { ids.append(try await ServerCluster.start(victim, sessionTime: Self.sessionTime(index))) }
        #expect(try await ServerCluster.wait(timeout: 30) { ServerCluster.lines(marks).count == 6 })
        victim.crash()
        let killed = Date()
        let victimPid = "\(victim.pid)"
        #expect(
            try await ServerCluster.wait(timeout: 30) {
                ServerCluster.lines(marks).contains { !$0.hasSuffix(" \(victimPid)") }
            })
        let takeover = Date().timeIntervalSince(killed)
        print("cluster: kill -9 -> first task restarted on another node after \(String(format: "%.2f", takeover)) s")
        #expect(takeover < 7)
        for id in ids {
            let done = try await others[0].waitForAttempt(id, timeout: 60)
            #expect(done["status"] as? String == "success")
        }
        let lines = ServerCluster.lines(marks)
        #expect(lines.filter { $0.contains(" b ") }.count == 6)
        #expect(lines.filter { $0.contains(" a ") }.count == 12)
        #expect(lines.filter { $0.contains(" b ") }.allSatisfy { !$0.hasSuffix(" \(victimPid)") })
        var takeovers = 0.0
        for node in others {
            let metrics = try await node.request("GET", "/metrics").text
            takeovers += ServerMetricsTests.sample(metrics, "digdag_attempt_takeovers_total") ?? 0
        }
        #expect(takeovers == 6)
    }

    @Test func aStalledNodeIsFencedOutOfWorkItLost() async throws {
        let cluster = try ServerCluster()
        let stalled = try cluster.node()
        let other = try cluster.node()
        defer {
            stalled.resume()
            stalled.stop()
            other.stop()
        }
        let marks = cluster.home.file("marks")
        let project = try RunProject([
            "stall.dig": """
                +a:
                  sh>: echo "a $PPID" >> \(marks.path) && sleep 1
                +b:
                  sh>: echo "b $PPID" >> \(marks.path)

                """
        ])
        #expect(try await stalled.push(project.temp.url, project: "stall", revision: "r1").status == 200)
        let id = try await ServerCluster.start(stalled, sessionTime: Self.sessionTime(0))
        #expect(try await ServerCluster.wait(timeout: 30) { ServerCluster.lines(marks).count == 1 })
        stalled.suspend()
        // Its `sleep 1` finishes while it is frozen; the other node takes over and finishes.
        let done = try await other.waitForAttempt(id, timeout: 60)
        #expect(done["status"] as? String == "success")
        stalled.resume()
        // Back, the stalled node finds its lease gone: it must neither record +a nor run +b.
        #expect(try await ServerCluster.wait(timeout: 15) { stalled.output.contains("Lost the lease") })
        try await Task.sleep(for: .seconds(1))
        let lines = ServerCluster.lines(marks)
        #expect(lines == ["a \(stalled.pid)", "a \(other.pid)", "b \(other.pid)"])
        let tasks = try #require(try await other.get("/api/attempts/\(id)/tasks")["tasks"] as? [[String: Any]])
        #expect(tasks.allSatisfy { $0["state"] as? String == "success" })
        #expect(try await other.get("/api/attempts/\(id)")["status"] as? String == "success")
        let metrics = try await stalled.request("GET", "/metrics").text
        #expect(ServerMetricsTests.sample(metrics, "digdag_attempt_leases_lost_total") ?? 0 >= 1)
    }

    @Test(arguments: [["--disable-executor-loop", "--disable-scheduler"], ["--disable-local-agent"]])
    func attemptsStartedOnANodeWithoutExecutorRunElsewhere(_ options: [String]) async throws {
        let cluster = try ServerCluster()
        let apiOnly = try cluster.node(options)
        let worker = try cluster.node()
        defer {
            apiOnly.stop()
            worker.stop()
        }
        let marks = cluster.home.file("marks")
        let project = try RunProject(["w.dig": "+a:\n  sh>: echo \"a $PPID\" >> \(marks.path)\n"])
        #expect(try await apiOnly.push(project.temp.url, project: "w", revision: "r1").status == 200)
        let id = try await ServerCluster.start(apiOnly, sessionTime: Self.sessionTime(0))
        let done = try await apiOnly.waitForAttempt(id, timeout: 30)
        #expect(done["status"] as? String == "success")
        #expect(ServerCluster.lines(marks) == ["a \(worker.pid)"])
        #expect(apiOnly.output.contains("attempts started here run on other nodes"))
        #expect(worker.output.contains("roles: api, executor, agent, scheduler"))
        let files = try #require(try await apiOnly.get("/api/logs/\(id)/files")["files"] as? [[String: Any]])
        #expect(files.count == 1)
    }

    /// Session pages are kept in each node's memory, and what another node does shows on them
    /// within milliseconds (the writer's NOTIFY), also on a node that runs no attempts.
    @Test func sessionPagesShowOtherNodesWorkAtOnce() async throws {
        let cluster = try ServerCluster()
        let apiOnly = try cluster.node(["--disable-executor-loop", "--disable-scheduler"])
        let worker = try cluster.node()
        defer {
            apiOnly.stop()
            worker.stop()
        }
        let project = try RunProject(["w.dig": "+a:\n  sh>: sleep 0.3\n"])
        #expect(try await worker.push(project.temp.url, project: "w", revision: "r1").status == 200)
        func page(_ node: ServerProcess) async throws -> [[String: Any]] {
            try #require(try await node.get("/api/sessions")["sessions"] as? [[String: Any]])
        }
        /// Seconds until `condition` holds on `apiOnly`'s page; nil after half a second (pages
        /// are read again after at most a second without any notice).
        func secondsUntil(_ condition: ([[String: Any]]) -> Bool) async throws -> Double? {
            let start = Date()
            while Date().timeIntervalSince(start) < 0.5 {
                if condition(try await page(apiOnly)) { return Date().timeIntervalSince(start) }
                try await Task.sleep(for: .milliseconds(5))
            }
            return nil
        }
        #expect(try await page(apiOnly).isEmpty)
        let id = try await ServerCluster.start(worker, sessionTime: Self.sessionTime(0))
        let listed = try await secondsUntil { ($0.first?["lastAttempt"] as? [String: Any])?["id"] as? String == id }
        #expect(listed != nil)
        #expect(try await worker.waitForAttempt(id, timeout: 30)["status"] as? String == "success")
        let done = try await secondsUntil { ($0.first?["lastAttempt"] as? [String: Any])?["done"] as? Bool == true }
        #expect(done != nil)
        print("session pages: a new session listed on another node after \(listed ?? -1) s, its end after \(done ?? -1) s")
        let apiPage = try await apiOnly.request("GET", "/api/sessions").body
        #expect(apiPage == (try await worker.request("GET", "/api/sessions").body))
    }
}
