import DigdagStorage
import Foundation
import PostgresNIO

/// A `timestamptz` value carried as epoch milliseconds, so that instants round-trip exactly as
/// in the SQLite store (postgres-nio's `Date` coding truncates through `Double` microseconds).
struct PostgresInstant: PostgresNonThrowingEncodable, PostgresDecodable, Sendable {
    /// Milliseconds between 1970-01-01 and 2000-01-01, PostgreSQL's epoch.
    private static let postgresEpochMillis: Int64 = 946_684_800_000

    /// Epoch milliseconds.
    var millis: Int64

    init(_ date: Date) { millis = StorageCoding.millis(date) }

    /// The instant as a `Date`.
    var date: Date { StorageCoding.date(millis: millis) }

    static var psqlType: PostgresDataType { .timestamptz }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        byteBuffer.writeInteger((millis - Self.postgresEpochMillis) * 1000)
    }

    init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard format == .binary, type == .timestamptz || type == .timestamp,
            buffer.readableBytes == 8, let micros = buffer.readInteger(as: Int64.self)
        else { throw PostgresDecodingError.Code.typeMismatch }
        let (quotient, remainder) = micros.quotientAndRemainder(dividingBy: 1000)
        millis = (remainder < 0 ? quotient - 1 : quotient) + Self.postgresEpochMillis
    }
}

extension Optional where Wrapped == Date {
    /// The instant to bind, nil stays NULL.
    var instant: PostgresInstant? { map(PostgresInstant.init) }
}

extension Date {
    /// The instant to bind.
    var instant: PostgresInstant { PostgresInstant(self) }
}

extension PostgresInstant: PostgresArrayEncodable {
    static var psqlArrayType: PostgresDataType { .timestamptzArray }
}
