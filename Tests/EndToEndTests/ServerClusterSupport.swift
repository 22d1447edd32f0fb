import DigdagTesting
import Foundation

/// Several `digdag server` processes on one fresh PostgreSQL database: the cluster tests' fixture.
struct ServerCluster {
    let home: TemporaryDirectory
    let pg: TestDatabaseServer
    let properties: URL

    /// A fresh database (or `database`) and a properties file for it (plus `extra` lines).
    init(database: TestDatabaseServer? = nil, extra: [String] = []) throws {
        pg = try database ?? TemporaryPostgres.freshDatabase()
        home = try TemporaryDirectory()
        properties = home.file("cluster.properties")
        let lines = [
            "database.type=postgresql", "database.host=\(pg.host)", "database.port=\(pg.port)",
            "database.user=\(pg.user)", "database.password=\(pg.password)", "database.database=\(pg.database)",
            "database.maximumPoolSize=4",
        ] + extra
        try (lines.joined(separator: "\n") + "\n").write(to: properties, atomically: true, encoding: .utf8)
    }

    /// Starts one node with `options` (e.g. `--disable-local-agent`).
    func node(_ options: [String] = []) throws -> ServerProcess {
        try ServerProcess(["-c", properties.path] + options, directory: home)
    }

    /// Starts an attempt of workflow 1 through `node`'s API and returns its id.
    static func start(_ node: ServerProcess, sessionTime: String, workflowId: String = "1") async throws -> String {
        let reply = try await node.putJSON(
            "/api/attempts", ["workflowId": workflowId, "sessionTime": sessionTime, "params": [:]])
        guard reply.status == 200, let id = reply.json["id"] as? String else {
            throw ServerTestError("start failed: \(reply.status) \(reply.text)")
        }
        return id
    }

    /// Lines of a marks file the tasks append to.
    static func lines(_ url: URL) -> [String] {
        ((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Waits until `condition` holds (checked every 50 ms) or `timeout` passes; returns whether it held.
    static func wait(timeout: TimeInterval, _ condition: () -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }
}

extension ServerProcess {
    /// The server's process id.
    var pid: Int32 { process.processIdentifier }

    /// SIGSTOP: the process freezes (a paused VM, a long GC pause) and its leases run out.
    func suspend() { kill(process.processIdentifier, SIGSTOP) }

    /// SIGCONT after `suspend()`.
    func resume() { kill(process.processIdentifier, SIGCONT) }
}
