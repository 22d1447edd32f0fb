import Foundation
import Testing

/// `digdag scheduler`: the current directory is loaded as project `default` and reloaded when it
/// changes.
@Suite(.serialized) struct SchedulerModeTests {
    @Test func projectIsLoadedAndReloaded() async throws {
        let dir = try RunProject(["hello.dig": "schedule:\n  daily>: 07:00:00\n+a:\n  echo>: hi\n"])
        let server = try ServerProcess([], command: "scheduler", workingDirectory: dir.temp.url)
        defer { server.stop() }
        func revision() async throws -> String? {
            let projects = try await server.get("/api/projects?name=default")["projects"] as? [[String: Any]]
            return projects?.first?["revision"] as? String
        }
        var first: String?
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            first = try await revision()
            if first != nil { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let loaded = try #require(first)
        let schedules = try #require(try await server.get("/api/schedules")["schedules"] as? [[String: Any]])
        #expect(schedules.count == 1)
        try "schedule:\n  daily>: 08:00:00\n+a:\n  echo>: changed\n".write(
            to: dir.temp.file("hello.dig"), atomically: true, encoding: .utf8)
        var second: String?
        while Date() < deadline.addingTimeInterval(10) {
            second = try await revision()
            if second != loaded { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(second != nil && second != loaded)
    }
}
