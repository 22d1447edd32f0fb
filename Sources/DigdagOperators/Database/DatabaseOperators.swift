import DigdagOperatorKit

/// `pg>: query.sql`: runs a query on PostgreSQL (Digdag's `pg>`): plain, `create_table`,
/// `insert_into`, `download_file` or `store_last_results`, exactly once under `strict_transaction`.
public struct PgOperator: Operator {
    public let type = "pg"
    public var knownOptions: Set<String>? { ["host", "port", "database", "user", "ssl", "schema", "connect_timeout", "socket_timeout", "password_override", "create_table", "insert_into", "download_file", "store_last_results", "strict_transaction", "status_table", "status_table_schema", "status_table_cleanup", "query", "_retry", "pg"] }

    /// Creates the operator.
    public init() {}

    public func run(_ context: OperatorContext) async throws -> TaskResult {
        try await JdbcJob(driver: PostgresDriver()).run(context)
    }
}

/// `mysql>: query.sql`: the options and modes of `pg>` against MySQL or MariaDB, with secrets
/// `mysql.*` and port 3306. Beyond Digdag, which has no `mysql>` operator.
public struct MysqlOperator: Operator {
    public var knownOptions: Set<String>? { ["host", "port", "database", "user", "ssl", "schema", "connect_timeout", "socket_timeout", "password_override", "create_table", "insert_into", "download_file", "store_last_results", "strict_transaction", "status_table", "status_table_schema", "status_table_cleanup", "query", "_retry", "mysql"] }
    public let type = "mysql"

    /// Creates the operator.
    public init() {}

    public func run(_ context: OperatorContext) async throws -> TaskResult {
        try await JdbcJob(driver: MysqlDriver()).run(context)
    }
}
