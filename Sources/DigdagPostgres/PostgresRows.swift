import DigdagCore
import DigdagStorage
import Foundation
import PostgresNIO

/// Row decoding of the PostgreSQL store (positional, matching the column lists of `StorageSQL`).
enum PostgresRows {
    /// One result row with positional, typed access.
    struct Row {
        let cells: [PostgresCell]

        init(_ row: PostgresRow) { cells = Array(row) }

        /// The value of column `index`.
        func get<T: PostgresDecodable>(_ index: Int, as type: T.Type = T.self) throws(StoreError) -> T {
            do {
                return try cells[index].decode(T.self)
            } catch {
                throw StoreError(.database, "Cannot decode column \(cells[index].columnName)", cause: error)
            }
        }

        /// The instant of a `timestamptz` column.
        func date(_ index: Int) throws(StoreError) -> Date { try get(index, as: PostgresInstant.self).date }

        /// The instant of a nullable `timestamptz` column.
        func optionalDate(_ index: Int) throws(StoreError) -> Date? { try get(index, as: PostgresInstant?.self)?.date }

        /// The config of a JSON text column.
        func config(_ index: Int) throws(StoreError) -> Config { try StorageCoding.config(get(index, as: String.self)) }

        /// True when column `index` is NULL.
        func isNull(_ index: Int) -> Bool { cells[index].bytes == nil }
    }

    static func revision(_ row: Row, at s: Int) throws(StoreError) -> StoredRevision? {
        guard !row.isNull(s) else { return nil }
        return StoredRevision(
            id: try row.get(s), projectId: try row.get(s + 1), name: try row.get(s + 2),
            createdAt: try row.date(s + 3), archiveType: try row.get(s + 4),
            archiveMD5: try row.get(s + 5, as: Data?.self), defaultParams: try row.config(s + 6),
            userInfo: try row.config(s + 7))
    }

    static func project(_ row: Row) throws(StoreError) -> StoredProject {
        StoredProject(
            id: try row.get(0), name: try row.get(1), createdAt: try row.date(2), deletedAt: try row.optionalDate(3),
            latestRevision: try revision(row, at: 4))
    }

    static func workflow(_ row: Row) throws(StoreError) -> StoredWorkflow {
        StoredWorkflow(
            id: try row.get(0), name: try row.get(1), projectId: try row.get(2), projectName: try row.get(3),
            revisionId: try row.get(4), revisionName: try row.get(5), timeZone: try row.get(6),
            config: try row.config(7))
    }

    static func task(_ row: Row) throws(StoreError) -> StoredTask {
        let task = try TaskCoding.task(
            localId: try row.get(1), parentLocalId: try row.get(2, as: Int64?.self), fullName: try row.get(3),
            stateCode: try row.get(4), flags: try row.get(5), isGroup: try row.get(6), retryCount: try row.get(7),
            retryAt: try row.get(8, as: PostgresInstant?.self)?.millis,
            startedAt: try row.get(9, as: PostgresInstant?.self)?.millis,
            updatedAt: try row.get(10, as: PostgresInstant?.self)?.millis,
            details: try row.get(11), stateDetails: try row.get(12))
        return StoredTask(rowId: try row.get(0), task: task)
    }

    static func schedule(_ row: Row) throws(StoreError) -> StoredSchedule {
        StoredSchedule(
            id: try row.get(0), projectId: try row.get(1), projectName: try row.get(2), workflowName: try row.get(3),
            workflowDefinitionId: try row.get(4), timeZone: try row.get(5), workflowConfig: try row.config(6),
            nextRunTime: try row.get(7), nextScheduleTime: try row.get(8),
            lastSessionTime: try row.get(9, as: Int64?.self), createdAt: try row.date(10), updatedAt: try row.date(11),
            disabledAt: try row.optionalDate(12))
    }
}

/// Builds SQL text with `$n` placeholders and the matching bindings, for statements whose shape
/// depends on the input (optional filters, multi-row inserts). Values are only ever bound.
struct PostgresStatement {
    private(set) var sql: String
    private(set) var bindings = PostgresBindings()

    init(_ sql: String = "") { self.sql = sql }

    /// Appends SQL text (never a value).
    mutating func append(_ text: String) { sql += text }

    /// Appends a placeholder bound to `value` (NULL when nil).
    mutating func bind<Value: PostgresThrowingDynamicTypeEncodable>(_ value: Value?) throws {
        try bindings.append(value)
        sql += "$\(bindings.count)"
    }

    /// Appends a parenthesized row of placeholders for the values `bind` appends.
    mutating func row(_ bind: (inout PostgresBindings) throws -> Void) rethrows {
        let start = bindings.count
        try bind(&bindings)
        sql += "(" + (start + 1 ... bindings.count).map { "$\($0)" }.joined(separator: ", ") + ")"
    }

    /// The query to run.
    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: bindings) }
}
