import Foundation

extension CronPattern {
    /// How far ahead (and back) a search goes before it gives up: the Gregorian calendar, weekdays
    /// included, repeats every 400 years.
    static let searchYears = 400

    /// The first matching minute strictly after the minute that contains `epoch`, as cron4j's
    /// `Predictor.nextMatchingTime()` finds it, or nil when nothing matches within 400 years.
    ///
    /// The instant one minute later is returned as is when it matches. Otherwise the earliest
    /// matching wall-clock minute at or after its wall-clock fields is converted back the way
    /// `java.util.GregorianCalendar` does: a time in a DST gap moves forward by the gap, and a
    /// time that occurs twice (DST overlap) takes the later instant. So an hourly pattern skips the
    /// first `01:00` of a fall-back night when it comes from `00:00`.
    func next(after epoch: Int, in zone: TimeZone) -> Int? {
        let start = ZonedTime.floorDivide(epoch, 60) * 60 + 60
        let wall = CivilMinute(epoch: start, zone: zone)
        if alternatives.contains(where: { $0.matches(wall) }) { return start }
        var best: Int?
        for fields in alternatives {
            guard let found = fields.firstMatch(onOrAfter: wall) else { continue }
            let instant = found.javaCalendarEpoch(in: zone)
            best = min(best ?? instant, instant)
        }
        return best
    }

    /// The latest matching minute strictly before `epoch`, walking forward with ``next(after:in:)``
    /// from far enough back, or nil when nothing matches within 400 years.
    func previous(before epoch: Int, in zone: TimeZone) -> Int? {
        var back = 60
        let limit = Self.searchYears * 366 * 86_400
        while back <= limit {
            guard let first = next(after: epoch - back, in: zone) else { return nil }
            if first < epoch {
                var latest = first
                while let later = next(after: latest, in: zone), later < epoch { latest = later }
                return latest
            }
            back *= 2
        }
        return nil
    }

    /// Whether any time at all matches (`0 0 30 2 *` never does).
    var matchesSometime: Bool {
        let wall = CivilMinute(year: 2000, month: 1, day: 1, hour: 0, minute: 0)
        return alternatives.contains { $0.firstMatch(onOrAfter: wall) != nil }
    }
}

extension CronPattern.Fields {
    /// Whether every field matches the wall-clock minute.
    func matches(_ wall: CivilMinute) -> Bool {
        minutes & (1 << UInt64(wall.minute)) != 0 && hours & (1 << UInt64(wall.hour)) != 0
            && dayMatches(wall.day, month: wall.month, year: wall.year) && months & (1 << UInt64(wall.month)) != 0
            && weekdays & (1 << UInt64(CivilMinute.weekday(year: wall.year, month: wall.month, day: wall.day))) != 0
    }

    /// The day-of-month field, with `L` matching the last day of the month.
    func dayMatches(_ day: Int, month: Int, year: Int) -> Bool {
        if days & (1 << UInt64(day)) != 0 { return true }
        return day > 27 && days & (1 << 32) != 0 && day == ZonedTime.daysInMonth(year: year, month: month)
    }

    /// The earliest matching wall-clock minute at or after `start`, searching dates as cron4j does:
    /// day numbers run to 31 in every month, and an impossible date that matches (such as
    /// February 30th for `0 0 30 * *`) rolls over into the next month, where the search goes on with
    /// the time of day already found (cron4j's lenient calendar; it makes `0 0 1,30 * *` skip
    /// March 1st). The day of week is checked last.
    func firstMatch(onOrAfter start: CivilMinute) -> CivilMinute? {
        var year = start.year, month = start.month, day = start.day
        var earliest: (hour: Int, minute: Int)? = (start.hour, start.minute)
        let lastYear = start.year + CronPattern.searchYears
        while year <= lastYear {
            if month > 12 {
                year += 1
                month = 1
                continue
            }
            if day > 31 || months & (1 << UInt64(month)) == 0 {
                month += 1
                day = 1
                earliest = nil
                continue
            }
            guard dayMatches(day, month: month, year: year), let time = firstTime(onOrAfter: earliest) else {
                day += 1
                earliest = nil
                continue
            }
            let length = ZonedTime.daysInMonth(year: year, month: month)
            if day > length {
                day -= length
                month += 1
                earliest = time
                continue
            }
            guard weekdays & (1 << UInt64(CivilMinute.weekday(year: year, month: month, day: day))) != 0 else {
                day += 1
                earliest = nil
                continue
            }
            return CivilMinute(year: year, month: month, day: day, hour: time.hour, minute: time.minute)
        }
        return nil
    }

    /// The earliest matching hour and minute of a day at or after `earliest` (midnight when nil).
    private func firstTime(onOrAfter earliest: (hour: Int, minute: Int)?) -> (hour: Int, minute: Int)? {
        let (firstHour, firstMinute) = earliest ?? (0, 0)
        for hour in firstHour..<24 where hours & (1 << UInt64(hour)) != 0 {
            let from = UInt64(hour == firstHour ? firstMinute : 0)
            let allowed = (minutes >> from) << from
            if allowed != 0 { return (hour, allowed.trailingZeroBitCount) }
        }
        return nil
    }
}
