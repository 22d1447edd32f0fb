import Foundation

/// A wall-clock minute in some time zone.
struct CivilMinute: Equatable {
    var year, month, day, hour, minute: Int
}

extension CivilMinute {
    /// The wall-clock minute of an instant (seconds dropped).
    init(epoch: Int, zone: TimeZone) {
        let local = epoch + zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(epoch)))
        let days = ZonedTime.floorDivide(local, 86_400)
        let seconds = local - days * 86_400
        let (year, month, day) = ZonedTime.civil(fromDays: days)
        self.init(year: year, month: month, day: day, hour: seconds / 3600, minute: seconds % 3600 / 60)
    }

    /// 0 = Sunday ... 6 = Saturday.
    static func weekday(year: Int, month: Int, day: Int) -> Int {
        let days = ZonedTime.daysFromCivil(year: year, month: month, day: day)
        return ((days + 4) % 7 + 7) % 7
    }

    /// The instant of this wall-clock minute by `GregorianCalendar`'s rules: in a DST gap the
    /// offset from before the gap (the time moves forward), in an overlap the offset from after
    /// it (the later instant); truncated to a whole minute as cron4j does.
    func javaCalendarEpoch(in zone: TimeZone) -> Int {
        let local = ZonedTime.daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60
        func offset(_ epoch: Int) -> Int { zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(epoch))) }
        let before = offset(local - 86_400), after = offset(local + 86_400)
        let valid = [local - before, local - after].filter { offset($0) == local - $0 }
        let epoch = valid.max() ?? (local - before)
        return ZonedTime.floorDivide(epoch, 60) * 60
    }
}
