import Foundation
import Testing

/// A server extracts an attempt's project archive only when a task reads project files.
@Suite struct ServerWorkspaceTests {
    /// The attempt workspaces under the server's temporary directory.
    static func workspaces(under root: URL) -> [String] {
        let files = FileManager.default
        let servers = (try? files.contentsOfDirectory(atPath: root.path))?.filter { $0.hasPrefix("digdag-server-") } ?? []
        return servers.flatMap { server in
            ((try? files.contentsOfDirectory(atPath: root.appendingPathComponent(server).path)) ?? []).map { "\(server)/\($0)" }
        }
    }

    /// Starts `workflow` and waits until its task `task` runs (or, like wait>, waits for its next
    /// poll); returns the attempt id.
    static func startAndWaitForRunning(_ server: ServerProcess, workflowId: String, task: String, sessionTime: String) async throws -> String {
        let started = try await server.putJSON("/api/attempts", ["workflowId": workflowId, "sessionTime": sessionTime, "params": [:]])
        #expect(started.status == 200, "\(started.text)")
        let id = "\(started.json["id"] ?? "")"
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let tasks = try await server.get("/api/attempts/\(id)/tasks")["tasks"] as? [[String: Any]] ?? []
            if tasks.contains(where: { $0["fullName"] as? String == task && ["running", "retry_waiting"].contains($0["state"] as? String ?? "") }) { return id }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ServerTestError("task \(task) of attempt \(id) did not start")
    }

    @Test func onlyTasksThatReadFilesGetTheProjectExtracted() async throws {
        let temporary = try TemporaryDirectory()
        let project = try TemporaryDirectory()
        try "+e:\n  echo>: hi\n+w:\n  wait>: 3s\n".write(to: project.file("quiet.dig"), atomically: true, encoding: .utf8)
        try "+s:\n  sh>: test -f busy.dig && test -f data.txt && sleep 3\n".write(
            to: project.file("busy.dig"), atomically: true, encoding: .utf8)
        try "data\n".write(to: project.file("data.txt"), atomically: true, encoding: .utf8)
        let server = try ServerProcess(["--memory"], environment: ["TMPDIR": temporary.url.path])
        defer { server.stop() }
        let pushed = try await server.push(project.url, project: "files", revision: "r1")
        #expect(pushed.status == 200, "\(pushed.text)")
        let listed = try await server.get("/api/projects/\(pushed.json["id"] ?? "")/workflows")["workflows"] as? [[String: Any]] ?? []
        func workflowId(_ name: String) -> String { "\(listed.first { $0["name"] as? String == name }?["id"] ?? "")" }

        // echo> and wait>: no workspace while the attempt runs.
        let quiet = try await Self.startAndWaitForRunning(
            server, workflowId: workflowId("quiet"), task: "+quiet+w", sessionTime: "2024-01-01T00:00:00Z")
        #expect(Self.workspaces(under: temporary.url) == [])
        #expect(try await server.waitForAttempt(quiet)["success"] as? Bool == true)

        // sh>: the archive is extracted before the task runs, and removed after the attempt.
        let busy = try await Self.startAndWaitForRunning(
            server, workflowId: workflowId("busy"), task: "+busy+s", sessionTime: "2024-01-01T00:00:00Z")
        #expect(Self.workspaces(under: temporary.url).contains { $0.hasSuffix("/attempt-\(busy)") })
        let done = try await server.waitForAttempt(busy)
        #expect(done["success"] as? Bool == true, "\(server.output)")
    }
}
