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

    @Test func backfillRunsSessionsOneAfterAnother() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let home = try TemporaryDirectory()
        let lock = home.file("lock").path
        let marks = home.file("marks").path
        let dir = try ClientCommandsTests.project([
            "daily.dig": """
                schedule:
                  daily>: 07:00:00
                +a:
                  sh>: mkdir \(lock) || echo OVERLAP >> \(marks); echo ${session_date} >> \(marks); sleep 0.2; rmdir \(lock)

                """
        ])
        let client = try ClientRunner(endpoint: server.endpoint, directory: dir.url)
        #expect(try client.run(["push", "daily", "-r", "r1"]).status == 0)
        let utc = TimeZone(identifier: "UTC")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        let from = calendar.date(byAdding: .day, value: -4, to: Date())!
        let formatter = DateFormatter()
        formatter.timeZone = utc
        formatter.dateFormat = "yyyy-MM-dd"
        let dry = try client.run(["backfill", "daily", "daily", "--from", formatter.string(from: from), "--name", "bf", "-d"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stderrAfterBanner.contains("No session attempts started."))
        let result = try client.run(["backfill", "daily", "daily", "--from", formatter.string(from: from), "--name", "bf", "--count", "3"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Session attempts:\n"))
        #expect(result.stdout.components(separatedBy: "retry attempt name: bf").count - 1 == 3)
        #expect(result.stderrAfterBanner.contains("Backfill session attempts started."))
        let deadline = Date().addingTimeInterval(30)
        var lines: [String] = []
        while Date() < deadline {
            lines = ((try? String(contentsOfFile: marks, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            if lines.count >= 3 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(lines.count == 3)
        #expect(!lines.contains("OVERLAP"))
        #expect(lines == lines.sorted())
        let again = try client.run(["backfill", "daily", "daily", "--from", formatter.string(from: from), "--name", "bf", "--count", "3"])
        #expect(again.status == 1)
        #expect(again.stderrAfterBanner.hasPrefix("error: Request conflicted: "))
    }
}
