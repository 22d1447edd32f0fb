import Foundation
import Testing

/// The scheduler: after an hour of "downtime" (`schedule_from` an hour ago) a one-minute cron
/// replays its 60 missed slots one after another, oldest first, never two at once; with
/// `catch_up: none` missed slots are skipped and logged.
@Suite(.serialized) struct ServerScheduleTests {
    /// Waits while the wall clock is within a few seconds of a minute boundary, so that an
    /// every-minute schedule pushed now cannot also reach its next slot while a test checks counts.
    static func awayFromMinuteBoundary() async throws {
        let second = Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 60)
        if second > 50 { try await Task.sleep(for: .seconds(61 - second)) }
    }

    static func hourAgo() -> String {
        let t = (Date().timeIntervalSince1970 / 60).rounded(.down) * 60 - 3600
        return ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: t))
    }

    @Test func missedSlotsRunOneAtATimeOldestFirst() async throws {
        let home = try TemporaryDirectory()
        let lock = home.file("lock").path
        let marks = home.file("marks").path
        let dir = try RunProject([
            "every.dig": """
                schedule:
                  cron>: '* * * * *'
                +work:
                  sh>: mkdir \(lock) || echo OVERLAP >> \(marks); echo ${session_time} >> \(marks); sleep 0.05; rmdir \(lock)

                """
        ])
        let server = try ServerProcess(["--memory"], directory: home)
        defer { server.stop() }
        let archive = try ServerProcess.tarGz(dir.temp.url)
        let pushed = try await server.request(
            "PUT", "/api/projects?project=every&revision=r1&schedule_from=\(Self.hourAgo())", body: archive,
            headers: ["Content-Type": "application/gzip"])
        #expect(pushed.status == 200, "\(pushed.text)")
        let deadline = Date().addingTimeInterval(90)
        var sessions: [[String: Any]] = []
        while Date() < deadline {
            sessions = try await server.get("/api/sessions?page_size=100")["sessions"] as? [[String: Any]] ?? []
            let done = sessions.filter { ($0["lastAttempt"] as? [String: Any])?["done"] as? Bool == true }
            if done.count >= 60 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(sessions.count >= 60)
        #expect(server.output.contains("Queued a missed slot of schedule id=1"))
        let lines = try String(contentsOfFile: marks, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count >= 60)
        // The missed slots (all but the last two minutes, which are on time and may start while
        // another attempt runs, as in Digdag) ran one at a time, oldest first.
        let missed = Array(lines.prefix(57))
        #expect(!missed.contains("OVERLAP"))
        #expect(missed == missed.sorted(), "slots ran oldest first")
        let schedules = try #require(try await server.get("/api/schedules")["schedules"] as? [[String: Any]])
        #expect(schedules.count == 1)
        #expect(schedules[0]["disabledAt"] is NSNull)
    }

    @Test func catchUpNoneSkipsMissedSlots() async throws {
        let home = try TemporaryDirectory()
        let dir = try RunProject([
            "quiet.dig": """
                schedule:
                  cron>: '* * * * *'
                  catch_up: none
                +work:
                  echo>: ${session_time}

                """
        ])
        let server = try ServerProcess(["--memory"], directory: home)
        defer { server.stop() }
        let archive = try ServerProcess.tarGz(dir.temp.url)
        try await Self.awayFromMinuteBoundary()
        let pushed = try await server.request(
            "PUT", "/api/projects?project=quiet&revision=r1&schedule_from=\(Self.hourAgo())", body: archive,
            headers: ["Content-Type": "application/gzip"])
        #expect(pushed.status == 200, "\(pushed.text)")
        try await Task.sleep(for: .seconds(2))
        let sessions = try await server.get("/api/sessions")["sessions"] as? [[String: Any]] ?? []
        #expect(sessions.count <= 1)
        #expect(server.output.contains("catch_up_none"))
        let schedule = try #require((try await server.get("/api/schedules")["schedules"] as? [[String: Any]])?.first)
        let id = try #require(schedule["id"] as? String)
        // Pause and resume (Digdag's disable/enable).
        let disabled = try await server.request("POST", "/api/schedules/\(id)/disable", body: Data("{}".utf8))
        #expect(disabled.status == 200)
        #expect(disabled.json["disabledAt"] as? String != nil)
        let enabled = try await server.request("POST", "/api/schedules/\(id)/enable", body: Data("{}".utf8))
        #expect(enabled.json["disabledAt"] is NSNull)
    }

    @Test func invalidScheduleIsRejectedAtPush() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = try RunProject(["bad.dig": "schedule:\n  daily>: 25:99\n+a:\n  echo>: x\n"])
        let pushed = try await server.push(dir.temp.url, project: "bad", revision: "r1")
        #expect(pushed.status == 400)
        let projects = try await server.get("/api/projects")["projects"] as? [Any]
        #expect(projects?.isEmpty == true)
    }
}

/// `digdag schedules` shows how many missed slots wait (beyond Digdag).
@Suite(.serialized) struct ServerPendingSlotTests {
    @Test func pendingSlotsAreShown() async throws {
        let home = try TemporaryDirectory()
        let dir = try RunProject([
            "slow.dig": "schedule:\n  cron>: '* * * * *'\n+work:\n  sh>: sleep 5\n"
        ])
        let server = try ServerProcess(["--memory"], directory: home)
        defer { server.stop() }
        let archive = try ServerProcess.tarGz(dir.temp.url)
        let pushed = try await server.request(
            "PUT", "/api/projects?project=slow&revision=r1&schedule_from=\(ServerScheduleTests.hourAgo())", body: archive,
            headers: ["Content-Type": "application/gzip"])
        #expect(pushed.status == 200)
        try await Task.sleep(for: .milliseconds(800))
        let schedule = try #require((try await server.get("/api/schedules")["schedules"] as? [[String: Any]])?.first)
        let pending = try #require(schedule["pendingSlots"] as? Int)
        #expect(pending >= 58 && pending <= 61)
        let shown = try DigdagBinary.run(["schedules", "-e", server.endpoint])
        #expect(shown.stdout.contains("  pending slots: \(pending)") || shown.stdout.contains("  pending slots: "))
        let sessions = try await server.get("/api/sessions")["sessions"] as? [[String: Any]] ?? []
        #expect(sessions.count == 1, "one catch-up attempt at a time")
    }
}

/// Server-wide `schedule.catch_up` and `enable --skip-schedule` (beyond Digdag).
@Suite(.serialized) struct ServerCatchUpOptionTests {
    func pushHourOld(_ server: ServerProcess) async throws {
        let dir = try RunProject(["m.dig": "schedule:\n  cron>: '* * * * *'\n+a:\n  echo>: x\n"])
        let archive = try ServerProcess.tarGz(dir.temp.url)
        let pushed = try await server.request(
            "PUT", "/api/projects?project=m&revision=r1&schedule_from=\(ServerScheduleTests.hourAgo())", body: archive,
            headers: ["Content-Type": "application/gzip"])
        #expect(pushed.status == 200)
    }

    @Test func serverDefaultPolicy() async throws {
        let server = try ServerProcess(["--memory", "-X", "schedule.catch_up=none"])
        defer { server.stop() }
        try await ServerScheduleTests.awayFromMinuteBoundary()
        try await pushHourOld(server)
        try await Task.sleep(for: .seconds(1))
        #expect(server.output.contains("catch_up_none"))
        let sessions = try await server.get("/api/sessions")["sessions"] as? [[String: Any]] ?? []
        #expect(sessions.count <= 1)
    }

    @Test func enableSkipSchedule() async throws {
        let server = try ServerProcess(["--memory", "--disable-scheduler"])
        defer { server.stop() }
        try await pushHourOld(server)
        let before = try #require((try await server.get("/api/schedules/1"))["nextRunTime"] as? String)
        let enabled = try DigdagBinary.run(["enable", "1", "--skip-schedule", "-e", server.endpoint])
        #expect(enabled.status == 0, "\(enabled.stderr)")
        #expect(enabled.stdout == "Enabled schedule id: 1\n")
        let after = try #require((try await server.get("/api/schedules/1"))["nextRunTime"] as? String)
        #expect(after > before)
        let parsed = try #require(ISO8601DateFormatter().date(from: after))
        #expect(parsed.timeIntervalSinceNow > -61)
    }
}

/// The user's incident: a failing one-minute job after downtime. Digdag started every missed
/// slot at once; here they fail one after another.
@Suite(.serialized) struct ServerFailingStormTests {
    @Test func failingMissedSlotsNeverRunTogether() async throws {
        let home = try TemporaryDirectory()
        let lock = home.file("lock").path
        let marks = home.file("marks").path
        let dir = try RunProject([
            "etl.dig": """
                schedule:
                  cron>: '* * * * *'
                +load:
                  sh>: mkdir \(lock) || echo OVERLAP >> \(marks); echo run >> \(marks); sleep 0.05; rmdir \(lock); exit 1

                """
        ])
        let server = try ServerProcess(["--memory"], directory: home)
        defer { server.stop() }
        let archive = try ServerProcess.tarGz(dir.temp.url)
        let pushed = try await server.request(
            "PUT", "/api/projects?project=etl&revision=r1&schedule_from=\(ServerScheduleTests.hourAgo())", body: archive,
            headers: ["Content-Type": "application/gzip"])
        #expect(pushed.status == 200)
        let deadline = Date().addingTimeInterval(90)
        var lines: [String] = []
        while Date() < deadline {
            lines = ((try? String(contentsOfFile: marks, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            if lines.filter({ $0 == "run" }).count >= 58 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(lines.filter { $0 == "run" }.count >= 58)
        #expect(!lines.prefix(57).contains("OVERLAP"))
        let attempts = try #require(try await server.get("/api/attempts?page_size=100")["attempts"] as? [[String: Any]])
        #expect(attempts.allSatisfy { $0["status"] as? String != "success" })
        // The API stays responsive while the storm is handled.
        #expect(try await server.request("GET", "/api/version").status == 200)
    }
}
