extension MySQLOutputPlugin {
    func commit(log: TransferLog) throws -> Int {
        let names = columns.map { q($0.name) }.joined(separator: ", ")
        let copy = "INSERT INTO \(q(table)) (\(names)) SELECT \(names) FROM \(q(writeTable))"
        switch mode {
        case .insertDirect, .mergeDirect:
            break
        case .insert where loadedIntoTarget, .truncateInsert where loadedIntoTarget:
            break
        case .insert:
            try connection.execute(copy)
        case .truncateInsert:
            try transaction {
                try connection.execute("DELETE FROM \(q(table))")
                try connection.execute(copy)
            }
        case .merge:
            try merge(copy: copy, log: log)
        case .replace:
            if targetExisted {
                let old = "\(table)_\(String(UInt32.random(in: 0...UInt32.max), radix: 16))_bl_old"
                try connection.execute("RENAME TABLE \(q(table)) TO \(q(old)), \(q(writeTable)) TO \(q(table))")
                intermediateCreated = false
                try connection.execute("DROP TABLE \(q(old))")
            } else {
                try connection.execute("RENAME TABLE \(q(writeTable)) TO \(q(table))")
                intermediateCreated = false
            }
        }
        dropIntermediate(log: log)
        for statement in try config.strings("after_load") { try connection.execute(statement) }
        log.info("Committed \(written) rows to \(table) (mode \(mode.rawValue))")
        return written
    }

    /// merge: with `merge_keys` that are not exactly a unique key, matching rows are deleted and
    /// the new ones inserted in one transaction; otherwise `ON DUPLICATE KEY UPDATE`.
    private func merge(copy: String, log: TransferLog) throws {
        let keys = mergeKeys.map { key in columns.first { $0.name.lowercased() == key.lowercased() }?.name ?? key }
        for key in keys where !columns.contains(where: { $0.name == key }) {
            throw TransferError.config("merge_keys: column '\(key)' is not written to table '\(table)'")
        }
        let keySet = Set(keys.map { $0.lowercased() })
        let uniqueMatch = uniqueKeys.contains { Set($0.map { $0.lowercased() }) == keySet }
        if keys.isEmpty || uniqueMatch {
            if keys.isEmpty && uniqueKeys.isEmpty && targetExisted {
                log.warn("merge: table '\(table)' has no primary or unique key, so rows are only inserted; set merge_keys")
            }
            let rule = mergeRule.isEmpty
                ? columns.filter { !keySet.contains($0.name.lowercased()) }.map { "\(q($0.name)) = VALUES(\(q($0.name)))" }
                : mergeRule
            var sql = copy
            if !rule.isEmpty { sql += " ON DUPLICATE KEY UPDATE " + rule.joined(separator: ", ") }
            try connection.execute(sql)
            return
        }
        let match = keys.map { "t.\(q($0)) <=> s.\(q($0))" }.joined(separator: " AND ")
        try transaction {
            try connection.execute("DELETE t FROM \(q(table)) t JOIN \(q(writeTable)) s ON \(match)")
            try connection.execute(copy)
        }
    }

    private func transaction(_ body: () throws -> Void) throws {
        try connection.execute("START TRANSACTION")
        do {
            try body()
            try connection.execute("COMMIT")
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }

    private func dropIntermediate(log: TransferLog) {
        guard intermediateCreated, let connection else { return }
        if (try? connection.execute("DROP TABLE IF EXISTS \(q(writeTable))")) != nil {
            intermediateCreated = false
        } else {
            log.warn("Could not drop intermediate table \(writeTable)")
        }
    }

    func abort(log: TransferLog) {
        abortLoad()
        _ = try? writer?.drain()
        dropIntermediate(log: log)
    }
}
