import DigdagCore
import Foundation
import Testing

/// First, next and previous slots of every schedule type (cases from Digdag's scheduler tests,
/// plus DST in both directions, month ends, leap years and delays).
@Suite struct ScheduleSlotTests {
    typealias T = ScheduleTestSupport

    struct Case: Sendable, CustomTestStringConvertible {
        var key: String
        var argument: String
        var zone: String
        var extra: Config = [:]
        var operation: Operation
        var input: String
        var session: String
        var run: String

        enum Operation: String, Sendable { case first, next, previous }

        var testDescription: String { "\(key) \(argument) \(zone) \(operation) \(input)" }
    }

    static let la = "America/Los_Angeles"
    static let tokyo = "Asia/Tokyo"

    static let cases: [Case] = [
        // cron>
        Case(key: "cron>", argument: "00 10 * * *", zone: "UTC", operation: .first,
             input: "2016-02-03 10:00:00 +0000", session: "2016-02-03 10:00:00 +0000", run: "2016-02-03 10:00:00 +0000"),
        Case(key: "cron>", argument: "00 10 * * *", zone: "UTC", operation: .first,
             input: "2016-02-03 10:00:01 +0000", session: "2016-02-04 10:00:00 +0000", run: "2016-02-04 10:00:00 +0000"),
        Case(key: "cron>", argument: "00 10 * * *", zone: tokyo, operation: .first,
             input: "2016-02-03 09:59:59 +0900", session: "2016-02-03 10:00:00 +0900", run: "2016-02-03 10:00:00 +0900"),
        Case(key: "cron>", argument: "00 10 * * *", zone: la, operation: .first,
             input: "2016-03-13 01:59:59 -0800", session: "2016-03-13 10:00:00 -0700", run: "2016-03-13 10:00:00 -0700"),
        Case(key: "cron>", argument: "00 10 * * *", zone: la, operation: .next,
             input: "2016-03-12 10:00:00 -0800", session: "2016-03-13 10:00:00 -0700", run: "2016-03-13 10:00:00 -0700"),
        Case(key: "cron>", argument: "00 10 * * *", zone: la, operation: .previous,
             input: "2016-03-13 10:00:00 -0700", session: "2016-03-12 10:00:00 -0800", run: ""),
        Case(key: "cron>", argument: "0 10 * * *", zone: "UTC", extra: ["delay": 30], operation: .first,
             input: "2016-02-03 10:00:30 +0000", session: "2016-02-03 10:00:00 +0000", run: "2016-02-03 10:00:30 +0000"),
        Case(key: "cron>", argument: "0 10 * * *", zone: "UTC", extra: ["delay": 30], operation: .first,
             input: "2016-02-03 10:00:31 +0000", session: "2016-02-04 10:00:00 +0000", run: "2016-02-04 10:00:30 +0000"),
        // DST gap: 02:30 does not exist on 2016-03-13 in Los Angeles and moves to 03:30 PDT
        Case(key: "cron>", argument: "30 2 * * *", zone: la, operation: .next,
             input: "2016-03-12 02:30:00 -0800", session: "2016-03-13 03:30:00 -0700", run: "2016-03-13 03:30:00 -0700"),
        Case(key: "cron>", argument: "30 2 * * *", zone: la, operation: .next,
             input: "2016-03-13 03:30:00 -0700", session: "2016-03-14 02:30:00 -0700", run: "2016-03-14 02:30:00 -0700"),
        // DST overlap: 01:00-01:59 happens twice on 2016-11-06; a computed wall time takes the later one
        Case(key: "cron>", argument: "0 * * * *", zone: la, operation: .next,
             input: "2016-11-06 00:00:00 -0700", session: "2016-11-06 01:00:00 -0800", run: "2016-11-06 01:00:00 -0800"),
        Case(key: "cron>", argument: "0 * * * *", zone: la, operation: .next,
             input: "2016-11-06 01:00:00 -0800", session: "2016-11-06 02:00:00 -0800", run: "2016-11-06 02:00:00 -0800"),
        Case(key: "cron>", argument: "0 * * * *", zone: la, operation: .first,
             input: "2016-11-06 00:59:30 -0700", session: "2016-11-06 01:00:00 -0700", run: "2016-11-06 01:00:00 -0700"),
        Case(key: "cron>", argument: "0 * * * *", zone: la, operation: .next,
             input: "2016-11-06 01:00:00 -0700", session: "2016-11-06 02:00:00 -0800", run: "2016-11-06 02:00:00 -0800"),
        Case(key: "cron>", argument: "30 1 * * *", zone: la, operation: .next,
             input: "2016-11-05 01:30:00 -0700", session: "2016-11-06 01:30:00 -0800", run: "2016-11-06 01:30:00 -0800"),
        Case(key: "cron>", argument: "0 * * * *", zone: la, operation: .previous,
             input: "2016-11-06 02:00:00 -0800", session: "2016-11-06 01:00:00 -0800", run: ""),
        // hourly>
        Case(key: "hourly>", argument: "15:00", zone: "UTC", operation: .first,
             input: "2016-02-03 17:15:00 +0000", session: "2016-02-03 17:00:00 +0000", run: "2016-02-03 17:15:00 +0000"),
        Case(key: "hourly>", argument: "15:00", zone: "UTC", operation: .first,
             input: "2016-02-03 17:15:01 +0000", session: "2016-02-03 18:00:00 +0000", run: "2016-02-03 18:15:00 +0000"),
        Case(key: "hourly>", argument: "15:00", zone: la, operation: .first,
             input: "2016-03-13 01:59:00 -0800", session: "2016-03-13 03:00:00 -0700", run: "2016-03-13 03:15:00 -0700"),
        Case(key: "hourly>", argument: "15:00", zone: la, operation: .next,
             input: "2016-03-13 01:00:00 -0800", session: "2016-03-13 03:00:00 -0700", run: "2016-03-13 03:15:00 -0700"),
        Case(key: "hourly>", argument: "15:00", zone: la, operation: .next,
             input: "2016-03-13 00:12:34 -0800", session: "2016-03-13 01:00:00 -0800", run: "2016-03-13 01:15:00 -0800"),
        Case(key: "hourly>", argument: "15:00", zone: la, operation: .previous,
             input: "2016-03-13 05:00:00 -0700", session: "2016-03-13 04:00:00 -0700", run: ""),
        Case(key: "hourly>", argument: "15:00", zone: la, operation: .next,
             input: "2016-11-06 00:00:00 -0700", session: "2016-11-06 01:00:00 -0800", run: "2016-11-06 01:15:00 -0800"),
        Case(key: "hourly>", argument: "45:30", zone: "UTC", operation: .next,
             input: "2016-02-03 23:00:00 +0000", session: "2016-02-04 00:00:00 +0000", run: "2016-02-04 00:45:30 +0000"),
        // daily>: run time = session time + the time of day, in seconds (so 02:30 on a 23-hour day is 03:30)
        Case(key: "daily>", argument: "10:00:00", zone: "UTC", operation: .first,
             input: "2016-02-03 10:00:00 +0000", session: "2016-02-03 00:00:00 +0000", run: "2016-02-03 10:00:00 +0000"),
        Case(key: "daily>", argument: "10:00:00", zone: "UTC", operation: .first,
             input: "2016-02-03 10:00:01 +0000", session: "2016-02-04 00:00:00 +0000", run: "2016-02-04 10:00:00 +0000"),
        Case(key: "daily>", argument: "00:00:00", zone: "UTC", operation: .first,
             input: "2016-03-13 00:00:00 +0000", session: "2016-03-13 00:00:00 +0000", run: "2016-03-13 00:00:00 +0000"),
        Case(key: "daily>", argument: "10:00:00", zone: la, operation: .first,
             input: "2016-03-13 09:00:00 -0700", session: "2016-03-13 00:00:00 -0800", run: "2016-03-13 11:00:00 -0700"),
        Case(key: "daily>", argument: "10:00:00", zone: la, operation: .next,
             input: "2016-03-13 00:00:00 -0800", session: "2016-03-14 00:00:00 -0700", run: "2016-03-14 10:00:00 -0700"),
        Case(key: "daily>", argument: "02:30:00", zone: la, operation: .next,
             input: "2016-03-12 00:00:00 -0800", session: "2016-03-13 00:00:00 -0800", run: "2016-03-13 03:30:00 -0700"),
        Case(key: "daily>", argument: "02:30:00", zone: la, operation: .next,
             input: "2016-11-05 00:00:00 -0700", session: "2016-11-06 00:00:00 -0700", run: "2016-11-06 01:30:00 -0800"),
        Case(key: "daily>", argument: "10:11:23", zone: la, operation: .next,
             input: "2016-03-02 12:34:56 -0800", session: "2016-03-03 00:00:00 -0800", run: "2016-03-03 10:11:23 -0800"),
        Case(key: "daily>", argument: "10:00:00", zone: tokyo, operation: .previous,
             input: "2016-02-01 00:00:00 +0900", session: "2016-01-31 00:00:00 +0900", run: ""),
        // the examples of Digdag's scheduling documentation, at 2019-02-24 14:20:10 +0900
        Case(key: "hourly>", argument: "32:32", zone: tokyo, operation: .first,
             input: "2019-02-24 14:20:10 +0900", session: "2019-02-24 14:00:00 +0900", run: "2019-02-24 14:32:32 +0900"),
        Case(key: "daily>", argument: "10:32:32", zone: tokyo, operation: .first,
             input: "2019-02-24 14:20:10 +0900", session: "2019-02-25 00:00:00 +0900", run: "2019-02-25 10:32:32 +0900"),
        Case(key: "weekly>", argument: "2,10:32:32", zone: tokyo, operation: .first,
             input: "2019-02-24 14:20:10 +0900", session: "2019-02-26 00:00:00 +0900", run: "2019-02-26 10:32:32 +0900"),
        Case(key: "monthly>", argument: "2,10:32:32", zone: tokyo, operation: .first,
             input: "2019-02-24 14:20:10 +0900", session: "2019-03-02 00:00:00 +0900", run: "2019-03-02 10:32:32 +0900"),
        // weekly>
        Case(key: "weekly>", argument: "Sat,15:00:00", zone: la, operation: .first,
             input: "2016-03-12 00:00:00 -0800", session: "2016-03-12 00:00:00 -0800", run: "2016-03-12 15:00:00 -0800"),
        Case(key: "weekly>", argument: "Sat,15:00:00", zone: la, operation: .first,
             input: "2016-03-13 16:00:00 -0700", session: "2016-03-19 00:00:00 -0700", run: "2016-03-19 15:00:00 -0700"),
        Case(key: "weekly>", argument: "Sun,15:00:00", zone: la, operation: .first,
             input: "2016-03-13 01:59:00 -0800", session: "2016-03-13 00:00:00 -0800", run: "2016-03-13 16:00:00 -0700"),
        Case(key: "weekly>", argument: "Sat,17:15:00", zone: la, operation: .next,
             input: "2016-03-19 00:00:00 -0700", session: "2016-03-26 00:00:00 -0700", run: "2016-03-26 17:15:00 -0700"),
        Case(key: "weekly>", argument: "2, 01:00:00", zone: "UTC", operation: .next,
             input: "2016-02-01 00:00:00 +0000", session: "2016-02-02 00:00:00 +0000", run: "2016-02-02 01:00:00 +0000"),
        Case(key: "weekly>", argument: "mon-fri,09:00:00", zone: "UTC", operation: .next,
             input: "2016-02-05 00:00:00 +0000", session: "2016-02-08 00:00:00 +0000", run: "2016-02-08 09:00:00 +0000"),
        // monthly>: day 31 only in months that have it
        Case(key: "monthly>", argument: "1,12:00:00", zone: "UTC", operation: .first,
             input: "2016-02-01 12:00:00 +0000", session: "2016-02-01 00:00:00 +0000", run: "2016-02-01 12:00:00 +0000"),
        Case(key: "monthly>", argument: "1,12:00:00", zone: "UTC", operation: .first,
             input: "2016-02-01 12:00:01 +0000", session: "2016-03-01 00:00:00 +0000", run: "2016-03-01 12:00:00 +0000"),
        Case(key: "monthly>", argument: "1,12:00:00", zone: la, operation: .next,
             input: "2016-03-01 00:00:00 -0800", session: "2016-04-01 00:00:00 -0700", run: "2016-04-01 12:00:00 -0700"),
        Case(key: "monthly>", argument: "31,12:00:00", zone: la, operation: .next,
             input: "2016-01-31 00:00:00 -0800", session: "2016-03-31 00:00:00 -0700", run: "2016-03-31 12:00:00 -0700"),
        Case(key: "monthly>", argument: "31,12:00:00", zone: la, operation: .next,
             input: "2016-05-31 00:00:00 -0700", session: "2016-07-31 00:00:00 -0700", run: "2016-07-31 12:00:00 -0700"),
        Case(key: "monthly>", argument: "29,00:00:00", zone: "UTC", operation: .next,
             input: "2015-01-29 00:00:00 +0000", session: "2015-03-29 00:00:00 +0000", run: "2015-03-29 00:00:00 +0000"),
        Case(key: "monthly>", argument: "29,00:00:00", zone: "UTC", operation: .next,
             input: "2016-01-29 00:00:00 +0000", session: "2016-02-29 00:00:00 +0000", run: "2016-02-29 00:00:00 +0000"),
        Case(key: "monthly>", argument: "31,00:00:00", zone: "UTC", operation: .previous,
             input: "2016-03-31 00:00:00 +0000", session: "2016-01-31 00:00:00 +0000", run: ""),
        // minutes_interval>
        Case(key: "minutes_interval>", argument: "7", zone: "UTC", operation: .first,
             input: "2016-03-13 00:04:12 +0000", session: "2016-03-13 00:07:00 +0000", run: "2016-03-13 00:07:00 +0000"),
        Case(key: "minutes_interval>", argument: "7", zone: "UTC", operation: .first,
             input: "2016-03-13 00:57:12 +0000", session: "2016-03-13 01:00:00 +0000", run: "2016-03-13 01:00:00 +0000"),
        Case(key: "minutes_interval>", argument: "10", zone: "UTC", extra: ["delay": 90], operation: .first,
             input: "2016-02-03 00:11:00 +0000", session: "2016-02-03 00:10:00 +0000", run: "2016-02-03 00:11:30 +0000"),
        Case(key: "minutes_interval>", argument: "30", zone: la, operation: .next,
             input: "2016-11-06 00:30:00 -0700", session: "2016-11-06 01:00:00 -0800", run: "2016-11-06 01:00:00 -0800"),
        // seconds_interval>: multiples of the interval since the epoch; the first slot is by session time
        Case(key: "seconds_interval>", argument: "3", zone: "UTC", extra: ["delay": 2], operation: .next,
             input: "1970-01-01 00:00:03 +0000", session: "1970-01-01 00:00:06 +0000", run: "1970-01-01 00:00:08 +0000"),
        Case(key: "seconds_interval>", argument: "3", zone: "UTC", extra: ["delay": 2], operation: .next,
             input: "1970-01-01 00:00:04 +0000", session: "1970-01-01 00:00:06 +0000", run: "1970-01-01 00:00:08 +0000"),
        Case(key: "seconds_interval>", argument: "3", zone: "UTC", extra: ["delay": 2], operation: .previous,
             input: "1970-01-01 00:00:03 +0000", session: "1970-01-01 00:00:00 +0000", run: ""),
        Case(key: "seconds_interval>", argument: "3", zone: "UTC", extra: ["delay": 2], operation: .previous,
             input: "1970-01-01 00:00:04 +0000", session: "1970-01-01 00:00:03 +0000", run: ""),
        Case(key: "seconds_interval>", argument: "10", zone: "UTC", extra: ["delay": 5], operation: .first,
             input: "2016-02-03 00:00:10 +0000", session: "2016-02-03 00:00:10 +0000", run: "2016-02-03 00:00:15 +0000"),
        Case(key: "seconds_interval>", argument: "10", zone: "UTC", operation: .first,
             input: "2016-02-03 00:00:11 +0000", session: "2016-02-03 00:00:20 +0000", run: "2016-02-03 00:00:20 +0000"),
    ]

    @Test(arguments: cases)
    func slots(_ c: Case) throws {
        let schedule = try T.schedule(c.key, .string(c.argument), zone: c.zone, c.extra)
        let input = T.instant(c.input)
        switch c.operation {
        case .first, .next:
            let slot = c.operation == .first
                ? schedule.firstSlot(atOrAfterRunTime: input) : schedule.slot(afterSessionTime: input)
            #expect(T.text(slot.sessionTime, c.zone) == T.text(T.instant(c.session), c.zone))
            #expect(T.text(slot.runTime, c.zone) == T.text(T.instant(c.run), c.zone))
            if c.operation == .next {
                #expect(schedule.nextSessionTime(after: input) == slot.sessionTime)
                #expect(schedule.truncatedSessionTime(mode: .nextSchedule, time: input) == slot.sessionTime)
            } else {
                #expect(schedule.truncatedSessionTime(mode: .schedule, time: input) == slot.sessionTime)
            }
        case .previous:
            let previous = try #require(schedule.previousSessionTime(before: input))
            #expect(T.text(previous, c.zone) == T.text(T.instant(c.session), c.zone))
        }
    }

    @Test func fractionalTimesCountInWholeSeconds() throws {
        let daily = try T.schedule("daily>", "10:00:00")
        let exact = T.instant("2016-02-03 10:00:00 +0000")
        #expect(daily.firstSlot(atOrAfterRunTime: exact).runTime == exact)
        #expect(daily.firstSlot(atOrAfterRunTime: exact.addingTimeInterval(0.5)).runTime == T.instant("2016-02-04 10:00:00 +0000"))
        #expect(daily.firstSlot(atOrAfterRunTime: exact.addingTimeInterval(-0.5)).runTime == exact)
    }

    @Test func nextSlotWalksTheSeries() throws {
        let hourly = try T.schedule("hourly>", "00:00", zone: Self.la)
        var slot = hourly.firstSlot(atOrAfterRunTime: T.instant("2016-11-05 23:30:00 -0700"))
        var sessions: [String] = []
        for _ in 0..<4 {
            sessions.append(T.text(slot.sessionTime, Self.la))
            slot = hourly.nextSlot(after: slot)
        }
        // cron4j reaches the repeated 01:00 through its wall-clock fields, so 01:00 PDT is skipped
        #expect(sessions == [
            "2016-11-06 00:00:00 -0700", "2016-11-06 01:00:00 -0800", "2016-11-06 02:00:00 -0800",
            "2016-11-06 03:00:00 -0800",
        ])
    }
}
