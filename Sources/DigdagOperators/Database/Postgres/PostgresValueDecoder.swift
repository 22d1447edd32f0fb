import Foundation
import PostgresNIO

/// Turns a binary-format result cell into the value the JDBC driver would report: numbers,
/// booleans and text as themselves; dates, times, numerics and other types in PostgreSQL's
/// text form.
enum PostgresValueDecoder {
    static func value(_ cell: PostgresCell) -> DatabaseValue {
        guard var buffer = cell.bytes else { return .null }
        switch cell.dataType {
        case .bool:
            return buffer.readInteger(as: UInt8.self).map { .bool($0 != 0) } ?? .null
        case .int2:
            return buffer.readInteger(as: Int16.self).map { .int(Int64($0)) } ?? .null
        case .int4:
            return buffer.readInteger(as: Int32.self).map { .int(Int64($0)) } ?? .null
        case .int8:
            return buffer.readInteger(as: Int64.self).map { .int($0) } ?? .null
        case .oid:
            return buffer.readInteger(as: UInt32.self).map { .int(Int64($0)) } ?? .null
        case .float4:
            return buffer.readInteger(as: UInt32.self).map { .double(Double("\(Float(bitPattern: $0))") ?? 0) } ?? .null
        case .float8:
            return buffer.readInteger(as: UInt64.self).map { .double(Double(bitPattern: $0)) } ?? .null
        case .numeric:
            return numeric(&buffer).map { .decimal($0) } ?? .null
        case .timestamp, .timestamptz:
            guard let micros = buffer.readInteger(as: Int64.self) else { return .null }
            return .text(PostgresTimeText.timestamp(micros) + (cell.dataType == .timestamptz ? "+00" : ""))
        case .date:
            guard let days = buffer.readInteger(as: Int32.self) else { return .null }
            return .text(PostgresTimeText.date(Int64(days)))
        case .time:
            guard let micros = buffer.readInteger(as: Int64.self) else { return .null }
            return .text(PostgresTimeText.time(micros))
        case .uuid:
            return (try? cell.decode(UUID.self)).map { .text($0.uuidString.lowercased()) } ?? .null
        case .jsonb:
            _ = buffer.readInteger(as: UInt8.self)
            return .text(buffer.readString(length: buffer.readableBytes) ?? "")
        case .bytea:
            return .text(hex(buffer))
        default:
            if let text = buffer.readString(length: buffer.readableBytes), text.utf8.allSatisfy({ $0 != 0 }) {
                return .text(text)
            }
            return .text(hex(buffer))
        }
    }

    private static func hex(_ buffer: ByteBuffer) -> String {
        "\\x" + buffer.readableBytesView.map { String(format: "%02x", $0) }.joined()
    }

    /// The binary `numeric` format printed as PostgreSQL does, with `dscale` fraction digits.
    static func numeric(_ buffer: inout ByteBuffer) -> String? {
        guard let count = buffer.readInteger(as: Int16.self), let weight = buffer.readInteger(as: Int16.self),
            let sign = buffer.readInteger(as: UInt16.self), let dscale = buffer.readInteger(as: Int16.self)
        else { return nil }
        if sign == 0xC000 { return "NaN" }
        if sign == 0xD000 { return "Infinity" }
        if sign == 0xF000 { return "-Infinity" }
        var digits: [Int16] = []
        for _ in 0..<max(0, Int(count)) {
            guard let digit = buffer.readInteger(as: Int16.self) else { return nil }
            digits.append(digit)
        }
        func group(_ index: Int) -> Int16 { index >= 0 && index < digits.count ? digits[index] : 0 }
        var integer = ""
        if weight >= 0 {
            for index in 0...Int(weight) {
                let text = String(group(index))
                integer += index == 0 ? text : String(repeating: "0", count: 4 - text.count) + text
            }
        } else {
            integer = "0"
        }
        var fraction = ""
        var index = Int(weight) + 1
        while fraction.count < Int(dscale) {
            let text = String(group(index))
            fraction += String(repeating: "0", count: 4 - text.count) + text
            index += 1
        }
        fraction = String(fraction.prefix(Int(dscale)))
        let body = fraction.isEmpty ? integer : integer + "." + fraction
        return sign == 0x4000 ? "-" + body : body
    }
}

/// PostgreSQL's text output of binary date and time values (UTC, ISO style).
enum PostgresTimeText {
    /// Days since 2000-01-01 as `yyyy-MM-dd`.
    static func date(_ days: Int64) -> String {
        let (y, m, d) = civil(days + 10_957)
        return String(format: "%04lld-%02lld-%02lld", y, m, d)
    }

    /// Microseconds since 2000-01-01 00:00 as `yyyy-MM-dd HH:mm:ss[.ffffff]`.
    static func timestamp(_ micros: Int64) -> String {
        let perDay: Int64 = 86_400_000_000
        let days = micros >= 0 ? micros / perDay : (micros - perDay + 1) / perDay
        return date(days) + " " + time(micros - days * perDay)
    }

    /// Microseconds since midnight as `HH:mm:ss[.ffffff]` (trailing zeros dropped).
    static func time(_ micros: Int64) -> String {
        let seconds = micros / 1_000_000
        var text = String(format: "%02lld:%02lld:%02lld", seconds / 3600, seconds / 60 % 60, seconds % 60)
        let fraction = micros % 1_000_000
        if fraction != 0 {
            var digits = String(format: "%06lld", fraction)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    /// Days since 1970-01-01 as a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func civil(_ z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
