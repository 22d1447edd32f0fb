import Testing

/// `mysql>` (beyond Digdag) against a temporary MariaDB server (skipped when MariaDB is absent).
@Suite(.enabled(if: TemporaryMariaDB.isAvailable, "MariaDB programs (mariadb-install-db, mariadbd) not found: mysql> tests skipped"))
struct MysqlOperatorTests {
    @Test func scriptRunsOnceUnderStrictTransaction() async throws { try await JdbcScenarios.scriptRunsOnceUnderStrictTransaction(.mysql) }
    @Test func nonStrictRunsWithoutStatusRow() async throws { try await JdbcScenarios.nonStrictRunsWithoutStatusRow(.mysql) }
    @Test func createTableAndInsertInto() async throws { try await JdbcScenarios.createTableAndInsertInto(.mysql) }
    @Test func downloadFileWritesDigdagCSV() async throws { try await JdbcScenarios.downloadFileWritesDigdagCSV(.mysql) }
    @Test func storeLastResults() async throws { try await JdbcScenarios.storeLastResults(.mysql) }
    @Test func storeLastResultsLimits() async throws { try await JdbcScenarios.storeLastResultsLimits(.mysql) }
    @Test func secretsTakePriority() async throws { try await JdbcScenarios.secretsTakePriority(.mysql) }
    @Test func wrongPasswordFailsWithoutLeakingIt() async throws { try await JdbcScenarios.wrongPasswordFailsWithoutLeakingIt(.mysql) }
    @Test func sqlErrorsFail() async throws { try await JdbcScenarios.sqlErrorsFail(.mysql) }
    @Test func readOnlyModesRejectWrites() async throws { try await JdbcScenarios.readOnlyModesRejectWrites(.mysql) }
    @Test func lockConflictPollsWithBackoff() async throws { try await JdbcScenarios.lockConflictPollsWithBackoff(.mysql) }
    @Test func statusTableSchemaAndCleanup() async throws { try await JdbcScenarios.statusTableSchemaAndCleanup(.mysql) }
    @Test func queryFileIsRendered() async throws { try await JdbcScenarios.queryFileIsRendered(.mysql) }
    @Test func nestedParamsAreDefaults() async throws { try await JdbcScenarios.nestedParamsAreDefaults(.mysql) }
}
