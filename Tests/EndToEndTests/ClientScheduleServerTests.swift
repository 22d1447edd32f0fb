import Foundation
import Testing

/// `schedules`, `disable`, `enable`, `reschedule` against the real server.
@Suite(.serialized) struct ClientScheduleServerTests {
    @Test func scheduleCommandsAgainstTheServer() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = try ClientCommandsTests.project([
            "sample.dig": "timezone: Asia/Tokyo\nschedule:\n  daily>: 07:00:00\n+a:\n  echo>: ${session_time}\n"
        ])
        let client = try ClientRunner(endpoint: server.endpoint, directory: dir.url)
        #expect(try client.run(["push", "sample", "-r", "r1"]).status == 0)

        let list = try client.run(["schedules"])
        #expect(list.status == 0)
        let text = ClientText.stdout(list).replacing(/\(in [0-9hms ]+\)/, with: "(in D)")
        #expect(text == """
            Schedules:
              id: 1
              project: sample
              workflow: sample
              disabled at: 
              next session time: TIME
              next scheduled to run at: TIME (in D)

            1 entries.

            """)
        #expect(list.stdout.contains("00:00:00 +0900"))

        let disabled = try client.run(["disable", "sample"])
        #expect(disabled.stdout == "Disabled schedule id: 1\n")
        #expect(try client.run(["schedules"]).stdout.contains("disabled at: 20"))
        let enabled = try client.run(["enable", "1"])
        #expect(enabled.stdout == "Enabled schedule id: 1\n")

        let before = try #require((try await server.get("/api/schedules/1"))["nextScheduleTime"] as? String)
        let dry = try client.run(["reschedule", "1", "-s", "2", "--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.stderrAfterBanner.contains("Schedule is not updated."))
        #expect((try await server.get("/api/schedules/1"))["nextScheduleTime"] as? String == before)
        let moved = try client.run(["reschedule", "1", "-s", "2"])
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect((try await server.get("/api/schedules/1"))["nextScheduleTime"] as? String != before)
    }
}
