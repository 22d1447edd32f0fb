import DigdagStorage
import Foundation
import GRDB
import GRDBSQLite

/// The current row of a stepping statement, read straight through SQLite's C API. List endpoints
/// decode thousands of columns per request; GRDB's generic `Row` subscripts cost more than the
/// query itself there. Valid only while the statement stays on the row.
struct SQLiteColumns {
    private let statement: SQLiteStatement

    init(_ statement: Statement) {
        self.statement = statement.sqliteStatement
    }

    /// True when the column is NULL.
    func isNull(_ index: Int) -> Bool {
        sqlite3_column_type(statement, Int32(index)) == SQLITE_NULL
    }

    /// An integer column (0 for NULL).
    func int64(_ index: Int) -> Int64 { sqlite3_column_int64(statement, Int32(index)) }

    /// An integer column as `Int`.
    func int(_ index: Int) -> Int { Int(int64(index)) }

    /// An integer column, nil for NULL.
    func optionalInt64(_ index: Int) -> Int64? { isNull(index) ? nil : int64(index) }

    /// A text column ("" for NULL).
    func text(_ index: Int) -> String {
        guard let pointer = sqlite3_column_text(statement, Int32(index)) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, Int32(index)))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// A text column, nil for NULL.
    func optionalText(_ index: Int) -> String? { isNull(index) ? nil : text(index) }

    /// A millisecond timestamp column as a date, nil for NULL.
    func date(_ index: Int) -> Date? { optionalInt64(index).map(StorageCoding.date(millis:)) }

    /// Every row of `statement` decoded by `decode`.
    static func fetchAll<T>(
        _ statement: Statement, arguments: StatementArguments, _ decode: (SQLiteColumns) throws -> T
    ) throws -> [T] {
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        let columns = SQLiteColumns(statement)
        var result: [T] = []
        while try cursor.next() != nil {
            result.append(try decode(columns))
        }
        return result
    }

    /// The first row of `statement` decoded by `decode`, nil when there is none.
    static func fetchOne<T>(
        _ statement: Statement, arguments: StatementArguments, _ decode: (SQLiteColumns) throws -> T
    ) throws -> T? {
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        guard try cursor.next() != nil else { return nil }
        return try decode(SQLiteColumns(statement))
    }
}
