import DigdagCore
import Foundation

/// Helpers shared by the schedule tests: times written as Digdag's tests write them.
enum ScheduleTestSupport {
    /// `yyyy-MM-dd HH:mm:ss +hhmm` as an instant.
    static func instant(_ text: String) -> Date {
        let parts = text.split(separator: " ")
        let date = parts[0].split(separator: "-").map { Int($0)! }
        let time = parts[1].split(separator: ":").map { Int($0)! }
        let zone = parts[2]
        let sign = zone.hasPrefix("-") ? -1 : 1
        let offset = sign * (Int(zone.dropFirst().prefix(2))! * 3600 + Int(zone.suffix(2))! * 60)
        let utc = ZonedTime.at(
            year: date[0], month: date[1], day: date[2], hour: time[0], minute: time[1], second: time[2],
            zone: TimeZone(identifier: "UTC")!)!
        return utc.addingTimeInterval(Double(-offset))
    }

    /// A slot from two `instant` texts.
    static func slot(_ session: String, _ run: String? = nil) -> ScheduleSlot {
        ScheduleSlot(sessionTime: instant(session), runTime: instant(run ?? session))
    }

    /// `yyyy-MM-dd HH:mm:ss +hhmm` of an instant in a zone (to read failures).
    static func text(_ date: Date, _ zone: String) -> String {
        ZonedTime(date, ZoneNames.zone(zone)!).logText
    }

    /// A schedule of one type in a zone, with optional extra keys.
    static func schedule(_ key: String, _ argument: ConfigValue, zone: String = "UTC", _ extra: Config = [:]) throws
        -> ScheduleDefinition
    {
        var config: Config = [key: argument]
        config.merge(extra) { _, new in new }
        return try ScheduleDefinition(config: config, timeZone: ZoneNames.zone(zone)!)
    }

    /// The parse error message of a config, or nil when it parses.
    static func error(_ config: Config, zone: String = "UTC") -> String? {
        do {
            _ = try ScheduleDefinition(config: config, timeZone: ZoneNames.zone(zone)!)
            return nil
        } catch {
            return error.message
        }
    }
}
