/// Runs a statement exactly once per query id (Digdag's `AbstractPersistentTransactionHelper`):
/// the status row of the id is locked inside a transaction; a completed row skips the
/// statement, otherwise the statement runs and the row is marked completed in the same commit.
enum StrictTransaction {
    /// Runs `action` unless the status table says `queryId` already completed.
    /// Returns false when it was skipped. Throws `.lockConflict` when another session holds the row.
    static func run(
        _ table: any StatusTable, queryId: String, action: () async throws(DatabaseError) -> Void
    ) async throws(DatabaseError) -> Bool {
        while true {
            try await table.begin()
            switch try await table.lockRow(queryId) {
            case .lockedCompleted:
                try await table.rollback()
                return false
            case .lockedNotCompleted:
                try await action()
                try await table.completeRowAndCommit(queryId)
                return true
            case .notExists:
                try await table.insertRowAndCommit(queryId)
            }
        }
    }
}
