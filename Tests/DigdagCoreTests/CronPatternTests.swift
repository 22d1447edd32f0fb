import DigdagCore
import Foundation
import Testing

/// cron4j pattern semantics through `cron>` schedules in UTC: the slot after a session time.
@Suite struct CronPatternTests {
    typealias T = ScheduleTestSupport

    @Test(arguments: [
        // plain values
        ("0 10 * * *", "2016-02-03 09:59:59 +0000", "2016-02-03 10:00:00 +0000"),
        ("0 10 * * *", "2016-02-03 10:00:00 +0000", "2016-02-04 10:00:00 +0000"),
        ("00 10 * * *", "2015-12-31 10:00:00 +0000", "2016-01-01 10:00:00 +0000"),
        // ranges, steps, lists
        ("*/15 9-17 * * *", "2016-02-03 17:45:00 +0000", "2016-02-04 09:00:00 +0000"),
        ("*/15 9-17 * * *", "2016-02-03 09:00:00 +0000", "2016-02-03 09:15:00 +0000"),
        ("3-18/5 * * * *", "2016-02-03 00:03:00 +0000", "2016-02-03 00:08:00 +0000"),
        ("3-18/5 * * * *", "2016-02-03 00:18:00 +0000", "2016-02-03 01:03:00 +0000"),
        ("*/25 * * * *", "2016-02-03 00:50:00 +0000", "2016-02-03 01:00:00 +0000"),
        ("*/7 * * * *", "2016-02-03 00:56:00 +0000", "2016-02-03 01:00:00 +0000"),
        ("1,2,5-6 * * * *", "2016-02-03 00:02:00 +0000", "2016-02-03 00:05:00 +0000"),
        ("0 22-2 * * *", "2016-02-03 02:00:00 +0000", "2016-02-03 22:00:00 +0000"),
        ("0 22-2 * * *", "2016-02-03 23:00:00 +0000", "2016-02-04 00:00:00 +0000"),
        ("0 0 1 */3 *", "2016-02-01 00:00:00 +0000", "2016-04-01 00:00:00 +0000"),
        ("59 11 * * 1-5", "2016-02-05 11:59:00 +0000", "2016-02-08 11:59:00 +0000"),
        // names, case-insensitive; 7 is Sunday; wrapping ranges
        ("0 0 * * mon,wed", "2016-02-01 00:00:00 +0000", "2016-02-03 00:00:00 +0000"),
        ("0 0 * JAN SUN", "2016-01-31 00:00:00 +0000", "2017-01-01 00:00:00 +0000"),
        ("0 0 1 jan-mar *", "2016-03-01 00:00:00 +0000", "2017-01-01 00:00:00 +0000"),
        ("0 0 * * 7", "2016-02-01 00:00:00 +0000", "2016-02-07 00:00:00 +0000"),
        ("0 0 * * fri-mon", "2016-02-06 00:00:00 +0000", "2016-02-07 00:00:00 +0000"),
        ("0 0 * * fri-mon", "2016-02-08 00:00:00 +0000", "2016-02-12 00:00:00 +0000"),
        ("0 12 * * */2", "2016-02-01 12:00:00 +0000", "2016-02-02 12:00:00 +0000"),
        ("0 0 1 nov-feb *", "2016-02-01 00:00:00 +0000", "2016-11-01 00:00:00 +0000"),
        // day of month AND day of week (cron4j), not OR (Vixie): Friday the 13th
        ("0 0 13 * fri", "2015-12-31 00:00:00 +0000", "2016-05-13 00:00:00 +0000"),
        // month ends and leap years
        ("0 0 L * *", "2016-02-01 00:00:00 +0000", "2016-02-29 00:00:00 +0000"),
        ("0 0 L * *", "2016-02-29 00:00:00 +0000", "2016-03-31 00:00:00 +0000"),
        ("0 0 L * *", "2015-02-01 00:00:00 +0000", "2015-02-28 00:00:00 +0000"),
        ("0 0 L * *", "2100-02-01 00:00:00 +0000", "2100-02-28 00:00:00 +0000"),
        ("0 0 l 4 *", "2016-01-01 00:00:00 +0000", "2016-04-30 00:00:00 +0000"),
        ("0 0 31 * *", "2016-01-31 00:00:00 +0000", "2016-03-31 00:00:00 +0000"),
        ("0 0 31 * *", "2016-03-31 00:00:00 +0000", "2016-05-31 00:00:00 +0000"),
        ("0 0 29 2 *", "2016-03-01 00:00:00 +0000", "2020-02-29 00:00:00 +0000"),
        ("0 0 29 2 *", "2096-03-01 00:00:00 +0000", "2104-02-29 00:00:00 +0000"),
        // cron4j rolls an impossible date over into the next month and searches on from there
        ("0 0 1,30 * *", "2015-02-02 00:00:00 +0000", "2015-03-30 00:00:00 +0000"),
        ("0 0 1,30 * *", "2016-02-02 00:00:00 +0000", "2016-03-01 00:00:00 +0000"),
        // several patterns
        ("0 5 * * *|8 10 * * *|22 17 * * *", "2016-02-03 05:00:00 +0000", "2016-02-03 10:08:00 +0000"),
        ("0 5 * * *|8 10 * * *|22 17 * * *", "2016-02-03 17:22:00 +0000", "2016-02-04 05:00:00 +0000"),
        // Java integer forms and tokenizer leniency
        ("+5 * * * *", "2016-02-03 00:00:00 +0000", "2016-02-03 00:05:00 +0000"),
        ("0  0\t* * *", "2016-02-03 00:00:00 +0000", "2016-02-04 00:00:00 +0000"),
    ])
    func nextMatch(pattern: String, after: String, expected: String) throws {
        let schedule = try T.schedule("cron>", .string(pattern))
        let slot = schedule.slot(afterSessionTime: T.instant(after))
        #expect(T.text(slot.sessionTime, "UTC") == T.text(T.instant(expected), "UTC"))
        #expect(slot.runTime == slot.sessionTime)
    }

    @Test(arguments: [
        ("0 10 * * *", "2016-02-03 10:00:00 +0000", "2016-02-02 10:00:00 +0000"),
        ("0 10 * * *", "2016-02-03 10:00:01 +0000", "2016-02-03 10:00:00 +0000"),
        ("0 0 L * *", "2016-03-01 00:00:00 +0000", "2016-02-29 00:00:00 +0000"),
        ("0 0 29 2 *", "2020-02-28 00:00:00 +0000", "2016-02-29 00:00:00 +0000"),
        // Digdag's interval estimate would answer 2016-02-28 here (not a slot at all)
        ("0 0 1,2,3 * *", "2016-03-01 00:00:00 +0000", "2016-02-03 00:00:00 +0000"),
        ("* 0 1 * *", "2016-03-05 00:00:00 +0000", "2016-03-01 00:59:00 +0000"),
        ("0 0 13 * fri", "2016-05-13 00:00:00 +0000", "2015-11-13 00:00:00 +0000"),
    ])
    func previousMatch(pattern: String, before: String, expected: String) throws {
        let schedule = try T.schedule("cron>", .string(pattern))
        let previous = try #require(schedule.previousSessionTime(before: T.instant(before)))
        #expect(T.text(previous, "UTC") == T.text(T.instant(expected), "UTC"))
    }

    @Test(arguments: [
        ("* * * *", "Invalid cron pattern \"* * * *\": expected 5 fields (minute hour day-of-month month day-of-week) but got 4"),
        ("60 * * * *", "Invalid cron pattern \"60 * * * *\": minutes field \"60\": value \"60\" is out of range 0-59"),
        ("0 24 * * *", "Invalid cron pattern \"0 24 * * *\": hours field \"24\": value \"24\" is out of range 0-23"),
        ("0 0 0 * *", "Invalid cron pattern \"0 0 0 * *\": days of month field \"0\": value \"0\" is out of range 1-31"),
        ("0 0 * foo *", "Invalid cron pattern \"0 0 * foo *\": months field \"foo\": invalid value \"foo\""),
        ("0 0 * * 8", "Invalid cron pattern \"0 0 * * 8\": days of week field \"8\": value \"8\" is out of range 0-7"),
        ("*/0 * * * *", "Invalid cron pattern \"*/0 * * * *\": minutes field \"*/0\": step must be positive but got 0"),
        ("*/x * * * *", "Invalid cron pattern \"*/x * * * *\": minutes field \"*/x\": invalid step \"x\""),
        ("1/2/3 * * * *", "Invalid cron pattern \"1/2/3 * * * *\": minutes field \"1/2/3\": syntax error in \"1/2/3\""),
        ("", "Invalid cron pattern \"\": it is empty"),
        ("0 0 30 2 *", "Invalid cron pattern \"0 0 30 2 *\": it never matches"),
    ])
    func invalidPatterns(pattern: String, message: String) {
        #expect(T.error(["cron>": .string(pattern)]) == message)
    }

    @Test func patternIsKept() throws {
        let schedule = try T.schedule("cron>", "0 0 * * *")
        #expect(schedule.cronPattern?.text == "0 0 * * *")
        #expect(schedule.kind == .cron)
        #expect(try T.schedule("daily>", "10:00:00").cronPattern?.description == "0 0 * * *")
    }
}
