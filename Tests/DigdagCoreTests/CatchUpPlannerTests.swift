import DigdagCore
import Foundation
import Testing

/// The catch-up planner: one decision per tick, driven like the schedule executor drives it.
@Suite struct CatchUpPlannerTests {
    typealias T = ScheduleTestSupport

    static let hour: TimeInterval = 3600

    /// An hourly schedule (run at :00) with options.
    static func planner(_ extra: Config = [:]) throws -> CatchUpPlanner {
        CatchUpPlanner(definition: try T.schedule("hourly>", "00:00", extra))
    }

    static func slot(_ text: String) -> ScheduleSlot { T.slot(text) }

    struct Decision: Sendable, CustomTestStringConvertible {
        var options: Config
        var stored: String
        var now: String
        var running: Bool
        var expected: String
        init(_ options: Config, _ stored: String, _ now: String, _ running: Bool, _ expected: String) {
            self.options = options
            self.stored = stored
            self.now = now
            self.running = running
            self.expected = expected
        }
        var testDescription: String { "\(JSONText.compact(.object(options))) \(stored) at \(now) running=\(running)" }
    }

    static let decisionCases: [Decision] = [
        // (options, stored slot, now, attempt running, expected)
        Decision([:], "2016-02-03 10:00:00 +0000", "2016-02-03 09:59:59 +0000", false, "wait 2016-02-03 10:00:00 +0000"),
        Decision([:], "2016-02-03 10:00:00 +0000", "2016-02-03 10:00:00 +0000", false, "start"),
        Decision([:], "2016-02-03 10:00:00 +0000", "2016-02-03 10:01:00 +0000", true, "start"),
        Decision([:], "2016-02-03 10:00:00 +0000", "2016-02-03 10:01:01 +0000", true, "wait 2016-02-03 10:01:11 +0000"),
        Decision([:], "2016-02-03 10:00:00 +0000", "2016-02-03 15:00:00 +0000", false, "start"),
        Decision(["catch_up": "none"], "2016-02-03 10:00:00 +0000", "2016-02-03 10:01:00 +0000", false, "start"),
        Decision(["catch_up": "none"], "2016-02-03 10:00:00 +0000", "2016-02-03 10:01:01 +0000", false, "skip catch_up_none"),
        Decision(["catch_up": "latest"], "2016-02-03 10:00:00 +0000", "2016-02-03 10:30:00 +0000", false, "start"),
        Decision(["catch_up": "latest"], "2016-02-03 10:00:00 +0000", "2016-02-03 10:30:00 +0000", true, "start"),
        Decision(["catch_up": "latest"], "2016-02-03 10:00:00 +0000", "2016-02-03 11:00:00 +0000", false, "skip catch_up_latest"),
        Decision(["skip_delayed_by": "10m"], "2016-02-03 10:00:00 +0000", "2016-02-03 10:10:00 +0000", false, "start"),
        Decision(["skip_delayed_by": "10m"], "2016-02-03 10:00:00 +0000", "2016-02-03 10:10:01 +0000", false,
         "skip skip_delayed_by"),
        Decision(["skip_on_overtime": true], "2016-02-03 10:00:00 +0000", "2016-02-03 10:00:00 +0000", true,
         "skip skip_on_overtime"),
        Decision(["skip_on_overtime": true], "2016-02-03 10:00:00 +0000", "2016-02-03 12:00:00 +0000", true,
         "skip skip_on_overtime"),
        Decision(["skip_on_overtime": true], "2016-02-03 10:00:00 +0000", "2016-02-03 10:00:00 +0000", false, "start"),
        // skip_delayed_by comes first, as in Digdag
        Decision(["skip_delayed_by": "1s", "skip_on_overtime": true], "2016-02-03 10:00:00 +0000", "2016-02-03 10:00:02 +0000",
         true, "skip skip_delayed_by"),
        Decision([:], "9999-01-01 00:00:00 +0000", "2016-02-03 10:00:00 +0000", false, "wait 9999-01-01 00:00:00 +0000"),
    ]

    @Test(arguments: decisionCases)
    func decisions(_ c: Decision) throws {
        let planner = try Self.planner(c.options)
        let slot = Self.slot(c.stored)
        let expected = c.expected
        let action = planner.decide(next: slot, now: T.instant(c.now), attemptRunning: c.running)
        let following = planner.definition.nextSlot(after: slot)
        switch action {
        case .wait(let until):
            #expect("wait " + T.text(until, "UTC") == expected)
        case .start(let started, let last, let advance):
            #expect(expected == "start")
            #expect(started == slot)
            #expect(last == slot.sessionTime.addingTimeInterval(-Self.hour))
            #expect(advance == following)
        case .skip(let skipped, let reason, let advance):
            #expect("skip " + reason.rawValue == expected)
            #expect(skipped == slot)
            #expect(advance == following)
        }
    }

    /// Drives a planner like the schedule executor: `attemptLength` is how long each started
    /// attempt runs; every action is applied at once and the planner asked again.
    static func simulate(
        _ planner: CatchUpPlanner, from stored: ScheduleSlot, now start: Date, until end: Date,
        attemptLength: TimeInterval
    ) -> (started: [Date], skipped: [(Date, ScheduleSkipReason)], maxConcurrent: Int) {
        var next = stored
        var now = start
        var running: [Date] = []  // end times of running attempts
        var started: [Date] = []
        var skipped: [(Date, ScheduleSkipReason)] = []
        var maxConcurrent = 0
        while now <= end {
            running.removeAll { $0 <= now }
            switch planner.decide(next: next, now: now, attemptRunning: !running.isEmpty) {
            case .start(let slot, _, let advance):
                started.append(slot.sessionTime)
                running.append(now.addingTimeInterval(attemptLength))
                maxConcurrent = max(maxConcurrent, running.count)
                next = advance
            case .skip(let slot, let reason, let advance):
                skipped.append((slot.sessionTime, reason))
                next = advance
            case .wait(let until):
                // wake at the deadline or when the running attempt ends, whichever is first
                now = min(until, running.min() ?? until)
            }
        }
        return (started, skipped, maxConcurrent)
    }

    static let outageStart = T.instant("2016-02-01 00:00:00 +0000")
    /// The server was down for 60 hourly slots (day 1 00:00 to day 3 11:00) and is back at 11:30.
    static let backAt = T.instant("2016-02-03 11:30:00 +0000")

    static func hourly(_ first: String, count: Int) -> [Date] {
        (0..<count).map { T.instant(first).addingTimeInterval(Double($0) * hour) }
    }

    @Test func allRunsEveryMissedSlotOldestFirstOneAtATime() throws {
        let planner = try Self.planner()
        let result = Self.simulate(
            planner, from: Self.slot("2016-02-01 00:00:00 +0000"), now: Self.backAt,
            until: T.instant("2016-02-03 20:00:00 +0000"), attemptLength: 300)
        // 60 missed slots, then the ones that came due meanwhile, then on-time slots up to 20:00
        #expect(result.started == Self.hourly("2016-02-01 00:00:00 +0000", count: 69))
        #expect(result.skipped.isEmpty)
        #expect(result.maxConcurrent == 1)
    }

    @Test func allWithoutARunningAttemptStartsAtOnce() throws {
        let planner = try Self.planner()
        let result = Self.simulate(
            planner, from: Self.slot("2016-02-01 00:00:00 +0000"), now: Self.backAt,
            until: Self.backAt, attemptLength: 0)
        #expect(result.started == Self.hourly("2016-02-01 00:00:00 +0000", count: 60))
    }

    @Test func latestRunsOnlyTheNewestMissedSlot() throws {
        let planner = try Self.planner(["catch_up": "latest"])
        let result = Self.simulate(
            planner, from: Self.slot("2016-02-01 00:00:00 +0000"), now: Self.backAt,
            until: T.instant("2016-02-03 14:00:00 +0000"), attemptLength: 300)
        #expect(result.started == Self.hourly("2016-02-03 11:00:00 +0000", count: 4))
        #expect(result.skipped.map(\.0) == Self.hourly("2016-02-01 00:00:00 +0000", count: 59))
        #expect(result.skipped.allSatisfy { $0.1 == .newerSlotDue })
    }

    @Test func noneSkipsEveryMissedSlot() throws {
        let planner = try Self.planner(["catch_up": "none"])
        let result = Self.simulate(
            planner, from: Self.slot("2016-02-01 00:00:00 +0000"), now: Self.backAt,
            until: T.instant("2016-02-03 14:00:00 +0000"), attemptLength: 300)
        #expect(result.started == Self.hourly("2016-02-03 12:00:00 +0000", count: 3))
        #expect(result.skipped.map(\.0) == Self.hourly("2016-02-01 00:00:00 +0000", count: 60))
        #expect(result.skipped.allSatisfy { $0.1 == .missed })
    }

    @Test func skipDelayedByKeepsRecentSlots() throws {
        let planner = try Self.planner(["skip_delayed_by": "3h"])
        let result = Self.simulate(
            planner, from: Self.slot("2016-02-01 00:00:00 +0000"), now: Self.backAt,
            until: T.instant("2016-02-03 12:59:00 +0000"), attemptLength: 60)
        // 09:00 is 2h30m late and runs; 08:00 is 3h30m late and is skipped
        #expect(result.started == Self.hourly("2016-02-03 09:00:00 +0000", count: 4))
        #expect(result.skipped.count == 57)
        #expect(result.skipped.allSatisfy { $0.1 == .delayedBy })
    }

    @Test func skipOnOvertimeSkipsWhileTheCatchUpAttemptRuns() throws {
        let planner = try Self.planner(["skip_on_overtime": true])
        let result = Self.simulate(
            planner, from: Self.slot("2016-02-01 00:00:00 +0000"), now: Self.backAt,
            until: T.instant("2016-02-03 12:59:00 +0000"), attemptLength: 1800)
        #expect(result.started == [Self.outageStart, T.instant("2016-02-03 12:00:00 +0000")])
        #expect(result.skipped.count == 59)
        #expect(result.skipped.allSatisfy { $0.1 == .overtime })
    }

    @Test func missedMeansMoreThanTheTolerance() throws {
        let planner = try Self.planner()
        let slot = Self.slot("2016-02-03 10:00:00 +0000")
        #expect(!planner.isMissed(slot, now: T.instant("2016-02-03 10:01:00 +0000")))
        #expect(planner.isMissed(slot, now: T.instant("2016-02-03 10:01:01 +0000")))
        let strict = CatchUpPlanner(definition: planner.definition, tolerance: 0, busyRecheckInterval: 1)
        #expect(strict.isMissed(slot, now: T.instant("2016-02-03 10:00:01 +0000")))
    }
}
