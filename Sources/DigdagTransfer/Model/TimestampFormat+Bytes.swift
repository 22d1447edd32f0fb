extension TimestampFormat {
    /// Whether `appendDateTime` prints exactly what `format` does (`%Y-%m-%d %H:%M:%S.%6N`).
    var isSQLDateTime: Bool { pattern == "%Y-%m-%d %H:%M:%S.%6N" }

    /// Appends `YYYY-MM-DD HH:MM:SS.ffffff` for `instant` in the zone, without building strings
    /// (the hot path of the database outputs).
    func appendDateTime(_ instant: Timestamp, to out: inout [UInt8]) {
        let civil = CivilTime(epochSeconds: instant.seconds + Int64(zone.offset(atUTC: instant.seconds)), nanos: instant.nanos)
        guard civil.year >= 0 && civil.year <= 9999 else {
            out.append(contentsOf: format(instant).utf8)
            return
        }
        @inline(__always) func two(_ value: Int) {
            out.append(UInt8(48 + value / 10))
            out.append(UInt8(48 + value % 10))
        }
        let year = Int(civil.year)
        two(year / 100)
        two(year % 100)
        out.append(UInt8(ascii: "-"))
        two(civil.month)
        out.append(UInt8(ascii: "-"))
        two(civil.day)
        out.append(UInt8(ascii: " "))
        two(civil.hour)
        out.append(UInt8(ascii: ":"))
        two(civil.minute)
        out.append(UInt8(ascii: ":"))
        two(civil.second)
        out.append(UInt8(ascii: "."))
        let micros = Int(civil.nanos / 1000)
        two(micros / 10000)
        two(micros / 100 % 100)
        two(micros % 100)
    }
}
