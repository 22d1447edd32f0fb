import DigdagCore
import DigdagOperatorKit
import Foundation

/// A database client the JDBC-style operators run on (PostgreSQL, MySQL).
package protocol DatabaseDriver: Sendable {
    /// The operator type, also the secret and param namespace: `pg`, `mysql`.
    var type: String { get }
    /// JDBC protocol name shown in the connection description.
    var protocolName: String { get }
    /// Port used when none is given.
    var defaultPort: Int { get }
    /// Opens a connection.
    func connect(_ settings: DatabaseSettings) async throws(DatabaseError) -> any DatabaseConnection
}

/// The shared body of `pg>` and `mysql>` (Digdag's `AbstractJdbcJobOperator`).
struct JdbcJob<Driver: DatabaseDriver> {
    let driver: Driver

    func run(_ context: OperatorContext) async throws -> TaskResult {
        let request = context.request
        var params = request.config
        params.mergeDefaults(request.config.nestedOrEmpty(driver.type))
        var state = request.lastStateParams
        let settings = try DatabaseSettings(
            type: driver.type, protocolName: driver.protocolName, defaultPort: driver.defaultPort,
            params: params, secrets: context.secrets)
        let strict = try StrictTransactionOptions(params: params)
        let query = try CommandText.load(context, params: params, aliasKey: "query")
        let mode = try JdbcJobMode(params: params)

        var queryId: String?
        if !mode.isReadOnly {
            guard let id = state["queryId"]?.stringValue else {
                // First execution: remember an id so that a retry after a crash finds its status row.
                state["queryId"] = .string(UUID().uuidString.lowercased())
                throw OperatorError.poll(afterSeconds: 0, stateParams: state)
            }
            queryId = id
        }

        do {
            let connection = try await driver.connect(settings)
            do {
                let result = try await execute(query, mode: mode, queryId: queryId, strict: strict,
                                               connection: connection, context: context)
                await connection.close()
                return result
            } catch {
                await connection.close()
                throw error
            }
        } catch let error as DatabaseError {
            switch error.kind {
            case .notReadOnly:
                throw OperatorError.config("Query must be read-only if download_file is set")
            case .lockConflict:
                let interval = state["pollInterval"].flatMap(ConfigCoercion.int) ?? 1
                state["pollInterval"] = .int(min(interval * 2, 1200))
                throw OperatorError.poll(afterSeconds: Int(interval), stateParams: state)
            case .failure:
                throw OperatorError.failed(error.description)
            }
        }
    }

    private func execute(
        _ query: String, mode: JdbcJobMode, queryId: String?, strict: StrictTransactionOptions?,
        connection: any DatabaseConnection, context: OperatorContext
    ) async throws -> TaskResult {
        switch mode {
        case .downloadFile(let fileName):
            let sink = CSVFileSink(url: try CommandText.resolve(fileName, in: context))
            try await connection.executeReadOnlyQuery(query, into: sink)
            try sink.finish()
            return .empty
        case .storeLastResults(let option):
            let sink = LastResultsSink(
                mode: option, limits: ResultLimits(type: driver.type, systemConfig: context.systemConfig))
            try await connection.executeReadOnlyQuery(query, into: sink)
            return TaskResult(storeParams: [driver.type: ["last_results": sink.lastResults]])
        case .script, .insertInto, .createTable:
            try await modify(query, mode: mode, queryId: queryId ?? "", strict: strict,
                             connection: connection, context: context)
            return .empty
        }
    }

    private func modify(
        _ query: String, mode: JdbcJobMode, queryId: String, strict: StrictTransactionOptions?,
        connection: any DatabaseConnection, context: OperatorContext
    ) async throws(DatabaseError) {
        let statement: String
        let isScript: Bool
        switch mode {
        case .insertInto(let table):
            statement = "INSERT INTO \(try table.quoted(connection.quoteIdentifier))\n\(query)"
            isScript = false
        case .createTable(let table):
            let name = try table.quoted(connection.quoteIdentifier)
            statement = "DROP TABLE IF EXISTS \(name); CREATE TABLE \(name) AS \n\(query)"
            isScript = false
        default:
            statement = query
            isScript = true
        }
        let action: () async throws(DatabaseError) -> Void = {
            if isScript {
                try await connection.executeScript(statement)
            } else {
                try await connection.executeUpdate(statement)
            }
        }
        guard let strict else {
            try await action()
            return
        }
        let table = connection.statusTable(strict.table, cleanupSeconds: strict.cleanupSeconds)
        try await table.prepare()
        let executed = try await StrictTransaction.run(table, queryId: queryId, action: action)
        if !executed {
            context.logger.log(.debug, "Query is already completed according to status table. Skipping statement execution.")
        }
        do {
            try await table.cleanup()
        } catch {
            context.logger.log(.warn, "Error during cleaning up status table. Ignoring. \(error)")
        }
    }
}
