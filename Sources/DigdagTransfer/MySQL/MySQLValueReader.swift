import CMariaDB

/// How one result column's text becomes a record value (embulk-input-mysql's defaults,
/// changed by `column_options: {type, value_type, timestamp_format, timezone}`).
struct MySQLValueReader {
    /// What the server sends, as Embulk's `value_type` names it.
    enum Source: String {
        case boolean, long, double, decimal, string, json, date, time, timestamp
    }

    let source: Source
    let type: ColumnType
    let zone: TransferTimeZone
    let format: TimestampFormat?

    /// The reader for a result field, with its options.
    init(field: MYSQL_FIELD, options: PluginConfig?, defaultZone: TransferTimeZone) throws {
        var source = Self.source(of: field)
        if let name = try options?.optionalString("value_type") {
            guard let chosen = Source(rawValue: name == "float" ? "double" : name) else {
                throw TransferError.config("Unknown value_type '\(name)' (in \(options!.path):)")
            }
            source = chosen
        }
        self.source = source
        let zone = try options?.optionalString("timezone").map(TransferTimeZone.init) ?? defaultZone
        self.zone = zone
        if let name = try options?.optionalString("type") {
            type = try ColumnType(name: name, path: options!.path)
        } else {
            switch source {
            case .boolean: type = .boolean
            case .long: type = .long
            case .double, .decimal: type = .double
            case .string: type = .string
            case .json: type = .json
            case .date, .time, .timestamp: type = .timestamp
            }
        }
        let fallback = source == .date ? "%Y-%m-%d" : source == .time ? "%H:%M:%S" : "%Y-%m-%d %H:%M:%S"
        let pattern = try options?.optionalString("timestamp_format") ?? fallback
        format = TimestampFormat(pattern, zone: zone)
    }

    static func source(of field: MYSQL_FIELD) -> Source {
        switch field.type {
        case MYSQL_TYPE_BIT: return .boolean
        case MYSQL_TYPE_TINY where field.length == 1: return .boolean
        case MYSQL_TYPE_TINY, MYSQL_TYPE_SHORT, MYSQL_TYPE_INT24, MYSQL_TYPE_LONG, MYSQL_TYPE_LONGLONG, MYSQL_TYPE_YEAR:
            return .long
        case MYSQL_TYPE_FLOAT, MYSQL_TYPE_DOUBLE: return .double
        case MYSQL_TYPE_DECIMAL, MYSQL_TYPE_NEWDECIMAL: return .decimal
        case MYSQL_TYPE_DATE, MYSQL_TYPE_NEWDATE: return .date
        case MYSQL_TYPE_TIME: return .time
        case MYSQL_TYPE_DATETIME, MYSQL_TYPE_TIMESTAMP: return .timestamp
        case MYSQL_TYPE_JSON: return .json
        default: return .string
        }
    }

    /// Converts raw bytes (never NULL here).
    func value(_ bytes: UnsafeBufferPointer<UInt8>) throws -> TransferValue {
        switch (source, type) {
        case (.long, .long): return .long(Self.integer(bytes) ?? Int64(Self.text(bytes)) ?? 0)
        case (_, .string) where source == .date || source == .time || source == .timestamp:
            guard let instant = instant(bytes) else { return .null }
            return .string(format!.format(instant))
        case (_, .string): return .string(Self.text(bytes))
        case (_, .long):
            let text = Self.text(bytes)
            if let value = Int64(text) { return .long(value) }
            if let value = Double(text) { return .long(Int64(value.rounded(.towardZero))) }
            if source == .boolean { return .long(text == "0" ? 0 : 1) }
            throw TransferError(.data, "Cannot convert '\(text)' to long")
        case (_, .double):
            let text = Self.text(bytes)
            guard let value = Double(text) else { throw TransferError(.data, "Cannot convert '\(text)' to double") }
            return .double(value)
        case (_, .boolean):
            let text = Self.text(bytes)
            return .boolean(!(text == "0" || text == "" || text.lowercased() == "false"))
        case (_, .json): return .json(Self.text(bytes))
        case (.date, .timestamp), (.time, .timestamp), (.timestamp, .timestamp):
            return instant(bytes).map(TransferValue.timestamp) ?? .null
        case (_, .timestamp):
            return .timestamp(try format!.parse(Self.text(bytes)))
        }
    }

    static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !bytes.isEmpty, bytes.count < 19 else { return nil }
        var value: Int64 = 0
        var negative = false
        for (index, byte) in bytes.enumerated() {
            if index == 0 && byte == UInt8(ascii: "-") {
                negative = true
                continue
            }
            guard byte >= 48 && byte <= 57 else { return nil }
            value = value * 10 + Int64(byte - 48)
        }
        return negative ? -value : value
    }

    /// `YYYY-MM-DD[ HH:MM:SS[.ffffff]]` or `HH:MM:SS` in the column's zone; zero dates are null.
    func instant(_ bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        func digits(_ from: Int, _ count: Int) -> Int {
            var value = 0
            for index in from..<min(from + count, bytes.count) { value = value * 10 + Int(bytes[index] &- 48) }
            return value
        }
        var civil = CivilTime(year: 1970, month: 1, day: 1)
        var timeStart = 0
        if source != .time {
            guard bytes.count >= 10 else { return nil }
            civil.year = Int64(digits(0, 4))
            civil.month = digits(5, 2)
            civil.day = digits(8, 2)
            if civil.month == 0 || civil.day == 0 { return nil }
            timeStart = 11
        }
        if bytes.count >= timeStart + 8 {
            civil.hour = digits(timeStart, 2)
            civil.minute = digits(timeStart + 3, 2)
            civil.second = digits(timeStart + 6, 2)
            let fraction = timeStart + 9
            if bytes.count > fraction {
                var nanos = digits(fraction, bytes.count - fraction)
                for _ in (bytes.count - fraction)..<9 { nanos *= 10 }
                civil.nanos = Int32(nanos)
            }
        }
        return Timestamp(seconds: zone.instant(ofLocal: civil.epochSeconds), nanos: civil.nanos)
    }
}
