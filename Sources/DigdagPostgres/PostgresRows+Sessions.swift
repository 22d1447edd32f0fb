import DigdagCore
import DigdagStorage
import Foundation
import PostgresNIO

/// Attempt and session rows (`StorageSQL.attemptColumns`, `sessionSelect`), read column after
/// column straight from the row: no `PostgresCell` array per row, and every column decoded by
/// code specialized for its type (postgres-nio's variadic `decode` of a tuple is generic at run
/// time: its metadata lookups cost more than the values).
extension PostgresRows {
    /// Reads a row's columns in order.
    struct Reader {
        private var cells: PostgresRow.Iterator
        /// Read once per row, not per column (a lazily initialized global).
        private let context = PostgresDecodingContext.default

        init(_ row: PostgresRow) { cells = row.makeIterator() }

        /// The next column's value.
        mutating func next<T: PostgresDecodable>(_ type: T.Type = T.self) throws -> T {
            guard let cell = cells.next() else { throw StoreError(.database, "A stored row has fewer columns than read") }
            return try cell.decode(T.self, context: context)
        }

        /// The next column's instant.
        mutating func date() throws -> Date { try next(PostgresInstant.self).date }

        /// The next column's nullable instant.
        mutating func optionalDate() throws -> Date? { try next(PostgresInstant?.self)?.date }

        /// True when the next column is NULL (it is skipped).
        mutating func skipNull() -> Bool {
            guard let cell = cells.next() else { return true }
            return cell.bytes == nil
        }
    }

    /// An attempt row.
    static func attempt(_ row: PostgresRow) throws -> StoredAttempt {
        var reader = Reader(row)
        return try attempt(&reader)
    }

    /// The 15 attempt columns at the reader's position.
    static func attempt(_ c: inout Reader) throws -> StoredAttempt {
        StoredAttempt(
            id: try c.next(), index: try c.next(), sessionId: try c.next(), sessionUUID: try c.next(),
            projectId: try c.next(), projectName: try c.next(), workflowName: try c.next(),
            workflowDefinitionId: try c.next(Int64?.self), sessionTime: try c.next(), timeZone: try c.next(),
            retryAttemptName: StorageCoding.retryAttemptName(try c.next()), flags: AttemptFlags(rawValue: try c.next()),
            params: try StorageCoding.config(try c.next()), createdAt: try c.date(), finishedAt: try c.optionalDate())
    }

    /// A session row: its 6 columns, then its newest attempt's own 9 (all NULL when it has none).
    static func session(_ row: PostgresRow) throws -> StoredSession {
        var c = Reader(row)
        let id: Int64 = try c.next()
        let projectId: Int = try c.next()
        let projectName: String = try c.next()
        let workflowName: String = try c.next()
        let uuid: UUID = try c.next()
        let sessionTime: Int64 = try c.next()
        var attemptColumns = c
        let last =
            attemptColumns.skipNull()
            ? nil
            : StoredAttempt(
                id: try c.next(), index: try c.next(), sessionId: id, sessionUUID: uuid, projectId: projectId,
                projectName: projectName, workflowName: workflowName, workflowDefinitionId: try c.next(Int64?.self),
                sessionTime: sessionTime, timeZone: try c.next(),
                retryAttemptName: StorageCoding.retryAttemptName(try c.next()),
                flags: AttemptFlags(rawValue: try c.next()), params: try StorageCoding.config(try c.next()),
                createdAt: try c.date(), finishedAt: try c.optionalDate())
        return StoredSession(
            id: id, projectId: projectId, projectName: projectName, workflowName: workflowName, sessionUUID: uuid,
            sessionTime: sessionTime, lastAttempt: last)
    }
}
