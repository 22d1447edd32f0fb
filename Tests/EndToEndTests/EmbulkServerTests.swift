import DigdagTesting
import Foundation
import Testing

/// The example project (examples/mysql-to-mysql) pushed to a `digdag server`: a session and its
/// retry summarise the session's 5 minutes into summary_logs once.
@Suite("embulk: the example project on a server", .enabled(if: TemporaryMariaDB.isAvailable, "MariaDB programs not found"))
struct EmbulkServerTests {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/mysql-to-mysql")

    /// The example's tables in the test's databases, events from `first` minutes before
    /// 2024-01-01 00:05 UTC up to `last` minutes after it (six per minute), and the project with
    /// its connection settings.
    static func prepare(_ db: EmbulkDatabases, minutesBefore: Int, minutesAfter: Int) throws -> TemporaryDirectory {
        let schema = try String(contentsOf: example.appendingPathComponent("schema.sql"), encoding: .utf8)
            .replacingOccurrences(of: "event_auto_insert", with: db.source).replacingOccurrences(of: "event_summary", with: db.target)
        try db.sql(schema)
        try db.sql("""
            INSERT INTO \(db.source).logs (datetime, value1, value2, category, flg)
              SELECT '2024-01-01 00:05:00' + interval \(minutesAfter * 60) second - interval seq * 10 second, 1, 2, 'a', 0
              FROM \(db.source).seq_1_to_\((minutesBefore + minutesAfter) * 6) ORDER BY seq DESC
            """)
        let project = try TemporaryDirectory()
        for name in ["embulk_etl.dig", "exec_embulk_mysql.sh", "embulk_mysql_mysql.yml.liquid"] {
            try FileManager.default.copyItem(at: example.appendingPathComponent(name), to: project.file(name))
        }
        try """
            export mysql_host=\(db.server.host)
            export mysql_port=\(db.server.port)
            export mysql_user=\(db.server.user)
            export mysql_password=\(db.server.password)
            export mysql_database=\(db.source)
            export mysql_out_database=\(db.target)
            """.write(to: project.file("connection.sh"), atomically: true, encoding: .utf8)
        return project
    }

    @Test func sessionAndRetryWriteEachMinuteOnce() async throws {
        let db = try EmbulkDatabases()
        // Six events in each of the 7 minutes before 2024-01-01 00:05 UTC (the window is the last 5).
        let project = try Self.prepare(db, minutesBefore: 7, minutesAfter: 0)

        let server = try ServerProcess(["--memory", "--disable-scheduler"])
        defer { server.stop() }
        let pushed = try await server.push(project.url, project: "mysql-to-mysql", revision: "r1")
        #expect(pushed.status == 200, "\(pushed.text)")
        let projectId = "\(pushed.json["id"] ?? "")"
        let workflows = try await server.get("/api/projects/\(projectId)/workflows")
        let workflowId = "\((workflows["workflows"] as? [[String: Any]])?.first?["id"] ?? "")"
        for retry in [nil, "again"] as [String?] {
            var body: [String: Any] = ["workflowId": workflowId, "sessionTime": "2024-01-01T00:05:00Z", "params": [:]]
            if let retry { body["retryAttemptName"] = retry }
            let started = try await server.putJSON("/api/attempts", body)
            #expect(started.status == 200, "\(started.text)")
            let attempt = try await server.waitForAttempt("\(started.json["id"] ?? "")", timeout: 120)
            #expect(attempt["success"] as? Bool == true, "\(server.output)")
        }
        #expect(try db.lines("SELECT dt_minute, max_id - min_id, count FROM \(db.target).summary_logs ORDER BY dt_minute") == [
            "2024-01-01 00:00:00\t5\t6", "2024-01-01 00:01:00\t5\t6", "2024-01-01 00:02:00\t5\t6",
            "2024-01-01 00:03:00\t5\t6", "2024-01-01 00:04:00\t5\t6",
        ])
    }

    /// The schedule (`cron>: '*/5 * * * *'`) on a server with its scheduler: a backfill of three
    /// slots runs them one after another, and each slot writes its 5 minutes, once.
    @Test func everyScheduleSlotWritesItsMinutes() async throws {
        let db = try EmbulkDatabases()
        let project = try Self.prepare(db, minutesBefore: 5, minutesAfter: 10)
        let server = try ServerProcess(["--memory"])
        defer { server.stop() }
        let pushed = try await server.push(project.url, project: "mysql-to-mysql", revision: "r1")
        #expect(pushed.status == 200, "\(pushed.text)")
        let schedules = try await server.get("/api/projects/\(pushed.json["id"] ?? "")/schedules")
        let schedule = try #require((schedules["schedules"] as? [[String: Any]])?.first)
        let backfill = try await server.request(
            "POST", "/api/schedules/\(schedule["id"] ?? "")/backfill",
            body: try JSONSerialization.data(withJSONObject: ["fromTime": "2024-01-01T00:05:00Z", "attemptName": "catch-up", "count": 3]),
            headers: ["Content-Type": "application/json"])
        #expect(backfill.status == 200, "\(backfill.text)")
        let attempts = try #require(backfill.json["attempts"] as? [[String: Any]])
        #expect(attempts.compactMap { $0["sessionTime"] as? String } == [
            "2024-01-01T00:05:00+00:00", "2024-01-01T00:10:00+00:00", "2024-01-01T00:15:00+00:00",
        ])
        for attempt in attempts {
            let done = try await server.waitForAttempt("\(attempt["id"] ?? "")", timeout: 120)
            #expect(done["success"] as? Bool == true, "\(server.output)")
        }
        let rows = try db.lines("SELECT dt_minute, count FROM \(db.target).summary_logs ORDER BY dt_minute")
        #expect(rows == (0..<15).map { String(format: "2024-01-01 00:%02d:00\t6", $0) })
    }
}
