import DigdagCore
import Foundation
import Testing

/// `schedule:` configs: forms, options and error messages.
@Suite struct ScheduleParsingTests {
    typealias T = ScheduleTestSupport

    @Test func operatorFormAndOptions() throws {
        let schedule = try ScheduleDefinition(
            config: [
                "daily>": "07:00:00", "start": "2016-03-01", "end": "2016-03-31", "skip_on_overtime": true,
                "skip_delayed_by": "1d 2h", "catch_up": "latest",
            ],
            timeZone: ZoneNames.zone("Asia/Tokyo")!)
        #expect(schedule.kind == .daily)
        #expect(schedule.delaySeconds == 25_200)
        #expect(schedule.start == T.instant("2016-03-01 00:00:00 +0900"))
        #expect(schedule.end == T.instant("2016-04-01 00:00:00 +0900"))
        #expect(schedule.skipOnOvertime)
        #expect(schedule.skipDelayedBy == DurationParam(seconds: 93_600))
        #expect(schedule.catchUp == .latest)
        #expect(schedule.config["daily>"] == "07:00:00")
    }

    @Test func defaults() throws {
        let schedule = try T.schedule("cron>", "0 0 * * *")
        #expect(schedule.delaySeconds == 0)
        #expect(schedule.start == nil && schedule.end == nil)
        #expect(!schedule.skipOnOvertime)
        #expect(schedule.skipDelayedBy == nil)
        #expect(schedule.catchUp == .all)
    }

    struct Form: Sendable, CustomTestStringConvertible {
        var config: Config
        var kind: ScheduleDefinition.Kind
        var delay: Int64
        init(_ config: Config, _ kind: ScheduleDefinition.Kind, _ delay: Int64) {
            self.config = config
            self.kind = kind
            self.delay = delay
        }
        var testDescription: String { JSONText.compact(.object(config)) }
    }

    static let formCases: [Form] = [
        Form(["_type": "daily", "_command": "07:00:00"], .daily, 25_200),
        Form(["_type": "hourly", "at": "30:00"], .hourly, 1800),
        Form(["daily>": nil, "at": "01:00:00"], .daily, 3600),
        Form(["weekly>": .null, "at": "mon,00:00:10"], .weekly, 10),
        Form(["monthly>": "1,00:01:00"], .monthly, 60),
        Form(["minutes_interval>": 15, "delay": "30"], .minutesInterval, 30),
        Form(["minutes_interval>": "15"], .minutesInterval, 0),
        Form(["seconds_interval>": 30, "delay": 5], .secondsInterval, 5),
        Form(["cron>": "0 * * * *", "delay": 1.0], .cron, 1),
        Form(["hourly>": "-10:00"], .hourly, -600),
        Form(["daily>": "25:00:00"], .daily, 90_000),
        Form(["daily>": "+7:0:0"], .daily, 25_200),
        Form(["hourly>": "10:00:"], .hourly, 600),
    ]

    @Test(arguments: formCases)
    func forms(_ form: Form) throws {
        let schedule = try ScheduleDefinition(config: form.config, timeZone: .gmt)
        #expect(schedule.kind == form.kind)
        #expect(schedule.delaySeconds == form.delay)
    }

    @Test func minutesIntervalBeyondAnHourIsHourlyAsInDigdag() throws {
        let schedule = try T.schedule("minutes_interval>", 90)
        #expect(schedule.cronPattern?.text == "*/90 * * * *")
        let next = schedule.slot(afterSessionTime: T.instant("2016-02-03 00:00:00 +0000"))
        #expect(next.sessionTime == T.instant("2016-02-03 01:00:00 +0000"))
        #expect(try T.schedule("seconds_interval>", 45).secondsInterval == 45)
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var config: Config
        var message: String
        init(_ config: Config, _ message: String) {
            self.config = config
            self.message = message
        }
        var testDescription: String { JSONText.compact(.object(config)) }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(["skip_on_over_time": true, "daily>": "07:00:00"],
         "Parameter 'skip_on_over_time' is not used at schedule. > Did you mean '[skip_on_overtime]'?"),
        ErrorCase(["daily>": "07:00:00", "wrong>": "x"], "Parameter 'wrong>' is not used at schedule. "),
        ErrorCase(["daily>": "07:00:00", "delay": 10], "Parameter 'delay' is not used at schedule. "),
        ErrorCase(["cron>": "0 * * * *", "at": "10:00"], "Parameter 'at' is not used at schedule. "),
        ErrorCase(["daily>": "07:00:00", "at": "08:00:00"], "Parameter 'at' is not used at schedule. "),
        ErrorCase(["daily>": "07:00:00", "stat": "2016-01-01", "ends": "2016-01-02"],
         "Parameter 'stat' is not used at schedule. > Did you mean '[start]'?\n"
            + "Parameter 'ends' is not used at schedule. > Did you mean '[end]'?"),
        ErrorCase(["daily>": "07:00:00", "catchup": "none"],
         "Parameter 'catchup' is not used at schedule. > Did you mean '[catch_up]'?"),
        ErrorCase(["start": "2016-01-01"], #"Schedule config requires 'type>: at' parameter: {"start":"2016-01-01"}"#),
        ErrorCase(["no_such_scheduler>": "x"], "Unknown scheduler type: no_such_scheduler"),
        ErrorCase(["_type": "yearly"], "Unknown scheduler type: yearly"),
        ErrorCase(["_type": "daily"], "Parameter 'at' is required but not set"),
        ErrorCase(["_type": "cron"], "Parameter '_command' is required but not set"),
        ErrorCase(["cron>": nil], "Parameter '_command' is required but null"),
        ErrorCase(["cron>": ["a": 1]], #"Expected string type for key '_command' but got {"a":1} (object)"#),
        ErrorCase(["hourly>": "10"], "hourly>: scheduler requires mm:ss format: 10"),
        ErrorCase(["hourly>": "aa:00"], "hourly>: scheduler requires mm:ss format: aa:00"),
        ErrorCase(["daily>": "07:00"], "daily> scheduler requires hh:mm:ss format: 07:00"),
        ErrorCase(["weekly>": "Mon"], "weekly>: scheduler requires day,hh:mm:ss format: Mon"),
        ErrorCase(["weekly>": "-1,10:00:00"], "weekly>: invalid day: -1"),
        ErrorCase(["weekly>": "Moon,10:00:00"], "weekly>: scheduler requires day,hh:mm:ss format: Moon,10:00:00"),
        ErrorCase(["weekly>": "Mon,10:00"], "weekly> scheduler requires hh:mm:ss format: 10:00"),
        ErrorCase(["monthly>": "x,10:00:00"], "monthly>: scheduler requires day,hh:mm:ss format: x,10:00:00"),
        ErrorCase(["monthly>": "32,10:00:00"], "monthly>: invalid day: 32"),
        ErrorCase(["monthly>": "1, 10:00:00"], "monthly> scheduler requires hh:mm:ss format:  10:00:00"),
        ErrorCase(["minutes_interval>": "x"], #"Expected integer (int) type for key '_command' but got "x" (string)"#),
        ErrorCase(["minutes_interval>": 0], "minutes_interval> requires a positive number of minutes but got 0"),
        ErrorCase(["seconds_interval>": -5], "seconds_interval> requires a positive number of seconds but got -5"),
        ErrorCase(["cron>": "0 * * * *", "delay": "x"], #"Expected integer (long) type for key 'delay' but got "x" (string)"#),
        ErrorCase(["daily>": "07:00:00", "start": "2022-04-31"], "Invalid start: 2022-04-31 (Text '2022-04-31' could not be parsed)"),
        ErrorCase(["daily>": "07:00:00", "end": "2022/04/30"], "Invalid end: 2022/04/30 (Text '2022/04/30' could not be parsed)"),
        ErrorCase(["daily>": "07:00:00", "start": "2022-04-02", "end": "2022-04-01"], "The schedule of end is earlier than start"),
        ErrorCase(["daily>": "07:00:00", "skip_on_overtime": "yes"],
         #"Expected 'true' or 'false' for key 'skip_on_overtime' but got "yes" (string)"#),
        ErrorCase(["daily>": "07:00:00", "skip_delayed_by": "3 hours"],
         #"Expected class io.digdag.util.DurationParam for key 'skip_delayed_by' but got "3 hours" (string)"#),
        ErrorCase(["daily>": "07:00:00", "catch_up": "some"], #"catch_up must be 'all', 'latest' or 'none' but got "some""#),
    ]

    @Test(arguments: errorCases)
    func errors(_ c: ErrorCase) {
        #expect(T.error(c.config) == c.message)
    }

    @Test func sameStartAndEndDayIsOneDay() throws {
        let schedule = try T.schedule("daily>", "07:00:00", ["start": "2022-04-01", "end": "2022-04-01"])
        let first = schedule.firstSlot(atOrAfterRunTime: T.instant("2022-01-01 00:00:00 +0000"))
        #expect(first == T.slot("2022-04-01 00:00:00 +0000", "2022-04-01 07:00:00 +0000"))
        #expect(schedule.nextSlot(after: first) == .parked)
    }

    @Test func scheduleMustBeAnObject() {
        #expect(throws: ConfigError(
            #"Expected class io.digdag.client.config.Config for key 'schedule' but got "daily" (string)"#)) {
            try ScheduleDefinition(value: "daily", timeZone: .gmt)
        }
    }

    @Test(arguments: [
        ("1s", Int64(1), "1s"), ("3m", 180, "3m"), ("2h", 7200, "2h"), ("1d", 86_400, "1d"),
        ("1d2h3m4s", 93_784, "1d 2h 3m 4s"), (" 1 D 30 M ", 88_200, "1d 30m"), ("90m", 5400, "1h 30m"),
        ("0s", 0, ""),
    ])
    func durations(text: String, seconds: Int64, canonical: String) throws {
        let duration = try #require(DurationParam(parsing: text))
        #expect(duration.seconds == seconds)
        #expect(duration.description == canonical)
    }

    @Test(arguments: ["", "10", "1h1d", "1x", "1d 1d", "h", "-1s"])
    func invalidDurations(text: String) {
        #expect(DurationParam(parsing: text) == nil)
    }
}
