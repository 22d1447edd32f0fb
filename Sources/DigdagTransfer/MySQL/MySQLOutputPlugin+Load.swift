/// The `LOAD DATA LOCAL INFILE` write path: rows become tab-separated lines (`\N` for NULL,
/// backslash escapes for tab, newline, carriage return, NUL and backslash) in the utf8mb4
/// character set, streamed to the server in one statement inside one transaction.
///
/// With LOCAL the server turns data errors and duplicate keys into warnings (it cannot stop the
/// client's stream), so warnings are checked afterwards: a duplicate key, or any warning under a
/// strict `sql_mode`, fails the transfer and rolls the statement back, as the INSERT would have.
extension MySQLOutputPlugin {
    /// Bytes per chunk handed to the writer.
    static let loadChunkBytes = 256 << 10

    /// insert and truncate_insert into an existing table of a transactional engine (InnoDB): the
    /// rows go straight into it, inside the load's one transaction (after `DELETE FROM` for
    /// truncate_insert), instead of into an intermediate table copied over at the end. Nothing is
    /// visible before the commit and a failure rolls everything back, as with the intermediate
    /// table, but the rows are written once instead of twice. Answers whether the load started.
    func loadStraightIntoTarget(log: TransferLog) throws -> Bool {
        guard mode == .insert || mode == .truncateInsert, targetExisted,
            try config.bool("load_data_local", default: true),
            let engine = try connection.rows(
                "SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = "
                    + MySQLText.quoted(table)).first?.first.flatMap({ $0 }),
            engine.lowercased() == "innodb"
        else { return false }
        writeTable = table
        guard try startLoad(log: log, first: mode == .truncateInsert ? "DELETE FROM \(q(table))" : nil) else {
            writeTable = ""
            return false
        }
        loadedIntoTarget = true
        log.info("\(table) is an InnoDB table: rows go straight into it in one transaction (no intermediate table)")
        return true
    }

    /// Starts the LOAD DATA statement unless the mode or the config rules it out or the server
    /// refuses local infile (then the batched INSERTs are used); answers whether it started.
    /// `first` runs inside the load's transaction, before it.
    func startLoad(log: TransferLog, first: String? = nil) throws -> Bool {
        guard mode != .mergeDirect, !localInfileRefused, try config.bool("load_data_local", default: true) else {
            return false
        }
        let sql = loadSQL()
        // A load of no rows first: a server with local_infile=OFF refuses it before any data is sent.
        let probe = MySQLLoadStream()
        probe.start(connection, sql: sql)
        do {
            _ = try probe.finish()
        } catch {
            log.warn("The server refuses LOAD DATA LOCAL INFILE (\(error)); writing with batched INSERTs instead")
            localInfileRefused = true
            return false
        }
        try connection.execute("START TRANSACTION")
        loadTransaction = true
        if let first {
            do {
                try connection.execute(first)
            } catch {
                abortLoad()
                throw error
            }
        }
        let stream = MySQLLoadStream()
        stream.start(connection, sql: sql)
        loader = stream
        loadFields = columns.map {
            LoadField(index: $0.index, booleanAsString: $0.booleanAsString, sqlDateTime: $0.timestampFormat.isSQLDateTime)
        }
        loadFormats = columns.map(\.timestampFormat)
        buffer.removeAll(keepingCapacity: true)
        buffer.reserveCapacity(Self.loadChunkBytes + (1 << 16))
        log.info("Writing rows with LOAD DATA LOCAL INFILE into \(writeTable)")
        return true
    }

    /// `LOAD DATA LOCAL INFILE ... (columns)`; BIT columns go through a variable and CAST, since
    /// the text `1` is not the bit 1.
    func loadSQL() -> String {
        var targets: [String] = []
        var sets: [String] = []
        for (position, column) in columns.enumerated() {
            if column.sqlType.hasPrefix("bit") {
                targets.append("@v\(position)")
                sets.append("\(q(column.name)) = CAST(@v\(position) AS UNSIGNED)")
            } else {
                targets.append(q(column.name))
            }
        }
        var sql = "LOAD DATA LOCAL INFILE 'digdag-transfer-rows' INTO TABLE \(q(writeTable)) CHARACTER SET utf8mb4"
            + " FIELDS TERMINATED BY '\\t' ENCLOSED BY '' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' STARTING BY ''"
            + " (\(targets.joined(separator: ", ")))"
        if !sets.isEmpty { sql += " SET " + sets.joined(separator: ", ") }
        return sql
    }

    /// Appends one record as a line and hands full chunks to the writer.
    func addLoadRow(_ record: [TransferValue]) throws {
        for position in loadFields.indices {
            if position > 0 { buffer.append(9) }
            let field = loadFields[position]
            switch record[field.index] {
            case .null: buffer.append(92); buffer.append(78)
            case .long(let number): MySQLText.appendInteger(number, to: &buffer)
            case .string(let text), .json(let text): MySQLText.appendLoadField(text, to: &buffer)
            case .boolean(let flag):
                if field.booleanAsString { MySQLText.append(flag ? "true" : "false", to: &buffer) }
                else { buffer.append(flag ? 49 : 48) }
            case .double(let number):
                if number.isFinite { MySQLText.appendDouble(number, to: &buffer) } else { buffer.append(92); buffer.append(78) }
            case .timestamp(let instant):
                if field.sqlDateTime {
                    loadFormats[position].appendDateTime(instant, to: &buffer)
                } else {
                    MySQLText.appendLoadField(loadFormats[position].format(instant), to: &buffer)
                }
            }
        }
        buffer.append(10)
        if buffer.count >= Self.loadChunkBytes { try loader!.push(&buffer) }
    }

    /// Sends the last chunk, ends the statement, checks its warnings and commits it.
    func finishLoad(log: TransferLog) throws {
        guard let loader else { return }
        do {
            if !buffer.isEmpty { try loader.push(&buffer) }
            let outcome = try loader.finish()
            try checkWarnings(outcome, log: log)
            try connection.execute("COMMIT")
            loadTransaction = false
            loaded = outcome.rows
        } catch {
            abortLoad()
            throw error
        }
        log.info("Loaded \(loaded) rows into \(writeTable)")
    }

    private func checkWarnings(_ outcome: MySQLLoadStream.Outcome, log: TransferLog) throws {
        guard outcome.warnings > 0 else { return }
        let warnings = try connection.rows("SHOW WARNINGS LIMIT 5")
        let mode = try connection.rows("SELECT @@SESSION.sql_mode").first?.first.flatMap { $0 } ?? ""
        let strict = mode.contains("STRICT_TRANS_TABLES") || mode.contains("STRICT_ALL_TABLES")
        let duplicate = warnings.contains { $0.count > 1 && $0[1] == "1062" }
        let text = warnings.map { row in
            "\(row.count > 2 ? row[2] ?? "" : "") (MySQL error \(row.count > 1 ? row[1] ?? "" : ""))"
        }.joined(separator: "; ")
        if strict || duplicate {
            throw TransferError(.data, "\(text) in LOAD DATA into \(writeTable) (\(outcome.info))")
        }
        log.warn("\(outcome.warnings) warnings while loading \(writeTable) (\(outcome.info)): \(text)")
    }

    /// Stops a running load and rolls its transaction back. Never throws.
    func abortLoad() {
        guard let loader else { return }
        loader.abort()
        if loadTransaction {
            _ = try? connection.execute("ROLLBACK")
            loadTransaction = false
        }
    }
}

/// How one column is written on the LOAD DATA path (plain values: no reference counting per cell).
struct LoadField {
    /// Index of the value in the record.
    var index: Int
    /// Booleans as `true`/`false` rather than 1/0.
    var booleanAsString: Bool
    /// Timestamps as `YYYY-MM-DD HH:MM:SS.ffffff` (else by the column's format).
    var sqlDateTime: Bool
}
