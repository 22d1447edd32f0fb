import DigdagCore
import Foundation
import Testing

/// `digdag check`: definitions, parameters and schedules with their first slot from now.
@Suite("digdag check")
struct CheckTests {
    static let tokyo = TimeZone(identifier: "Asia/Tokyo")!

    @Test func projectWithoutSchedules() throws {
        let project = try RunProject(["plain.dig": "+a:\n  echo>: x\n+b:\n  require>: other\n"])
        let result = try project.run(["check", "-p", "k=v"])
        #expect(result.status == 0)
        #expect(result.stdout == """
              System default timezone: Asia/Tokyo

              Definitions (1 workflows):
                plain (3 tasks)
                  -> other

              Parameters:
                k: "v"

              Schedules (0 entries):


            """)
    }

    @Test func schedulesShowTheFirstSlotFromNow() throws {
        let files = [
            "cron_job.dig": "schedule:\n  cron>: '42 4 1 * *'\n  skip_delayed_by: 1h\n+a:\n  echo>: x\n",
            "daily_job.dig": "timezone: America/Los_Angeles\nschedule:\n  daily>: 07:00:00\n+a:\n  echo>: x\n",
            "hourly_job.dig": "timezone: Asia/Tokyo\nschedule:\n  hourly>: '32:32'\n  catch_up: none\n+a:\n  echo>: x\n",
            "plain.dig": "+a:\n  echo>: x\n",
        ]
        let project = try RunProject(files)
        let before = Date()
        let result = try project.run(["check"])
        let after = Date()
        #expect(result.status == 0)
        #expect(result.stderrAfterBanner == "")

        let lines = result.stdoutLines
        let header = try #require(lines.firstIndex(of: "  Schedules (3 entries):"))
        let block = Array(lines[(header + 1)...])
        let yaml = [
            "cron_job": ["      cron>: \"42 4 1 * *\"", "      skip_delayed_by: \"1h\""],
            "daily_job": ["      daily>: \"07:00:00\""],
            "hourly_job": ["      hourly>: \"32:32\"", "      catch_up: \"none\""],
        ]
        let zones = ["cron_job": "UTC", "daily_job": "America/Los_Angeles", "hourly_job": "Asia/Tokyo"]
        var candidates: [[String]] = [[]]
        for name in ["cron_job", "daily_job", "hourly_job"] {
            let config = try #require(Self.scheduleConfig(files[name + ".dig"]!))
            let definition = try ScheduleDefinition(config: config, timeZone: ZoneNames.zone(zones[name]!)!)
            // the slot from the moment `check` ran: the one from `before`, or (rarely) from `after`
            let slots = Set([before, after].map { definition.firstSlot(atOrAfterRunTime: $0) })
            let options: [[String]] = slots.map { slot in
                [
                    "      first session time: \(ZonedTime(slot.sessionTime, Self.tokyo).logText)",
                    "      first scheduled to run at: \(ZonedTime(slot.runTime, Self.tokyo).logText) (in DIFF)",
                ]
            }
            let head = ["    \(name):"] + yaml[name]!
            candidates = candidates.flatMap { prefix in options.map { prefix + head + $0 } }
        }
        candidates = candidates.map { $0 + [""] }
        let normalized = block.map { $0.replacing(#/\(in (\d+h )?(\d+m )?\d+s\)/#, with: "(in DIFF)") }
        #expect(candidates.contains(normalized), "\(normalized)")

        // daily> in Los Angeles: session at 00:00 and run at 07:00 of that zone
        let la = ZoneNames.zone("America/Los_Angeles")!
        let daily = try ScheduleDefinition(config: ["daily>": "07:00:00"], timeZone: la)
        let slot = daily.firstSlot(atOrAfterRunTime: before)
        #expect(ZonedTime(slot.sessionTime, la).timeText == "00:00:00")
        #expect(ZonedTime(slot.runTime, la).timeText == "07:00:00")

        // the countdown is the run time minus now
        for line in block where line.contains("first scheduled to run at") {
            let diff = try #require(line.firstMatch(of: #/\(in (?:(\d+)h )?(?:(\d+)m )?(\d+)s\)/#))
            let seconds = (Int(diff.1 ?? "0")! * 3600) + (Int(diff.2 ?? "0")! * 60) + Int(diff.3)!
            #expect(seconds >= 0 && seconds <= 31 * 86_400)
        }
    }

    @Test(arguments: [
        ("schedule:\n  daily>: 07:00:00\n  skip_on_over_time: true\n",
         "error: Parameter 'skip_on_over_time' is not used at schedule. > Did you mean '[skip_on_overtime]'?"),
        ("schedule:\n  yearly>: 1\n", "error: Unknown scheduler type: yearly"),
        ("schedule:\n  daily>: 7am\n", "error: daily> scheduler requires hh:mm:ss format: 7am"),
        ("schedule:\n  cron>: '0 0 * *'\n", "error: Invalid cron pattern \"0 0 * *\": expected 5 fields"),
    ])
    func invalidSchedulesAreErrors(schedule: String, message: String) throws {
        let project = try RunProject(["wf.dig": schedule + "+a:\n  echo>: x\n"])
        let result = try project.run(["check"])
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner.hasPrefix(message))
    }

    /// The `schedule:` block of a test workflow, read back the simple way the tests write it.
    static func scheduleConfig(_ source: String) -> Config? {
        var config = Config()
        var inside = false
        for line in source.split(separator: "\n") {
            if line == "schedule:" {
                inside = true
            } else if inside, line.hasPrefix("  "), let colon = line.firstIndex(of: ":") {
                let key = line[..<colon].trimmingCharacters(in: .whitespaces)
                var value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if value.hasPrefix("'") { value = String(value.dropFirst().dropLast()) }
                config[key] = .string(value)
            } else {
                inside = false
            }
        }
        return config.isEmpty ? nil : config
    }
}
