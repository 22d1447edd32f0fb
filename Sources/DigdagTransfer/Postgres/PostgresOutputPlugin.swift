import DigdagCore
import Foundation

/// `out: {type: postgresql}`: multi-row INSERTs, through an intermediate table for the
/// transactional modes; PostgreSQL's transactional DDL makes replace atomic too.
final class PostgresOutputPlugin: OutputPlugin {
    let config: PluginConfig
    let settings: ConnectionSettings
    let schemaName: String
    let table: String
    let mode: OutputMode
    let mergeKeys: [String]
    let columnOptions: [String: PluginConfig]
    let defaultZone: TransferTimeZone
    var session: PostgresSession!
    var columns: [TargetColumn] = []
    var writeTable = ""
    var intermediateCreated = false
    var targetExisted = false
    private var head = ""
    private var buffer = ""
    private var rowsInBuffer = 0
    var written = 0

    init(_ config: PluginConfig) throws {
        self.config = config
        var values = config.values
        if values["port"] == nil { values["port"] = .int(5432) }
        settings = try ConnectionSettings(PluginConfig(values, path: config.path), role: "out")
        schemaName = try config.string("schema", default: "public")
        table = try config.string("table")
        mode = try OutputMode(config.string("mode", default: "insert"))
        if mode == .mergeDirect {
            throw TransferError.config("mode merge_direct is not built in for postgresql; use merge (in out:)")
        }
        mergeKeys = try config.strings("merge_keys")
        columnOptions = try config.columnOptions()
        defaultZone = try TransferTimeZone(config.string("default_timezone", default: "UTC"))
    }

    func q(_ name: String) -> String { PostgresSession.quote(name) }

    func begin(schema: Schema, log: TransferLog) throws {
        for name in columnOptions.keys where schema.index(of: name) == nil {
            throw TransferError.config("Column '\(name)' is not found (in out.column_options:)")
        }
        session = try PostgresSession.connect(settings, schema: schemaName)
        log.info("Connected to PostgreSQL \(settings.address) as \(settings.user) (out)")
        log.info("Using \(mode.rawValue) mode")
        let existing = try session.rows("""
            SELECT column_name, data_type FROM information_schema.columns
            WHERE table_schema = \(PostgresSession.literal(schemaName)) AND table_name = \(PostgresSession.literal(table))
            ORDER BY ordinal_position
            """).map { (name: $0[0] ?? "", type: ($0[1] ?? "").lowercased()) }
        targetExisted = !existing.isEmpty
        columns = try targetColumns(schema: schema, existing: targetExisted ? existing : nil, log: log)
        if mode.usesIntermediateTable {
            writeTable = "\(table)_\(String(UInt32.random(in: 0...UInt32.max), radix: 16))_bl_tmp"
            try session.execute(createTableSQL(writeTable, schema: schema, existing: targetExisted ? existing : nil))
            intermediateCreated = true
            if !targetExisted && mode != .replace {
                try session.execute(createTableSQL(table, schema: schema, existing: nil, ifNotExists: true))
            }
            log.info("Created intermediate table \(writeTable)")
        } else {
            writeTable = table
            if !targetExisted { try session.execute(createTableSQL(table, schema: schema, existing: nil, ifNotExists: true)) }
        }
        head = "INSERT INTO \(q(writeTable)) (\(columns.map { q($0.name) }.joined(separator: ", "))) VALUES "
        buffer = head
    }

    func targetColumns(schema: Schema, existing: [(name: String, type: String)]?, log: TransferLog) throws -> [TargetColumn] {
        var result: [TargetColumn] = []
        for (index, column) in schema.columns.enumerated() {
            let options = columnOptions[column.name]
            var sqlType = try options?.optionalString("type") ?? Self.ddlType(column.type)
            if let existing {
                guard let match = existing.first(where: { $0.name == column.name }) else {
                    log.warn("Column '\(column.name)' is not in table '\(table)'; its values are not written")
                    continue
                }
                sqlType = match.type
            }
            let valueType = try options?.optionalString("value_type")
            let asString = valueType == "string" || valueType == "nstring"
            let zone = try options?.optionalString("timezone").map(TransferTimeZone.init) ?? defaultZone
            let pattern = asString
                ? try options?.optionalString("timestamp_format") ?? "%Y-%m-%d %H:%M:%S.%6N"
                : (sqlType == "date" ? "%Y-%m-%d" : "%Y-%m-%d %H:%M:%S.%6N%:z")
            result.append(TargetColumn(
                index: index, name: column.name, sqlType: sqlType, timestampFormat: TimestampFormat(pattern, zone: zone),
                timestampAsString: asString, booleanAsString: asString))
        }
        return result
    }

    static func ddlType(_ type: ColumnType) -> String {
        switch type {
        case .boolean: "BOOLEAN"
        case .long: "BIGINT"
        case .double: "DOUBLE PRECISION"
        case .string: "TEXT"
        case .json: "JSON"
        case .timestamp: "TIMESTAMP WITH TIME ZONE"
        }
    }

    func createTableSQL(_ name: String, schema: Schema, existing: [(name: String, type: String)]?, ifNotExists: Bool = false) throws -> String {
        let parts = try schema.columns.map { column in
            let option = try columnOptions[column.name]?.optionalString("type")
            let type = existing?.first { $0.name == column.name }?.type ?? option ?? Self.ddlType(column.type)
            return "\(q(column.name)) \(type)"
        }
        return "CREATE TABLE \(ifNotExists ? "IF NOT EXISTS " : "")\(q(name)) (\(parts.joined(separator: ", ")))"
    }

    func add(_ record: [TransferValue]) throws {
        buffer += rowsInBuffer > 0 ? ",(" : "("
        for (position, column) in columns.enumerated() {
            if position > 0 { buffer += "," }
            switch record[column.index] {
            case .null: buffer += "NULL"
            case .long(let number): buffer += String(number)
            case .double(let number): buffer += number.isFinite ? String(number) : "'\(number.isNaN ? "NaN" : number > 0 ? "Infinity" : "-Infinity")'"
            case .boolean(let flag): buffer += column.booleanAsString ? (flag ? "'true'" : "'false'") : (flag ? "TRUE" : "FALSE")
            case .string(let text), .json(let text): buffer += PostgresSession.literal(text)
            case .timestamp(let instant): buffer += PostgresSession.literal(column.timestampFormat.format(instant))
            }
        }
        buffer += ")"
        rowsInBuffer += 1
        if buffer.utf8.count > 1 << 20 { try flush() }
    }

    private func flush() throws {
        guard rowsInBuffer > 0 else { return }
        try session.execute(buffer)
        written += rowsInBuffer
        rowsInBuffer = 0
        buffer = head
    }

    func finish(log: TransferLog) throws {
        try flush()
        log.info("Loaded \(written) rows into \(writeTable)")
    }
}
