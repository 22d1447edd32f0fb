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

    /// Tasks as the 12 column arrays `digdag_put_tasks` takes after the attempt ids.
    struct TaskColumns {
        var localIds: [Int64] = []
        var parentIds: [Int64] = []
        var fullNames: [String] = []
        var states: [Int64] = []
        var flags: [Int64] = []
        var isGroups: [Bool] = []
        var retryCounts: [Int64] = []
        var retryAts: [Int64] = []
        var startedAts: [Int64] = []
        var updatedAts: [Int64] = []
        var details: [String] = []
        var stateDetails: [String] = []

        init(_ tasks: [AttemptTask]) {
            for task in tasks {
                localIds.append(task.id)
                parentIds.append(task.parentId ?? Int64.min)
                fullNames.append(task.fullName)
                states.append(Int64(task.state.storageCode))
                flags.append(Int64(task.flags.rawValue))
                isGroups.append(task.isGroup)
                retryCounts.append(Int64(task.retryCount))
                retryAts.append(PostgresTaskStatements.millis(task.retryAt))
                startedAts.append(PostgresTaskStatements.millis(task.startedAt))
                updatedAts.append(PostgresTaskStatements.millis(task.updatedAt))
                details.append(TaskCoding.details(of: task))
                stateDetails.append(TaskCoding.stateDetails(of: task))
            }
        }

        /// Appends the 12 arrays in the functions' parameter order.
        func bind(into bindings: inout PostgresBindings) {
            bindings.append(localIds)
            bindings.append(parentIds)
            bindings.append(fullNames)
            bindings.append(states)
            bindings.append(flags)
            bindings.append(isGroups)
            bindings.append(retryCounts)
            bindings.append(retryAts)
            bindings.append(startedAts)
            bindings.append(updatedAts)
            bindings.append(details)
            bindings.append(stateDetails)
        }
    }

    /// A batch of attempts' state writes (`digdag_save_tasks`); the rows are the attempts whose
    /// lease was lost (nothing of theirs was written).
    struct SaveTasks: PostgresPreparedStatement {
        static let name = "digdag_save_tasks"
        static let sql = """
            SELECT * FROM digdag_save_tasks($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
              $17, $18, $19)
            """
        typealias Row = Int64

        var leaseIds: [Int64] = []
        var leaseOwners: [String] = []
        var leaseEpochs: [Int64] = []
        var attemptIds: [Int64] = []
        var tasks: TaskColumns
        var finishIds: [Int64] = []
        var finishFlags: [Int64] = []
        var finishTimes: [Int64] = []

        init(
            leases: [(attemptId: Int64, lease: AttemptLease)], rows: [(attemptId: Int64, task: AttemptTask)],
            finishes: [(attemptId: Int64, finish: AttemptFinish)]
        ) {
            for (attemptId, lease) in leases {
                leaseIds.append(attemptId)
                leaseOwners.append(lease.owner)
                leaseEpochs.append(lease.epoch)
            }
            attemptIds = rows.map(\.attemptId)
            tasks = TaskColumns(rows.map(\.task))
            for (attemptId, finish) in finishes {
                finishIds.append(attemptId)
                finishFlags.append(Int64(finish.flags.rawValue))
                finishTimes.append(StorageCoding.millis(finish.finishedAt))
            }
        }

        func makeBindings() -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 19)
            bindings.append(leaseIds)
            bindings.append(leaseOwners)
            bindings.append(leaseEpochs)
            bindings.append(attemptIds)
            tasks.bind(into: &bindings)
            bindings.append(finishIds)
            bindings.append(finishFlags)
            bindings.append(finishTimes)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Int64.self) }
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

    /// Log files as the 7 column arrays of `insertLogs`; of two files with one (attempt, file
    /// name) the later is kept (an upsert may touch a row only once).
    struct LogColumns {
        var attemptIds: [Int64] = []
        var taskNames: [String] = []
        var fileNames: [String] = []
        var fileTimes: [Int64] = []
        var agentIds: [String] = []
        var sizes: [Int64] = []
        var contents: [ByteBuffer] = []

        init(_ files: [(file: StoredLogFile, data: Data)]) {
            var seen: Set<String> = []
            for (file, data) in files.reversed() where seen.insert("\(file.attemptId)/\(file.fileName)").inserted {
                attemptIds.append(file.attemptId)
                taskNames.append(file.taskName)
                fileNames.append(file.fileName)
                fileTimes.append(StorageCoding.millis(file.fileTime))
                agentIds.append(file.agentId)
                sizes.append(Int64(data.count))
                contents.append(ByteBuffer(bytes: data))
            }
        }

        /// Appends the 7 arrays in `insertLogs`'s parameter order.
        func bind(into bindings: inout PostgresBindings) {
            bindings.append(attemptIds)
            bindings.append(taskNames)
            bindings.append(fileNames)
            bindings.append(fileTimes)
            bindings.append(agentIds)
            bindings.append(sizes)
            bindings.append(contents)
        }
    }

    /// The upsert of log files whose 7 column arrays are parameters `$first` to `$first + 6`.
    static func insertLogs(first: Int) -> String {
        let p = (first..<first + 7).map { "$\($0)" }
        return """
            INSERT INTO task_logs (attempt_id, task_name, file_name, file_time, agent_id, size, data)
            SELECT v.attempt_id, v.task_name, v.file_name, timestamptz 'epoch' + v.file_time * interval '1 millisecond',
              v.agent_id, v.size, v.data
            FROM unnest(\(p[0])::bigint[], \(p[1])::text[], \(p[2])::text[], \(p[3])::bigint[], \(p[4])::text[],
              \(p[5])::bigint[], \(p[6])::bytea[]) AS v (attempt_id, task_name, file_name, file_time, agent_id, size, data)
            ON CONFLICT (attempt_id, file_name) DO UPDATE SET task_name = EXCLUDED.task_name,
              file_time = EXCLUDED.file_time, agent_id = EXCLUDED.agent_id, size = EXCLUDED.size, data = EXCLUDED.data
            """
    }

    /// Stores several task log files in one statement (rows as arrays); a file name already
    /// stored is replaced.
    struct PutLogFiles: PostgresPreparedStatement {
        static let name = "digdag_put_log_files"
        static let sql = insertLogs(first: 1)
        typealias Row = ()

        var logs: LogColumns

        func makeBindings() -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 7)
            logs.bind(into: &bindings)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row {}
    }

    /// A group commit that also stores log files: `digdag_save_tasks` and the log upsert in one
    /// statement (a data-modifying `WITH`), so one transaction and one commit. The rows are the
    /// attempts whose lease was lost; their log files are stored all the same.
    struct SaveTasksAndLogs: PostgresPreparedStatement {
        static let name = "digdag_save_tasks_and_logs"
        static let sql = "WITH logs AS (\(insertLogs(first: 20)))\n" + SaveTasks.sql
        typealias Row = Int64

        var save: SaveTasks
        var logs: LogColumns

        func makeBindings() -> PostgresBindings {
            var bindings = save.makeBindings()
            logs.bind(into: &bindings)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Int64.self) }
    }
}
