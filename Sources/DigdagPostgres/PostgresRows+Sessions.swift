import DigdagCore
import DigdagStorage
import Foundation
import PostgresNIO

/// Attempt and session rows (`StorageSQL.attemptColumns`, `sessionSelect`), decoded straight
/// from the row's bytes in one pass: the list pages decode thousands of these cells per second,
/// and a `PostgresCell` array per row (column names included) cost as much as the values.
extension PostgresRows {
    /// The 15 attempt columns, as PostgreSQL sends them.
    typealias AttemptColumns = (
        Int64, Int, Int64, UUID, Int, String, String, Int64?, Int64, String, String, Int, String, PostgresInstant,
        PostgresInstant?
    )

    /// An attempt row.
    static func attempt(_ row: PostgresRow) throws -> StoredAttempt {
        try attempt(try row.decode(AttemptColumns.self))
    }

    static func attempt(_ c: AttemptColumns) throws(StoreError) -> StoredAttempt {
        StoredAttempt(
            id: c.0, index: c.1, sessionId: c.2, sessionUUID: c.3, projectId: c.4, projectName: c.5, workflowName: c.6,
            workflowDefinitionId: c.7, sessionTime: c.8, timeZone: c.9,
            retryAttemptName: StorageCoding.retryAttemptName(c.10), flags: AttemptFlags(rawValue: c.11),
            params: try StorageCoding.config(c.12), createdAt: c.13.date, finishedAt: c.14?.date)
    }

    /// A session row: its 6 columns, then its newest attempt's 15 (all NULL when it has none).
    static func session(_ row: PostgresRow) throws -> StoredSession {
        let c = try row.decode(
            (Int64, Int, String, String, UUID, Int64, Int64?, Int?, Int64?, UUID?, Int?, String?, String?, Int64?,
             Int64?, String?, String?, Int?, String?, PostgresInstant?, PostgresInstant?).self)
        var last: StoredAttempt?
        if let id = c.6, let index = c.7, let sessionId = c.8, let uuid = c.9, let projectId = c.10,
            let projectName = c.11, let workflowName = c.12, let sessionTime = c.14, let timeZone = c.15,
            let name = c.16, let flags = c.17, let params = c.18, let createdAt = c.19
        {
            last = try attempt(
                (id, index, sessionId, uuid, projectId, projectName, workflowName, c.13, sessionTime, timeZone, name,
                 flags, params, createdAt, c.20))
        }
        return StoredSession(
            id: c.0, projectId: c.1, projectName: c.2, workflowName: c.3, sessionUUID: c.4, sessionTime: c.5,
            lastAttempt: last)
    }
}
