import Foundation
import Testing

@testable import DigdagCore

/// `sla:`: its deadline (Digdag's SlaCalculator) and the tasks it adds to a running attempt.
@Suite struct SlaTests {
    static let runTime = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14T22:13:20Z

    @Test func deadlines() throws {
        let tokyo = TimeZone(identifier: "Asia/Tokyo")!
        let utc = TimeZone(identifier: "UTC")!
        func deadline(_ sla: Config, _ zone: TimeZone) throws -> TimeInterval {
            try #require(try SlaRule(rootConfig: ["sla": .object(sla)]))
                .triggerTime(runTime: Self.runTime, timeZone: zone).timeIntervalSince(Self.runTime)
        }
        #expect(try deadline(["duration": "01:30"], utc) == 5400)
        #expect(try deadline(["duration": "00:00:05"], utc) == 5)
        #expect(try deadline(["time": "23:00"], utc) == 2800)  // later the same day
        #expect(try deadline(["time": "22:00"], utc) == 86_400 - 800)  // passed: tomorrow
        #expect(try deadline(["time": "08:00"], tokyo) == 2800)  // 07:13:20 in Tokyo
    }

    @Test(arguments: [
        (["sla": ["time": "01:00", "duration": "01:00"]] as Config, "SLA must be specified using either the 'time' or 'duration' option"),
        (["sla": ["alert": true]] as Config, "SLA must be specified using either the 'time' or 'duration' option"),
        (["sla": ["time": "soon"]] as Config, "SLA time option needs to be HH:MM or HH:MM:SS format: soon"),
        (["sla": ["duration": "1:2:3:4"]] as Config, "SLA duration option needs to be HH:MM or HH:MM:SS format: 1:2:3:4"),
    ])
    func invalidRules(config: Config, message: String) {
        #expect(throws: ConfigError(message)) { try SlaRule(rootConfig: config) }
    }

    @Test func aMissedSlaAddsItsTasksOnce() throws {
        var h = try Harness(["+a": ["sh>": "sleep"], "sla": ["duration": "00:10", "fail": true, "+notice": ["sh>": "n"]]])
        let rule = try #require(try SlaRule(rootConfig: h.state.root.localConfig))
        let deadline = h.now.addingTimeInterval(600)
        h.state.armSla(rule, deadline: deadline)
        #expect(h.step() == ["+wf+a"])
        #expect(h.state.nextWakeUp == deadline)
        h.state.propagate(now: deadline)
        #expect(h.state.startReadyTasks(now: deadline).map { h.state.task($0).fullName }
            == ["+wf^sla^alert", "+wf^sla^fail", "+wf^sla+notice"])
        #expect(h.state.nextWakeUp == nil)
        // Restored after a restart: the SLA fired already.
        var restored = AttemptState(restoring: h.state.tasks)
        restored.armSla(rule, deadline: deadline)
        #expect(restored.nextWakeUp == nil)
    }

    @Test func anAttemptDoneInTimeAddsNothing() throws {
        var h = try Harness(["+a": ["echo>": "a"], "sla": ["duration": "00:10", "alert": false]])
        let rule = try #require(try SlaRule(rootConfig: h.state.root.localConfig))
        h.state.armSla(rule, deadline: h.now.addingTimeInterval(600))
        #expect(h.step() == ["+wf+a"])
        h.succeed("+wf+a")
        _ = h.step()
        #expect(h.state.isDone)
        h.state.propagate(now: h.now.addingTimeInterval(601))
        #expect(h.state.tasks.count == 2)
    }
}
