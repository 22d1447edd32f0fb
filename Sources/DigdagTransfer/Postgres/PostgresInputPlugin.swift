import DigdagCore
import Foundation
import PostgresNIO

/// `in: {type: postgresql}`: a `query`, or `table` (in `schema`) with `select`/`where`/`order_by`,
/// streamed; `incremental: true` reads rows after `last_record` (table mode).
final class PostgresInputPlugin: InputPlugin {
    private let config: PluginConfig
    private let settings: ConnectionSettings
    private let schemaName: String
    private let defaultZone: TransferTimeZone
    private let columnOptions: [String: PluginConfig]
    private let incremental: Bool
    private let incrementalColumns: [String]
    private var session: PostgresSession?
    private var sql = ""
    private var lastRecord: [ConfigValue]?

    init(_ config: PluginConfig) throws {
        self.config = config
        var values = config.values
        if values["port"] == nil { values["port"] = .int(5432) }
        settings = try ConnectionSettings(PluginConfig(values, path: config.path), role: "in")
        schemaName = try config.string("schema", default: "public")
        defaultZone = try TransferTimeZone(config.string("default_timezone", default: "UTC"))
        columnOptions = try config.columnOptions()
        incremental = try config.bool("incremental", default: false)
        incrementalColumns = try config.strings("incremental_columns")
        if (config["query"] == nil) == (config["table"] == nil) {
            throw TransferError.config("Exactly one of 'table' or 'query' is required (in in:)")
        }
        if incremental && (config["query"] != nil || incrementalColumns.isEmpty) {
            throw TransferError.config("incremental: true needs 'table' and 'incremental_columns' (in in:)")
        }
    }

    func open(log: TransferLog) throws {
        session = try PostgresSession.connect(settings, schema: schemaName)
        if let query = try config.optionalString("query") {
            sql = query.trimmingCharacters(in: CharacterSet(charactersIn: "; \n"))
        } else {
            let table = try config.string("table")
            var conditions: [String] = []
            if let condition = try config.optionalString("where") { conditions.append("(\(condition))") }
            var order = try config.optionalString("order_by")
            if incremental {
                let quoted = incrementalColumns.map(PostgresSession.quote)
                if let last = config["last_record"]?.arrayValue, last.count == quoted.count {
                    let alternatives = quoted.indices.map { index in
                        "(" + ((0..<index).map { "\(quoted[$0]) = \(Self.literal(last[$0]))" }
                            + ["\(quoted[index]) > \(Self.literal(last[index]))"]).joined(separator: " AND ") + ")"
                    }
                    conditions.append("(" + alternatives.joined(separator: " OR ") + ")")
                }
                order = quoted.joined(separator: ", ")
            }
            sql = "SELECT \(try config.string("select", default: "*")) FROM \(PostgresSession.quote(table))"
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            if let order { sql += " ORDER BY \(order)" }
        }
        log.info("SQL: \(sql)")
    }

    static func literal(_ value: ConfigValue) -> String {
        switch value {
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): b ? "TRUE" : "FALSE"
        default: PostgresSession.literal(value.textValue)
        }
    }

    func read(log: TransferLog, begin: (Schema) throws -> any RecordSink) throws -> Int {
        guard let session else { return 0 }
        final class State: @unchecked Sendable {
            var begin: ((Schema) throws -> any RecordSink)?
            var count = 0
            var last: [ConfigValue]?
        }
        let state = State()
        try withoutActuallyEscaping(begin) { begin in
            state.begin = begin
            let sql = self.sql, connection = session.connection, logger = session.logger
            let options = columnOptions, zone = defaultZone, tracked = incrementalColumns, incremental = self.incremental
            do {
                try PostgresSession.blocking {
                    let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                    var readers: [PostgresValueReader] = []
                    var columns: [Column] = []
                    for column in rows.columns {
                        let reader = try PostgresValueReader(dataType: column.dataType, options: options[column.name], zone: zone)
                        readers.append(reader)
                        columns.append(Column(name: column.name, type: reader.type, format: reader.format.pattern))
                    }
                    let schema = Schema(columns)
                    let trackedIndexes = incremental ? tracked.compactMap(schema.index(of:)) : []
                    let sink = try state.begin!(schema)
                    var record = [TransferValue](repeating: .null, count: readers.count)
                    for try await row in rows {
                        for (index, cell) in row.enumerated() { record[index] = try readers[index].value(cell) }
                        try sink.add(record)
                        state.count += 1
                        if !trackedIndexes.isEmpty {
                            state.last = trackedIndexes.map { index in
                                switch record[index] {
                                case .long(let number): .int(number)
                                case .null: .null
                                case .timestamp(let instant): .string(TimestampFormat("%Y-%m-%d %H:%M:%S.%6N%z").format(instant))
                                default: .string(ValueConversion.text(record[index]))
                                }
                            }
                        }
                    }
                }
            } catch let error as TransferError {
                throw error
            } catch {
                throw TransferError(.data, "\(PostgresSession.describe(error)) in SQL: \(sql)")
            }
            state.begin = nil
        }
        lastRecord = state.last
        log.info("Fetched \(state.count) rows.")
        return state.count
    }

    func configDiff() -> Config {
        guard incremental else { return [:] }
        if let lastRecord { return ["last_record": .array(lastRecord)] }
        return config["last_record"].map { ["last_record": $0] } ?? [:]
    }

    func close() { session = nil }
}
