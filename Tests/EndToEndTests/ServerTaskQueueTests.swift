import Foundation
import Testing

/// The task queue the nodes of a cluster share: one attempt's parallel tasks run on every node,
/// a dead node's queued tasks run again elsewhere within seconds, a node that stalled past its
/// claim records nothing for the task it lost, and a kill reaches tasks running on other nodes.
@Suite(.serialized) struct ServerTaskQueueTests {
    /// `count` parallel `sh>` tasks; each appends "<name> <node pid>" to `marks`, then runs `then`.
    static func parallelWorkflow(_ marks: URL, count: Int, then: String) -> String {
        var text = "+fan:\n  _parallel: true\n"
        for index in 1...count {
            text += "  +p\(index):\n    sh>: echo \"p\(index) $PPID\" >> \(marks.path) && \(then)\n"
        }
        return text
    }

    /// Marks lines as (task name, node pid).
    static func runs(_ marks: URL) -> [(name: String, pid: Int32)] {
        ServerCluster.lines(marks).compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 2, let pid = Int32(parts[1]) else { return nil }
            return (String(parts[0]), pid)
        }
    }

    /// Published after waiting 50 ms (the default) for a slot on the attempt's node, or at once.
    @Test(arguments: [[], ["agent.task-queue-delay=0"]])
    func oneAttemptsParallelTasksRunOnEveryNode(_ extra: [String]) async throws {
        let cluster = try ServerCluster(extra: extra)
        let nodes = try (0..<3).map { _ in try cluster.node(["--max-task-threads", "2"]) }
        defer { for node in nodes { node.stop() } }
        let marks = cluster.home.file("marks")
        let project = try RunProject(["fan.dig": Self.parallelWorkflow(marks, count: 12, then: "sleep 0.5")])
        #expect(try await nodes[0].push(project.temp.url, project: "fan", revision: "r1").status == 200)

        let started = Date()
        let id = try await ServerCluster.start(nodes[0], sessionTime: ServerClusterTests.sessionTime(0))
        let done = try await nodes[1].waitForAttempt(id, timeout: 60)
        let elapsed = Date().timeIntervalSince(started)
        #expect(done["status"] as? String == "success")
        print("task queue \(extra): 12 tasks x 0.5 s, 2 slots on each of 3 nodes, in \(String(format: "%.2f", elapsed)) s")

        let runs = Self.runs(marks)
        #expect(runs.count == 12)
        #expect(Set(runs.map(\.name)).count == 12, "a task ran twice")
        #expect(Set(runs.map(\.pid)) == Set(nodes.map(\.pid)), "tasks ran on \(Set(runs.map(\.pid)))")
        #expect(elapsed < 10, "12 x 0.5 s on 6 slots (one node's 2 slots alone: 3 s)")
        #expect(nodes[0].output.contains("ran on node \(nodes[1].pid)@"))
        #expect(nodes[1].output.contains("Running queued task +fan+fan+p") || nodes[2].output.contains("Running queued task"))
        // Any node serves every task's log.
        let files = try #require(try await nodes[2].get("/api/logs/\(id)/files")["files"] as? [[String: Any]])
        #expect(files.count == 12)
        let metrics = try await nodes[1].request("GET", "/metrics").text
        #expect(ServerMetricsTests.sample(metrics, "digdag_tasks_claimed_from_queue_total") ?? 0 >= 1)
        #expect(metrics.contains("digdag_task_queue_depth"))
    }

    /// `echo>` and the like are a moment of work: they wait for a slot on their attempt's node
    /// rather than pay the queue's round trips; `sh>` tasks of the same attempt are shared.
    @Test func instantTasksStayOnTheirAttemptsNode() async throws {
        let cluster = try ServerCluster(extra: ["agent.task-queue-delay=0"])
        let nodes = try (0..<2).map { _ in try cluster.node(["--max-task-threads", "1"]) }
        defer { for node in nodes { node.stop() } }
        var text = "+fan:\n  _parallel: true\n"
        for index in 1...8 { text += "  +e\(index):\n    echo>: e\(index)\n" }
        let project = try RunProject(["fan.dig": text])
        #expect(try await nodes[0].push(project.temp.url, project: "fan", revision: "r1").status == 200)
        let id = try await ServerCluster.start(nodes[0], sessionTime: ServerClusterTests.sessionTime(0))
        let done = try await nodes[0].waitForAttempt(id, timeout: 60)
        #expect(done["status"] as? String == "success")
        let metrics = try await nodes[0].request("GET", "/metrics").text
        #expect(ServerMetricsTests.sample(metrics, "digdag_tasks_published_total") ?? 0 == 0, "\(metrics)")
        #expect(!nodes[1].output.contains("Running queued task"))
    }

    @Test func aKilledNodesQueuedTasksRunOnceMoreElsewhere() async throws {
        let cluster = try ServerCluster()
        let owner = try cluster.node(["--max-task-threads", "1"])
        let victim = try cluster.node(["--max-task-threads", "2"])
        let other = try cluster.node(["--max-task-threads", "4"])
        defer {
            owner.stop()
            other.stop()
        }
        let marks = cluster.home.file("marks")
        let project = try RunProject(["k.dig": Self.parallelWorkflow(marks, count: 6, then: "sleep 3")])
        #expect(try await owner.push(project.temp.url, project: "k", revision: "r1").status == 200)
        let id = try await ServerCluster.start(owner, sessionTime: ServerClusterTests.sessionTime(0))
        let victimPid = victim.pid
        #expect(try await ServerCluster.wait(timeout: 30) { Self.runs(marks).contains { $0.pid == victimPid } })
        victim.crash()
        let killed = Date()
        let lost = Set(Self.runs(marks).filter { $0.pid == victimPid }.map(\.name))
        #expect(
            try await ServerCluster.wait(timeout: 30) {
                Self.runs(marks).contains { lost.contains($0.name) && $0.pid != victimPid }
            })
        let takeover = Date().timeIntervalSince(killed)
        print("task queue: kill -9 -> a queued task of the dead node restarted elsewhere after \(String(format: "%.2f", takeover)) s")
        #expect(takeover < 6)
        let done = try await owner.waitForAttempt(id, timeout: 60)
        #expect(done["status"] as? String == "success")
        let runs = Self.runs(marks)
        for index in 1...6 {
            let name = "p\(index)"
            let count = runs.filter { $0.name == name }.count
            #expect(count == (lost.contains(name) ? 2 : 1), "\(name) ran \(count) times")
        }
        #expect(other.output.contains("after node \(victimPid)@") || owner.output.contains("after node \(victimPid)@"))
    }

    @Test func aStalledNodeRecordsNothingForTheTaskItLost() async throws {
        let cluster = try ServerCluster()
        let owner = try cluster.node(["--max-task-threads", "1"])
        let stalled = try cluster.node()
        defer {
            stalled.resume()
            stalled.stop()
            owner.stop()
        }
        let marks = cluster.home.file("marks")
        // On the stalled node +x fails (after its claim ran out); anywhere else it succeeds.
        let project = try RunProject([
            "s.dig": """
                +both:
                  _parallel: true
                  +hold:
                    sh>: sleep 3
                  +x:
                    sh>: echo "x $PPID" >> \(marks.path) && if [ "$PPID" = "\(stalled.pid)" ]; then sleep 2; exit 1; fi

                """
        ])
        #expect(try await owner.push(project.temp.url, project: "s", revision: "r1").status == 200)
        let id = try await ServerCluster.start(owner, sessionTime: ServerClusterTests.sessionTime(0))
        #expect(try await ServerCluster.wait(timeout: 30) { ServerCluster.lines(marks) == ["x \(stalled.pid)"] })
        stalled.suspend()
        let done = try await owner.waitForAttempt(id, timeout: 60)
        #expect(done["status"] as? String == "success")
        stalled.resume()
        #expect(try await ServerCluster.wait(timeout: 15) { stalled.output.contains("Lost the claim on queued task") })
        try await Task.sleep(for: .seconds(1))
        #expect(ServerCluster.lines(marks) == ["x \(stalled.pid)", "x \(owner.pid)"])
        let tasks = try #require(try await owner.get("/api/attempts/\(id)/tasks")["tasks"] as? [[String: Any]])
        #expect(tasks.allSatisfy { $0["state"] as? String == "success" })
        #expect(owner.output.contains("Queued task +s+both+x ran on node \(owner.pid)@"))
        #expect(!owner.output.contains("ran on node \(stalled.pid)@"))
    }

    @Test func aNewOwnerReattachesToQueuedTasksInsteadOfRunningThemAgain() async throws {
        let cluster = try ServerCluster()
        let owner = try cluster.node(["--max-task-threads", "1"])
        let worker = try cluster.node(["--max-task-threads", "4"])
        defer { worker.stop() }
        let marks = cluster.home.file("marks")
        var text = "+fan:\n  _parallel: true\n  +hold:\n    sh>: echo \"hold $PPID\" >> \(marks.path) && sleep 1\n"
        for index in 1...3 {
            text += "  +x\(index):\n    sh>: echo \"x\(index) $PPID\" >> \(marks.path) && sleep 2\n"
        }
        let project = try RunProject(["o.dig": text])
        #expect(try await owner.push(project.temp.url, project: "o", revision: "r1").status == 200)
        let id = try await ServerCluster.start(owner, sessionTime: ServerClusterTests.sessionTime(0))
        #expect(try await ServerCluster.wait(timeout: 30) { Self.runs(marks).count == 4 })
        owner.crash()
        let done = try await worker.waitForAttempt(id, timeout: 60)
        #expect(done["status"] as? String == "success")
        let runs = Self.runs(marks)
        // The owner's own running task runs again; the queued ones ran once, on the worker.
        #expect(runs.filter { $0.name == "hold" }.map(\.pid) == [owner.pid, worker.pid])
        for index in 1...3 { #expect(runs.filter { $0.name == "x\(index)" }.map(\.pid) == [worker.pid]) }
        #expect(worker.output.contains("Re-attached to 3 queued tasks of session attempt id=\(id)"))
    }

    @Test func aKillReachesTasksRunningOnOtherNodes() async throws {
        let cluster = try ServerCluster()
        let owner = try cluster.node(["--max-task-threads", "1"])
        let worker = try cluster.node()
        defer {
            owner.stop()
            worker.stop()
        }
        let marks = cluster.home.file("marks")
        let project = try RunProject([
            "kill.dig": """
                +both:
                  _parallel: true
                  +hold:
                    sh>: sleep 1
                  +x:
                    sh>: echo "x $PPID" >> \(marks.path) && sleep 30

                """
        ])
        #expect(try await owner.push(project.temp.url, project: "kill", revision: "r1").status == 200)
        let id = try await ServerCluster.start(owner, sessionTime: ServerClusterTests.sessionTime(0))
        #expect(try await ServerCluster.wait(timeout: 30) { ServerCluster.lines(marks) == ["x \(worker.pid)"] })
        let started = Date()
        #expect(try await worker.request("POST", "/api/attempts/\(id)/kill", body: Data("{}".utf8)).status == 200)
        let done = try await owner.waitForAttempt(id, timeout: 20)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(done["status"] as? String == "killed")
    }
}
