import DigdagCore
import DigdagStorage
import Foundation
import PostgresNIO

/// The statements every task step runs, as named prepared statements: PostgreSQL parses and
/// plans each once per connection instead of once per call. Their SQL is fixed whatever the
/// batch size: rows travel as arrays (`unnest`), nullable instants as epoch milliseconds with
/// `Int64.min` for NULL (arrays with NULL elements do not bind).
enum PostgresTaskStatements {
    /// Epoch milliseconds of an optional instant; `Int64.min` stands for NULL.
    static func millis(_ date: Date?) -> Int64 { date.map(StorageCoding.millis) ?? Int64.min }

    /// The attempts whose lease still holds, locked against claims until the transaction ends.
    struct HeldLeases: PostgresPreparedStatement {
        static let name = "digdag_held_leases"
        static let sql = """
            SELECT a.id FROM session_attempts AS a
            JOIN unnest($1::bigint[], $2::text[], $3::bigint[]) AS l (id, owner, epoch)
              ON a.id = l.id AND a.lease_owner = l.owner AND a.lease_epoch = l.epoch
            FOR SHARE OF a
            """
        typealias Row = Int64

        var ids: [Int64]
        var owners: [String]
        var epochs: [Int64]

        func makeBindings() -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 3)
            bindings.append(ids)
            bindings.append(owners)
            bindings.append(epochs)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Int64.self) }
    }

    /// Updates the mutable columns of tasks of any attempts; returns the (attempt, local id)
    /// pairs it found (the others are new and get inserted).
    struct UpdateTasks: PostgresPreparedStatement {
        static let name = "digdag_update_tasks"
        static let sql = """
            UPDATE tasks AS t SET state = v.state, state_flags = v.state_flags, retry_count = v.retry_count,
              retry_at = CASE WHEN v.retry_at = -9223372036854775808 THEN NULL
                ELSE timestamptz 'epoch' + v.retry_at * interval '1 millisecond' END,
              started_at = CASE WHEN v.started_at = -9223372036854775808 THEN NULL
                ELSE timestamptz 'epoch' + v.started_at * interval '1 millisecond' END,
              updated_at = CASE WHEN v.updated_at = -9223372036854775808 THEN NULL
                ELSE timestamptz 'epoch' + v.updated_at * interval '1 millisecond' END,
              state_details = v.state_details
            FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[],
              $7::bigint[], $8::bigint[], $9::text[])
              AS v (attempt_id, local_id, state, state_flags, retry_count, retry_at, started_at, updated_at, state_details)
            WHERE t.attempt_id = v.attempt_id AND t.local_id = v.local_id
            RETURNING t.attempt_id, t.local_id
            """
        typealias Row = (Int64, Int64)

        var attemptIds: [Int64] = []
        var localIds: [Int64] = []
        var states: [Int64] = []
        var flags: [Int64] = []
        var retryCounts: [Int64] = []
        var retryAts: [Int64] = []
        var startedAts: [Int64] = []
        var updatedAts: [Int64] = []
        var details: [String] = []

        init(_ rows: some Collection<(attemptId: Int64, task: AttemptTask)>) {
            for (attemptId, task) in rows {
                attemptIds.append(attemptId)
                localIds.append(task.id)
                states.append(Int64(task.state.storageCode))
                flags.append(Int64(task.flags.rawValue))
                retryCounts.append(Int64(task.retryCount))
                retryAts.append(PostgresTaskStatements.millis(task.retryAt))
                startedAts.append(PostgresTaskStatements.millis(task.startedAt))
                updatedAts.append(PostgresTaskStatements.millis(task.updatedAt))
                details.append(TaskCoding.stateDetails(of: task))
            }
        }

        func makeBindings() -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 9)
            for column in [attemptIds, localIds, states, flags, retryCounts, retryAts, startedAts, updatedAts] {
                bindings.append(column)
            }
            bindings.append(details)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode((Int64, Int64).self) }
    }

    /// Stores one task log file; the same file name again replaces it.
    struct PutLogFile: PostgresPreparedStatement {
        static let name = "digdag_put_log_file"
        static let sql = """
            INSERT INTO task_logs (attempt_id, task_name, file_name, file_time, agent_id, size, data)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (attempt_id, file_name) DO UPDATE SET task_name = EXCLUDED.task_name,
              file_time = EXCLUDED.file_time, agent_id = EXCLUDED.agent_id, size = EXCLUDED.size, data = EXCLUDED.data
            """
        typealias Row = ()

        var file: StoredLogFile
        var data: Data

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 7)
            bindings.append(file.attemptId)
            bindings.append(file.taskName)
            bindings.append(file.fileName)
            bindings.append(file.fileTime.instant)
            bindings.append(file.agentId)
            bindings.append(Int64(data.count))
            try bindings.append(data)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row {}
    }

    /// Stores several task log files in one statement (rows as arrays); a file name already
    /// stored is replaced. The files must have distinct (attempt, file name) pairs.
    struct PutLogFiles: PostgresPreparedStatement {
        static let name = "digdag_put_log_files"
        static let sql = """
            INSERT INTO task_logs (attempt_id, task_name, file_name, file_time, agent_id, size, data)
            SELECT v.attempt_id, v.task_name, v.file_name, timestamptz 'epoch' + v.file_time * interval '1 millisecond',
              v.agent_id, v.size, v.data
            FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::bigint[], $7::bytea[])
              AS v (attempt_id, task_name, file_name, file_time, agent_id, size, data)
            ON CONFLICT (attempt_id, file_name) DO UPDATE SET task_name = EXCLUDED.task_name,
              file_time = EXCLUDED.file_time, agent_id = EXCLUDED.agent_id, size = EXCLUDED.size, data = EXCLUDED.data
            """
        typealias Row = ()

        var attemptIds: [Int64] = []
        var taskNames: [String] = []
        var fileNames: [String] = []
        var fileTimes: [Int64] = []
        var agentIds: [String] = []
        var sizes: [Int64] = []
        var contents: [ByteBuffer] = []

        init(_ files: [(file: StoredLogFile, data: Data)]) {
            for (file, data) in files {
                attemptIds.append(file.attemptId)
                taskNames.append(file.taskName)
                fileNames.append(file.fileName)
                fileTimes.append(StorageCoding.millis(file.fileTime))
                agentIds.append(file.agentId)
                sizes.append(Int64(data.count))
                contents.append(ByteBuffer(bytes: data))
            }
        }

        func makeBindings() -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 7)
            bindings.append(attemptIds)
            bindings.append(taskNames)
            bindings.append(fileNames)
            bindings.append(fileTimes)
            bindings.append(agentIds)
            bindings.append(sizes)
            bindings.append(contents)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row {}
    }
}
