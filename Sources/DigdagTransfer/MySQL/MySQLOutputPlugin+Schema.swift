extension MySQLOutputPlugin {
    /// The target table's columns (name, lowercase type), or nil when it does not exist.
    func describe(_ name: String) throws -> [(name: String, type: String)]? {
        let rows = try connection.rows("""
            SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = \(MySQLText.quoted(name)) ORDER BY ORDINAL_POSITION
            """)
        guard !rows.isEmpty else { return nil }
        return rows.map { (name: $0[0] ?? "", type: ($0[1] ?? "").lowercased()) }
    }

    /// The table's unique keys (primary key included), each as its column list.
    func uniqueKeys(of name: String) throws -> [[String]] {
        let rows = try connection.rows("""
            SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = \(MySQLText.quoted(name)) AND NON_UNIQUE = 0
            ORDER BY INDEX_NAME, SEQ_IN_INDEX
            """)
        var keys: [String: [String]] = [:]
        var order: [String] = []
        for row in rows {
            let index = row[0] ?? "", column = row[1] ?? ""
            if keys[index] == nil { order.append(index) }
            keys[index, default: []].append(column)
        }
        return order.map { keys[$0]! }
    }

    /// Input columns matched by name (case-insensitively) to the target's columns; input
    /// columns the target lacks are skipped with a warning, as embulk-output-jdbc does.
    func targetColumns(schema: Schema, existing: [(name: String, type: String)]?, log: TransferLog) throws -> [TargetColumn] {
        var result: [TargetColumn] = []
        for (index, column) in schema.columns.enumerated() {
            let options = columnOptions[column.name]
            let name: String
            let sqlType: String
            if let existing {
                guard let match = existing.first(where: { $0.name.lowercased() == column.name.lowercased() }) else {
                    log.warn("Column '\(column.name)' is not in table '\(table)'; its values are not written")
                    continue
                }
                name = match.name
                sqlType = match.type
            } else {
                name = column.name
                sqlType = try options?.optionalString("type") ?? Self.ddlType(column.type)
            }
            let valueType = try options?.optionalString("value_type")
            let asString = valueType == "string" || valueType == "nstring"
            let zone = try options?.optionalString("timezone").map(TransferTimeZone.init) ?? defaultZone
            let pattern: String
            if asString {
                pattern = try options?.optionalString("timestamp_format") ?? "%Y-%m-%d %H:%M:%S.%6N"
            } else if valueType == "date" || sqlType.hasPrefix("date") && !sqlType.hasPrefix("datetime") {
                pattern = "%Y-%m-%d"
            } else if valueType == "time" || sqlType.hasPrefix("time") && !sqlType.hasPrefix("timestamp") {
                pattern = "%H:%M:%S.%6N"
            } else {
                pattern = "%Y-%m-%d %H:%M:%S.%6N"
            }
            result.append(TargetColumn(
                index: index, name: name, sqlType: sqlType, timestampFormat: TimestampFormat(pattern, zone: zone),
                timestampAsString: asString, booleanAsString: asString))
        }
        return result
    }

    /// embulk-output-mysql's column types for new tables.
    static func ddlType(_ type: ColumnType) -> String {
        switch type {
        case .boolean: "BOOLEAN"
        case .long: "BIGINT"
        case .double: "DOUBLE PRECISION"
        case .string, .json: "TEXT"
        case .timestamp: "DATETIME(6)"
        }
    }

    /// `CREATE TABLE` for a table that does not exist yet, from the input schema.
    func createTableSQL(_ name: String, schema: Schema, ifNotExists: Bool = false) throws -> String {
        var parts = try schema.columns.map { column in
            "\(q(column.name)) \(try columnOptions[column.name]?.optionalString("type") ?? Self.ddlType(column.type))"
        }
        if let constraint = try config.optionalString("create_table_constraint") { parts.append(constraint) }
        var sql = "CREATE TABLE \(ifNotExists ? "IF NOT EXISTS " : "")\(q(name)) (\(parts.joined(separator: ", ")))"
        if let option = try config.optionalString("create_table_option") { sql += " " + option }
        return sql
    }
}
