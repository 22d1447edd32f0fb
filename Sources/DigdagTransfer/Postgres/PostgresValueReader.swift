import Foundation
import PostgresNIO

/// How one binary-format result cell becomes a record value (embulk-input-postgresql's
/// default types, changed by `column_options: {type, timestamp_format, timezone}`).
struct PostgresValueReader {
    let dataType: PostgresDataType
    let natural: ColumnType
    let type: ColumnType
    let zone: TransferTimeZone
    let format: TimestampFormat

    init(dataType: PostgresDataType, options: PluginConfig?, zone defaultZone: TransferTimeZone) throws {
        self.dataType = dataType
        switch dataType {
        case .bool: natural = .boolean
        case .int2, .int4, .int8, .oid: natural = .long
        case .float4, .float8, .numeric: natural = .double
        case .timestamp, .timestamptz, .date: natural = .timestamp
        case .json, .jsonb: natural = .json
        default: natural = .string
        }
        type = try options?.optionalString("type").map { try ColumnType(name: $0, path: options!.path) } ?? natural
        zone = try options?.optionalString("timezone").map(TransferTimeZone.init) ?? defaultZone
        let pattern = try options?.optionalString("timestamp_format")
            ?? (dataType == .date ? "%Y-%m-%d" : "%Y-%m-%d %H:%M:%S")
        format = TimestampFormat(pattern, zone: zone)
    }

    /// Seconds from 1970-01-01 to PostgreSQL's epoch 2000-01-01.
    static let epochOffset: Int64 = 946_684_800

    func value(_ cell: PostgresCell) throws -> TransferValue {
        guard var buffer = cell.bytes else { return .null }
        let value: TransferValue
        switch dataType {
        case .bool: value = .boolean(buffer.readInteger(as: UInt8.self) != 0)
        case .int2: value = .long(Int64(buffer.readInteger(as: Int16.self) ?? 0))
        case .int4: value = .long(Int64(buffer.readInteger(as: Int32.self) ?? 0))
        case .int8: value = .long(buffer.readInteger(as: Int64.self) ?? 0)
        case .oid: value = .long(Int64(buffer.readInteger(as: UInt32.self) ?? 0))
        case .float4: value = .double(Double(Float(bitPattern: buffer.readInteger(as: UInt32.self) ?? 0)))
        case .float8: value = .double(Double(bitPattern: buffer.readInteger(as: UInt64.self) ?? 0))
        case .numeric:
            let decimal = try cell.decode(Decimal.self)
            value = .double(NSDecimalNumber(decimal: decimal).doubleValue)
        case .timestamp, .timestamptz:
            let micros = buffer.readInteger(as: Int64.self) ?? 0
            let seconds = Self.epochOffset + micros.dividedFloor(1_000_000)
            let nanos = Int32((micros - micros.dividedFloor(1_000_000) * 1_000_000) * 1000)
            value = .timestamp(Timestamp(
                seconds: dataType == .timestamp ? zone.instant(ofLocal: seconds) : seconds, nanos: nanos))
        case .date:
            let days = Int64(buffer.readInteger(as: Int32.self) ?? 0)
            value = .timestamp(Timestamp(seconds: zone.instant(ofLocal: Self.epochOffset + days * 86_400)))
        case .jsonb:
            _ = buffer.readInteger(as: UInt8.self)
            value = .json(buffer.readString(length: buffer.readableBytes) ?? "")
        case .json: value = .json(buffer.readString(length: buffer.readableBytes) ?? "")
        case .uuid: value = .string((try cell.decode(UUID.self)).uuidString.lowercased())
        default: value = .string(buffer.readString(length: buffer.readableBytes) ?? "")
        }
        return type == natural ? value : try ValueConversion.convert(value, to: type, format: format)
    }
}

extension Int64 {
    /// Division rounding toward negative infinity.
    func dividedFloor(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
