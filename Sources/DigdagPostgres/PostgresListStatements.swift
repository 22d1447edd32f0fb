import DigdagStorage
import Foundation
import PostgresNIO

/// The list pages every console view and `digdag sessions` ask for, as named prepared
/// statements: planning the joins cost about as much as running them (~0.8 ms of a 2 ms page).
enum PostgresListStatements {
    /// Sessions of every project newest first, below an id (`Int64.max` for the first page). The
    /// page's sessions are picked first, walking the primary key backwards, and only they are
    /// joined: the cost does not grow with the number of sessions stored.
    struct Sessions: PostgresPreparedStatement {
        static let name = "digdag_list_sessions"
        static let sql = StorageSQL.sessionSelect.replacingOccurrences(
            of: "FROM sessions s",
            with: """
                FROM (SELECT * FROM sessions WHERE id < $2 AND project_id IN (SELECT id FROM projects WHERE site_id = $1)
                  ORDER BY id DESC LIMIT $3) s
                """) + " ORDER BY s.id DESC"
        typealias Row = StoredSession

        var beforeId: Int64
        var limit: Int

        func makeBindings() -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 3)
            bindings.append(StorageCoding.siteId)
            bindings.append(beforeId)
            bindings.append(limit)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try PostgresRows.session(row) }
    }
}
