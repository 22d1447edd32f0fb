extension PostgresOutputPlugin {
    func commit(log: TransferLog) throws -> Int {
        let names = columns.map { q($0.name) }.joined(separator: ", ")
        let copy = "INSERT INTO \(q(table)) (\(names)) SELECT \(names) FROM \(q(writeTable))"
        switch mode {
        case .insertDirect, .mergeDirect: break
        case .insert: try session.execute(copy)
        case .truncateInsert: try session.execute("BEGIN; DELETE FROM \(q(table)); \(copy); COMMIT")
        case .replace:
            let drop = targetExisted ? "DROP TABLE \(q(table)); " : ""
            try session.execute("BEGIN; \(drop)ALTER TABLE \(q(writeTable)) RENAME TO \(q(table)); COMMIT")
            intermediateCreated = false
        case .merge:
            let keys = mergeKeys.isEmpty ? try primaryKey() : mergeKeys
            guard !keys.isEmpty else {
                throw TransferError.config("merge mode needs merge_keys (table '\(table)' has no primary key)")
            }
            let updates = columns.filter { !keys.contains($0.name) }.map { "\(q($0.name)) = EXCLUDED.\(q($0.name))" }
            if try hasUniqueIndex(on: keys) {
                let action = updates.isEmpty ? "DO NOTHING" : "DO UPDATE SET " + updates.joined(separator: ", ")
                try session.execute("\(copy) ON CONFLICT (\(keys.map(q).joined(separator: ", "))) \(action)")
            } else {
                let match = keys.map { "t.\(q($0)) IS NOT DISTINCT FROM s.\(q($0))" }.joined(separator: " AND ")
                try session.execute("BEGIN; DELETE FROM \(q(table)) t USING \(q(writeTable)) s WHERE \(match); \(copy); COMMIT")
            }
        }
        dropIntermediate(log: log)
        log.info("Committed \(written) rows to \(table) (mode \(mode.rawValue))")
        return written
    }

    private func primaryKey() throws -> [String] {
        try session.rows("""
            SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = to_regclass(\(PostgresSession.literal(q(schemaName) + "." + q(table)))) AND i.indisprimary
            """).compactMap { $0.first ?? nil }
    }

    private func hasUniqueIndex(on keys: [String]) throws -> Bool {
        let rows = try session.rows("""
            SELECT i.indexrelid::text, a.attname FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = to_regclass(\(PostgresSession.literal(q(schemaName) + "." + q(table)))) AND i.indisunique
            """)
        var indexes: [String: Set<String>] = [:]
        for row in rows { indexes[row[0] ?? "", default: []].insert(row[1] ?? "") }
        return indexes.values.contains(Set(keys))
    }

    private func dropIntermediate(log: TransferLog) {
        guard intermediateCreated, let session else { return }
        if (try? session.execute("DROP TABLE IF EXISTS \(q(writeTable))")) != nil {
            intermediateCreated = false
        } else {
            log.warn("Could not drop intermediate table \(writeTable)")
        }
    }

    func abort(log: TransferLog) {
        _ = try? session?.execute("ROLLBACK")
        dropIntermediate(log: log)
    }
}
