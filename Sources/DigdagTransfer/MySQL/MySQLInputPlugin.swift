import CMariaDB
import DigdagCore

/// `in: {type: mysql}`: reads a `query`, or `table` with `select`/`where`/`order_by`, streaming
/// rows with mysql_use_result; `incremental: true` reads only rows after `last_record`.
final class MySQLInputPlugin: InputPlugin {
    private let config: PluginConfig
    private let settings: ConnectionSettings
    private let defaultZone: TransferTimeZone
    private let columnOptions: [String: PluginConfig]
    private let incremental: Bool
    private var incrementalColumns: [String]
    private var connection: MySQLConnection?
    private var sql = ""
    private var lastRecord: [ConfigValue]?

    init(_ config: PluginConfig) throws {
        self.config = config
        settings = try ConnectionSettings(config, role: "in")
        defaultZone = try TransferTimeZone(config.string("default_timezone", default: "UTC"))
        columnOptions = try config.columnOptions()
        incremental = try config.bool("incremental", default: false)
        incrementalColumns = try config.strings("incremental_columns")
        if config["query"] != nil && config["table"] != nil {
            throw TransferError.config("Only one of 'table' or 'query' parameter is allowed (in in:)")
        }
        if config["query"] == nil && config["table"] == nil {
            throw TransferError.config("'table' or 'query' parameter is required (in in:)")
        }
        if incremental && config["query"] != nil {
            throw TransferError.config("incremental: true needs 'table' (with 'where' and 'select'), not 'query' (in in:)")
        }
    }

    func open(log: TransferLog) throws {
        let connection = try MySQLConnection.connect(settings)
        self.connection = connection
        let sql = try buildQuery(connection)
        log.info("SQL: \(sql)")
        self.sql = sql
    }

    private func buildQuery(_ connection: MySQLConnection) throws -> String {
        if let query = try config.optionalString("query") {
            var text = query
            while text.last == ";" || text.last == "\n" || text.last == " " { text.removeLast() }
            return text
        }
        let table = try config.string("table")
        let select = try config.string("select", default: "*")
        var conditions: [String] = []
        if let condition = try config.optionalString("where") { conditions.append("(\(condition))") }
        var order = try config.optionalString("order_by")
        if incremental {
            if incrementalColumns.isEmpty {
                let keys = try connection.rows(
                    "SHOW KEYS FROM \(MySQLConnection.quote(table)) WHERE Key_name = 'PRIMARY'")
                incrementalColumns = keys.compactMap { $0.count > 4 ? $0[4] : nil }
                if incrementalColumns.isEmpty {
                    throw TransferError.config(
                        "incremental: true needs incremental_columns, or a primary key on table '\(table)'")
                }
            }
            let quoted = incrementalColumns.map(MySQLConnection.quote)
            if let last = config["last_record"]?.arrayValue {
                guard last.count == quoted.count else {
                    throw TransferError.config("last_record must have \(quoted.count) values, like incremental_columns")
                }
                var alternatives: [String] = []
                for index in quoted.indices {
                    var parts = (0..<index).map { "\(quoted[$0]) = \(Self.literal(last[$0]))" }
                    parts.append("\(quoted[index]) > \(Self.literal(last[index]))")
                    alternatives.append("(" + parts.joined(separator: " AND ") + ")")
                }
                conditions.append("(" + alternatives.joined(separator: " OR ") + ")")
            }
            order = quoted.joined(separator: ", ")
        }
        var sql = "SELECT \(select) FROM \(MySQLConnection.quote(table))"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        if let order { sql += " ORDER BY \(order)" }
        return sql
    }

    static func literal(_ value: ConfigValue) -> String {
        switch value {
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return b ? "1" : "0"
        case .null: return "NULL"
        default: return MySQLText.quoted(value.textValue)
        }
    }

    func read(log: TransferLog, begin: (Schema) throws -> any RecordSink) throws -> Int {
        guard let connection else { return 0 }
        var count = 0
        var readers: [MySQLValueReader] = []
        var record: [TransferValue] = []
        var sink: (any RecordSink)?
        var lastRaw: [String?] = []
        var tracked: [Int] = []
        try connection.query(sql) { fields in
            var columns: [Column] = []
            for field in fields {
                let name = String(cString: field.name)
                let reader = try MySQLValueReader(field: field, options: columnOptions[name], defaultZone: defaultZone)
                readers.append(reader)
                columns.append(Column(name: name, type: reader.type, format: reader.format?.pattern))
            }
            let schema = Schema(columns)
            if incremental {
                tracked = try incrementalColumns.map { name in
                    guard let index = schema.index(of: name) else {
                        throw TransferError.config("incremental_columns: column '\(name)' is not in the result")
                    }
                    return index
                }
            }
            record = [TransferValue](repeating: .null, count: columns.count)
            sink = try begin(schema)
        } row: { values, lengths, width in
            for index in 0..<width {
                if let pointer = values[index] {
                    let bytes = UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self)
                    record[index] = try readers[index].value(UnsafeBufferPointer(start: bytes, count: Int(lengths[index])))
                } else {
                    record[index] = .null
                }
            }
            try sink!.add(record)
            count += 1
            if !tracked.isEmpty {
                lastRaw = tracked.map { index in
                    values[index].map { pointer in
                        let bytes = UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self)
                        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(lengths[index])), as: UTF8.self)
                    }
                }
            }
        }
        if incremental, !lastRaw.isEmpty {
            lastRecord = zip(tracked, lastRaw).map { index, text in
                guard let text else { return .null }
                if readers[index].source == .long, let number = Int64(text) { return .int(number) }
                return .string(text)
            }
        }
        log.info("Fetched \(count) rows.")
        return count
    }

    func configDiff() -> Config {
        guard incremental else { return [:] }
        var diff: Config = [:]
        if let lastRecord {
            diff["last_record"] = .array(lastRecord)
        } else if let previous = config["last_record"] {
            diff["last_record"] = previous
        }
        return diff
    }

    func close() { connection = nil }
}
