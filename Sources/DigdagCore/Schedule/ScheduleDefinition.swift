import Foundation

/// A workflow's `schedule:` block, validated, in the workflow's time zone: which slots exist, when
/// each runs, and the options that decide what the scheduler does with them.
///
/// Parse it with ``init(config:timeZone:)``; compute slots with ``firstSlot(atOrAfterRunTime:)``,
/// ``nextSlot(after:)`` and their relatives; let ``CatchUpPlanner`` decide each scheduler tick.
/// Nothing here reads the clock: every "now" is an argument.
public struct ScheduleDefinition: Sendable, Equatable {
    /// The scheduler types, each written as its operator key (`daily>:`) or as `_type: daily`.
    public enum Kind: String, Sendable, CaseIterable {
        /// `cron>: 'm h dom mon dow'` (cron4j patterns, see ``CronPattern``); session time = slot time.
        case cron
        /// `minutes_interval>: M`: every M minutes from the top of the hour (`*/M * * * *`).
        case minutesInterval = "minutes_interval"
        /// `hourly>: MM:SS`: session at the top of each hour, run MM:SS later.
        case hourly
        /// `daily>: HH:MM:SS`: session at 00:00, run HH:MM:SS later.
        case daily
        /// `weekly>: DDD,HH:MM:SS`: session at 00:00 of that weekday, run HH:MM:SS later.
        case weekly
        /// `monthly>: D,HH:MM:SS`: session at 00:00 of day D, run HH:MM:SS later.
        case monthly
        /// `seconds_interval>: S`: every S seconds since the epoch.
        case secondsInterval = "seconds_interval"

        /// The operator key, e.g. `daily>`.
        public var operatorKey: String { rawValue + ">" }

        /// Whether the argument may be given as `at:` instead (hourly, daily, weekly, monthly).
        public var acceptsAt: Bool {
            switch self {
            case .hourly, .daily, .weekly, .monthly: true
            case .cron, .minutesInterval, .secondsInterval: false
            }
        }
    }

    /// How slots are generated.
    enum Rule: Sendable, Equatable {
        /// Session times are the pattern's matches.
        case cron(CronPattern)
        /// Session times are the multiples of this many seconds since the epoch.
        case secondsInterval(Int)
    }

    /// The scheduler type.
    public let kind: Kind
    /// The `schedule:` config as written.
    public let config: Config
    /// The workflow time zone, in which patterns, days and `start`/`end` dates are read.
    public let timeZone: TimeZone
    /// Run time minus session time: `delay`, or the `at` time of day/hour for hourly to monthly.
    public let delaySeconds: Int64
    /// `start:` as the instant its day begins; earlier run times are not scheduled.
    public let start: Date?
    /// The instant after the `end:` day (the day is included); later run times park the schedule.
    public let end: Date?
    /// `skip_on_overtime:`: skip a slot while an attempt of the workflow is still running.
    public let skipOnOvertime: Bool
    /// `skip_delayed_by:`: skip a slot when the scheduler is later than this behind its run time.
    public let skipDelayedBy: DurationParam?
    /// `catch_up:` (beyond Digdag): what to do with missed slots.
    public let catchUp: CatchUpPolicy
    /// The slot generator.
    let rule: Rule

    /// Where a schedule past its `end` is parked: 9999-01-01T00:00:00Z.
    public static let scheduleEnd = Date(timeIntervalSince1970: 253_370_764_800)

    /// The keys every type accepts besides its argument (`ScheduleExecutor.BUILT_IN_SCHEDULE_PARAMS`
    /// plus `catch_up`).
    public static let commonKeys = ["skip_on_overtime", "skip_delayed_by", "start", "end", "catch_up"]

    /// The cron4j pattern behind every type except `seconds_interval>`.
    public var cronPattern: CronPattern? {
        if case .cron(let pattern) = rule { return pattern }
        return nil
    }

    /// The interval of a `seconds_interval>` schedule.
    public var secondsInterval: Int? {
        if case .secondsInterval(let seconds) = rule { return seconds }
        return nil
    }
}
