import DigdagStorage
import PostgresNIO

/// The list pages every console view and `digdag sessions` ask for, as named prepared
/// statements: planning the joins cost about as much as running them (~0.8 ms of a 2 ms page).
enum PostgresListStatements {
    /// Sessions of every project newest first, below an id (`Int64.max` for the first page).
    struct Sessions: PostgresPreparedStatement {
        static let name = "digdag_list_sessions"
        static let sql = StorageSQL.sessionSelect + " WHERE p.site_id = $1 AND s.id < $2 ORDER BY s.id DESC LIMIT $3"
        typealias Row = PostgresRows.Row

        var beforeId: Int64
        var limit: Int

        func makeBindings() -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 3)
            bindings.append(StorageCoding.siteId)
            bindings.append(beforeId)
            bindings.append(limit)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { PostgresRows.Row(row) }
    }
}
