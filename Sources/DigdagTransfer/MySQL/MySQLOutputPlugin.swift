import DigdagCore
import Foundation

/// `out: {type: mysql}`: rows streamed with `LOAD DATA LOCAL INFILE` (batched multi-row INSERTs
/// for merge_direct, or when the server refuses local infile), through an intermediate table for
/// the transactional modes (insert, truncate_insert, replace, merge) as embulk-output-mysql does.
final class MySQLOutputPlugin: OutputPlugin {
    let config: PluginConfig
    let settings: ConnectionSettings
    let table: String
    let mode: OutputMode
    let mergeKeys: [String]
    let mergeRule: [String]
    let columnOptions: [String: PluginConfig]
    let defaultZone: TransferTimeZone
    var connection: MySQLConnection!
    var columns: [TargetColumn] = []
    /// The table rows are written to (the intermediate table or the target).
    var writeTable = ""
    var intermediateCreated = false
    var targetExisted = false
    var uniqueKeys: [[String]] = []
    private var insertHead: [UInt8] = []
    var buffer: [UInt8] = []
    private var rowsInBuffer = 0
    private var batchBytes = 4 << 20
    var writer: MySQLBatchWriter?
    /// The LOAD DATA stream, when rows go that way.
    var loader: MySQLLoadStream?
    var loaded = 0
    var loadTransaction = false
    /// insert or truncate_insert whose rows went straight into the (transactional) target.
    var loadedIntoTarget = false
    /// The server refused LOAD DATA LOCAL INFILE (probed once per transfer).
    var localInfileRefused = false
    /// Per written column, decided once: the record index and how booleans and timestamps go.
    var loadFields: [LoadField] = []
    /// The timestamp formats of the written columns, by position.
    var loadFormats: [TimestampFormat] = []
    var written: Int { loader != nil ? loaded : writer?.rows ?? 0 }

    init(_ config: PluginConfig) throws {
        self.config = config
        settings = try ConnectionSettings(config, role: "out")
        table = try config.string("table")
        mode = try OutputMode(config.string("mode", default: "insert"))
        mergeKeys = try config.strings("merge_keys")
        mergeRule = try config.strings("merge_rule")
        columnOptions = try config.columnOptions()
        defaultZone = try TransferTimeZone(config.string("default_timezone", default: "UTC"))
        batchBytes = try config.int("batch_size", default: 16 << 20)
    }

    func begin(schema: Schema, log: TransferLog) throws {
        for name in columnOptions.keys where schema.index(of: name) == nil {
            throw TransferError.config("Column '\(name)' is not found (in out.column_options:)")
        }
        connection = try MySQLConnection.connect(settings, localInfile: true)
        log.info("Connected to MySQL \(settings.address) as \(settings.user) (out)")
        log.info("Using \(mode.rawValue) mode")
        if let packet = try connection.rows("SELECT @@max_allowed_packet").first?.first.flatMap({ $0 }).flatMap({ Int($0) }) {
            batchBytes = max(64 << 10, min(batchBytes, packet - (64 << 10)))
        }
        for statement in try config.strings("before_load") { try connection.execute(statement) }
        let existing = try describe(table)
        targetExisted = existing != nil
        columns = try targetColumns(schema: schema, existing: existing, log: log)
        guard !columns.isEmpty else {
            throw TransferError.config("None of the input columns (\(schema.columns.map(\.name).joined(separator: ", "))) is a column of table '\(table)'")
        }
        if existing != nil { uniqueKeys = try self.uniqueKeys(of: table) }
        if try loadStraightIntoTarget(log: log) { return }
        if mode.usesIntermediateTable {
            writeTable = "\(table)_\(String(UInt32.random(in: 0...UInt32.max), radix: 16))_bl_tmp"
            if existing != nil {
                try connection.execute("CREATE TABLE \(q(writeTable)) LIKE \(q(table))")
            } else {
                try connection.execute(createTableSQL(writeTable, schema: schema))
                if mode != .replace {
                    try connection.execute(createTableSQL(table, schema: schema, ifNotExists: true))
                    log.info("Created table \(table)")
                }
            }
            intermediateCreated = true
            log.info("Created intermediate table \(writeTable)")
        } else {
            writeTable = table
            if existing == nil { try connection.execute(createTableSQL(table, schema: schema)) }
        }
        if try startLoad(log: log) { return }
        insertHead = Array("INSERT INTO \(q(writeTable)) (\(columns.map { q($0.name) }.joined(separator: ", "))) VALUES ".utf8)
        // `writer_connections: N` (default 1) inserts batches through N connections side by side
        // (the INSERT path only: LOAD DATA is one statement on one connection).
        var writers = [connection!]
        for _ in 1..<max(1, try config.int("writer_connections", default: 1)) {
            writers.append(try MySQLConnection.connect(settings))
        }
        writer = MySQLBatchWriter(connections: writers)
        buffer.reserveCapacity(batchBytes + (1 << 16))
        buffer = insertHead
    }

    func q(_ name: String) -> String { MySQLConnection.quote(name) }

    /// merge_direct: each batch updates the rows whose unique key it hits (merge_rule, or every
    /// column that is not a merge key).
    var mergeDirectTail: String {
        let keys = Set(mergeKeys.map { $0.lowercased() })
        let rule = mergeRule.isEmpty
            ? columns.filter { !keys.contains($0.name.lowercased()) }.map { "\(q($0.name)) = VALUES(\(q($0.name)))" }
            : mergeRule
        return rule.isEmpty ? "" : " ON DUPLICATE KEY UPDATE " + rule.joined(separator: ", ")
    }

    func add(_ record: [TransferValue]) throws {
        if loader != nil { return try addLoadRow(record) }
        if rowsInBuffer > 0 { buffer.append(UInt8(ascii: ",")) }
        buffer.append(UInt8(ascii: "("))
        var first = true
        for column in columns {
            if !first { buffer.append(UInt8(ascii: ",")) }
            first = false
            append(record[column.index], column)
        }
        buffer.append(UInt8(ascii: ")"))
        rowsInBuffer += 1
        if buffer.count >= batchBytes { try flush() }
    }

    @inline(__always)
    private func append(_ value: TransferValue, _ column: TargetColumn) {
        switch value {
        case .null: buffer.append(contentsOf: [78, 85, 76, 76])
        case .long(let number): MySQLText.appendInteger(number, to: &buffer)
        case .string(let text), .json(let text): MySQLText.appendQuoted(text, to: &buffer)
        case .boolean(let flag):
            if column.booleanAsString { MySQLText.appendQuoted(flag ? "true" : "false", to: &buffer) }
            else { buffer.append(flag ? 49 : 48) }
        case .double(let number):
            if number.isFinite { MySQLText.appendDouble(number, to: &buffer) } else { buffer.append(contentsOf: [78, 85, 76, 76]) }
        case .timestamp(let instant):
            if column.timestampFormat.isSQLDateTime {
                buffer.append(UInt8(ascii: "'"))
                column.timestampFormat.appendDateTime(instant, to: &buffer)
                buffer.append(UInt8(ascii: "'"))
            } else {
                MySQLText.appendQuoted(column.timestampFormat.format(instant), to: &buffer)
            }
        }
    }

    private func flush() throws {
        guard rowsInBuffer > 0, let writer else { return }
        if mode == .mergeDirect { buffer.append(contentsOf: mergeDirectTail.utf8) }
        try writer.submit(&buffer, rows: rowsInBuffer)
        rowsInBuffer = 0
        buffer.append(contentsOf: insertHead)
    }

    func finish(log: TransferLog) throws {
        if loader != nil { return try finishLoad(log: log) }
        try flush()
        try writer?.drain()
        log.info("Loaded \(written) rows into \(writeTable)")
    }
}
