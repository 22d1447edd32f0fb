import DigdagCore
import DigdagStorage
import Foundation
import PostgresNIO

/// The statements of an attempt's start, as named prepared statements.
enum PostgresAttemptStatements {
    /// Stores a new attempt, its session and its tasks and reads the attempt back with
    /// `digdag_start_attempt` (one round trip); the row is whether it was created (false: the
    /// session already has an attempt of that name, which it is), then the attempt.
    struct StartAttempt: PostgresPreparedStatement {
        static let name = "digdag_start_attempt"
        static let sql = """
            SELECT * FROM digdag_start_attempt($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
              $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)
            """
        typealias Row = (created: Bool, attempt: StoredAttempt)

        let attempt: NewAttempt

        func makeBindings() -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 26)
            bindings.append(Int64(attempt.projectId))
            bindings.append(attempt.workflowName)
            bindings.append(attempt.sessionTime)
            bindings.append(UUID())
            bindings.append(StorageCoding.attemptName(attempt.retryAttemptName))
            bindings.append(Int32(StorageCoding.siteId))
            bindings.append(attempt.workflowDefinitionId)
            bindings.append(attempt.timeZone)
            bindings.append(StorageCoding.text(attempt.params))
            bindings.append(StorageCoding.millis(attempt.createdAt))
            bindings.append(attempt.owner)
            bindings.append(PostgresTaskStatements.millis(attempt.leaseUntil))
            bindings.append(attempt.resumedResults.isEmpty ? nil : TaskCoding.resumedResults(attempt.resumedResults))
            PostgresTaskStatements.TaskColumns(attempt.tasks).bind(into: &bindings)
            bindings.append(attempt.waitsForSessionId)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row {
            var columns = PostgresRows.Reader(row)
            let created: Bool = try columns.next()
            return (created, try PostgresRows.attempt(&columns))
        }
    }

    /// One attempt by id (`StorageSQL.attemptSelect`): asked for by every status poll.
    struct AttemptById: PostgresPreparedStatement {
        static let name = "digdag_attempt_by_id"
        static let sql = StorageSQL.attemptSelect + " WHERE a.id = $1"
        typealias Row = StoredAttempt

        let id: Int64

        func makeBindings() -> PostgresBindings { .id(id) }

        func decodeRow(_ row: PostgresRow) throws -> Row { try PostgresRows.attempt(row) }
    }

    /// The checks of `PUT /api/attempts` in one query (`StorageSQL.attemptStartSelect`).
    struct StartFacts: PostgresPreparedStatement {
        static let name = "digdag_attempt_start_facts"
        static let sql = StorageSQL.attemptStartSelect + " WHERE wd.id = $1"
        typealias Row = AttemptStartFacts

        let workflowId: Int64

        func makeBindings() -> PostgresBindings { .id(workflowId) }

        func decodeRow(_ row: PostgresRow) throws -> Row {
            let cells = PostgresRows.Row(row)
            return AttemptStartFacts(
                workflow: try PostgresRows.workflow(cells), projectDeletedAt: try cells.optionalDate(8),
                activeAttempts: try cells.get(9))
        }
    }
}

extension PostgresBindings {
    /// The one parameter of a statement that looks a row up by id.
    static func id(_ id: Int64) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(id)
        return bindings
    }
}
