import DigdagCore
import Foundation
import Testing

/// `start`/`end`, reschedule (skip) and backfill.
@Suite struct ScheduleRangeTests {
    typealias T = ScheduleTestSupport

    static let march: Config = ["start": "2016-03-01", "end": "2016-03-31"]

    @Test(arguments: [
        // before start: the first slot at or after start
        ("00 10 * * *", "first", "2016-02-03 09:59:59 +0000", "2016-03-01 10:00:00 +0000"),
        ("00 10 * * *", "next", "2016-02-29 10:00:00 +0000", "2016-03-01 10:00:00 +0000"),
        ("00 10 * * *", "next", "2016-03-01 10:00:00 +0000", "2016-03-02 10:00:00 +0000"),
        // the end day is included; after it the schedule parks at 9999-01-01
        ("00 10 * * *", "first", "2016-03-31 10:00:00 +0000", "2016-03-31 10:00:00 +0000"),
        ("00 10 * * *", "first", "2016-03-31 10:00:01 +0000", "9999-01-01 00:00:00 +0000"),
        ("00 10 * * *", "next", "2016-03-30 10:00:00 +0000", "2016-03-31 10:00:00 +0000"),
        ("00 10 * * *", "next", "2016-03-31 10:00:00 +0000", "9999-01-01 00:00:00 +0000"),
        ("00 10 * * *", "next", "2016-04-01 10:00:00 +0000", "9999-01-01 00:00:00 +0000"),
        ("00 10 * * *", "next", "9999-01-01 00:00:00 +0000", "9999-01-01 00:00:00 +0000"),
    ])
    func startAndEnd(pattern: String, operation: String, input: String, session: String) throws {
        let schedule = try T.schedule("cron>", .string(pattern), Self.march)
        let time = T.instant(input)
        let slot = operation == "first" ? schedule.firstSlot(atOrAfterRunTime: time) : schedule.slot(afterSessionTime: time)
        #expect(T.text(slot.sessionTime, "UTC") == session)
        #expect(slot.runTime == slot.sessionTime)
        #expect(slot.isParked == session.hasPrefix("9999"))
    }

    @Test func hourlyStartAndEndUseRunTimes() throws {
        let hourly = try T.schedule("hourly>", "15:00", zone: "Asia/Tokyo", Self.march)
        #expect(hourly.firstSlot(atOrAfterRunTime: T.instant("2016-02-03 17:14:59 +0900"))
            == T.slot("2016-03-01 00:00:00 +0900", "2016-03-01 00:15:00 +0900"))
        #expect(hourly.slot(afterSessionTime: T.instant("2016-03-31 22:15:00 +0900"))
            == T.slot("2016-03-31 23:00:00 +0900", "2016-03-31 23:15:00 +0900"))
        #expect(hourly.slot(afterSessionTime: T.instant("2016-03-31 23:15:00 +0900")) == .parked)
        // next_session_time after the last slot is the parked time, as in Digdag
        #expect(hourly.nextSessionTime(after: T.instant("2016-03-31 23:00:00 +0900")) == ScheduleDefinition.scheduleEnd)
        // last_session_time ignores start and end
        #expect(hourly.previousSessionTime(before: T.instant("2016-03-01 00:00:00 +0900"))
            == T.instant("2016-02-29 23:00:00 +0900"))
    }

    @Test func monthlyStartPastTheLastSlotParks() throws {
        let monthly = try T.schedule("monthly>", "31,00:00:00", ["start": "2016-04-01", "end": "2016-04-30"])
        #expect(monthly.firstSlot(atOrAfterRunTime: T.instant("2016-01-01 00:00:00 +0000")) == .parked)
    }

    @Test func startInATimeZone() throws {
        let daily = try T.schedule("daily>", "23:59:59", zone: "America/Los_Angeles", ["start": "2016-03-13"])
        #expect(daily.start == T.instant("2016-03-13 00:00:00 -0800"))
        #expect(daily.firstSlot(atOrAfterRunTime: T.instant("2016-02-03 09:59:59 +0000"))
            == T.slot("2016-03-13 00:00:00 -0800", "2016-03-14 00:59:59 -0700"))
    }

    @Test func skipByCountAndToTime() throws {
        let daily = try T.schedule("daily>", "10:00:00")
        let now = T.instant("2016-02-03 12:00:00 +0000")
        #expect(daily.skip(from: now, count: 0) == T.slot("2016-02-04 00:00:00 +0000", "2016-02-04 10:00:00 +0000"))
        #expect(daily.skip(from: now, count: 3) == T.slot("2016-02-07 00:00:00 +0000", "2016-02-07 10:00:00 +0000"))
        #expect(daily.skip(toRunTimeAtOrAfter: T.instant("2016-02-10 10:00:00 +0000"))
            == T.slot("2016-02-10 00:00:00 +0000", "2016-02-10 10:00:00 +0000"))
        #expect(daily.skip(toRunTimeAtOrAfter: T.instant("2016-02-10 10:00:01 +0000"))
            == T.slot("2016-02-11 00:00:00 +0000", "2016-02-11 10:00:00 +0000"))
        let ending = try T.schedule("daily>", "10:00:00", ["end": "2016-02-05"])
        #expect(ending.skip(from: now, count: 5) == .parked)
    }

    @Test(arguments: [
        ("2016-02-01", nil as Int?, ["2016-02-01", "2016-02-02", "2016-02-03", "2016-02-04"]),
        ("2016-02-01", 2, ["2016-02-01", "2016-02-02"]),
        ("2016-02-01", 4, ["2016-02-01", "2016-02-02", "2016-02-03", "2016-02-04"]),
        ("2016-02-01", 0, []),
        ("2016-02-05", nil, []),
        ("2016-02-03", nil, ["2016-02-03", "2016-02-04"]),
    ])
    func backfill(from: String, count: Int?, sessions: [String]) throws {
        let daily = try T.schedule("daily>", "10:00:00", zone: "Asia/Tokyo")
        let slots = try daily.backfillSlots(
            from: T.instant("\(from) 00:00:00 +0900"), before: T.instant("2016-02-05 00:00:00 +0900"), count: count)
        #expect(slots.map { ZonedTime($0.sessionTime, ZoneNames.zone("Asia/Tokyo")!).dateText } == sessions)
        #expect(slots.allSatisfy { $0.runTime == $0.sessionTime.addingTimeInterval(36_000) })
    }

    @Test func backfillCountErrors() throws {
        let daily = try T.schedule("daily>", "10:00:00")
        #expect(throws: ConfigError("count is set to 5 but there are only 4 attempts until the next schedule time")) {
            try daily.backfillSlots(
                from: T.instant("2016-02-01 00:00:00 +0000"), before: T.instant("2016-02-05 00:00:00 +0000"), count: 5)
        }
        #expect(throws: ConfigError("count is set to 1 but there are only 0 attempts until the next schedule time")) {
            try daily.backfillSlots(
                from: T.instant("2016-02-06 00:00:00 +0000"), before: T.instant("2016-02-05 00:00:00 +0000"), count: 1)
        }
        let minutely = try T.schedule("cron>", "* * * * *")
        #expect(throws: ConfigError(
            "There are more than 100 sessions until the next schedule time; set a count to backfill fewer")) {
            try minutely.backfillSlots(
                from: T.instant("2016-02-01 00:00:00 +0000"), before: T.instant("2016-02-05 00:00:00 +0000"), count: nil,
                limit: 100)
        }
    }

    @Test func backfillStopsAtEnd() throws {
        let daily = try T.schedule("daily>", "10:00:00", ["end": "2016-02-02"])
        let slots = try daily.backfillSlots(
            from: T.instant("2016-02-01 00:00:00 +0000"), before: ScheduleDefinition.scheduleEnd, count: nil)
        #expect(slots.count == 2)
    }
}
