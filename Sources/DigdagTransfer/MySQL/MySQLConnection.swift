import CMariaDB
import Foundation

/// A libmariadb error: number, SQLSTATE and message.
struct MySQLError: Error, Sendable {
    var code: UInt32
    var sqlState: String
    var message: String

    /// Text like Connector/J's: `Access denied for user ... (MySQL error 1045, SQLSTATE 28000)`.
    var text: String { "\(message) (MySQL error \(code), SQLSTATE \(sqlState))" }
}

/// One blocking libmariadb connection, used by one thread at a time (transfers run on the
/// calling thread, never on Swift's cooperative pool).
final class MySQLConnection {
    let handle: UnsafeMutablePointer<MYSQL>
    let settings: ConnectionSettings

    private init(handle: UnsafeMutablePointer<MYSQL>, settings: ConnectionSettings) {
        self.handle = handle
        self.settings = settings
    }

    deinit { mysql_close(handle) }

    /// Connects over TCP; a failure names the side (`in`/`out`), the address and the server's reason.
    /// With `localInfile`, the connection can stream rows with `LOAD DATA LOCAL INFILE` through
    /// `MySQLLoadStream` (it never reads a file the server names).
    static func connect(_ settings: ConnectionSettings, localInfile: Bool = false) throws -> MySQLConnection {
        guard cmariadb_available() != 0 else {
            throw TransferError(.connection,
                "The MariaDB client library (libmariadb.so.3) could not be loaded: install libmariadb3")
        }
        guard let handle = mysql_init(nil) else {
            throw TransferError(.connection, "MySQL client ran out of memory")
        }
        cmariadb_set_connection_options(
            handle, UInt32(clamping: settings.connectTimeout), UInt32(clamping: settings.socketTimeout), settings.ssl ? 1 : 0)
        if localInfile {
            cmariadb_enable_local_infile(handle)
            MySQLLoadStream.installHandler(handle)
        }
        let host = settings.host == "localhost" ? "127.0.0.1" : settings.host
        guard mysql_real_connect(handle, host, settings.user, settings.password, settings.database,
            UInt32(clamping: settings.port), nil, 0) != nil
        else {
            let error = Self.error(handle)
            mysql_close(handle)
            throw TransferError(.connection,
                "Cannot connect to MySQL (\(settings.role): \(settings.user)@\(settings.address)): \(error.text)")
        }
        let connection = MySQLConnection(handle: handle, settings: settings)
        // Our escaping writes backslash escapes; make sure the server reads them as such.
        try connection.execute("SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES', '')")
        return connection
    }

    static func error(_ handle: UnsafeMutablePointer<MYSQL>) -> MySQLError {
        MySQLError(code: mysql_errno(handle), sqlState: String(cString: mysql_sqlstate(handle)),
            message: String(cString: mysql_error(handle)))
    }

    /// Runs one statement that returns no rows; answers the number of affected rows.
    @discardableResult
    func execute(_ sql: String) throws -> Int {
        var bytes = Array(sql.utf8)
        return try execute(bytes: &bytes, describe: sql)
    }

    /// Runs one statement given as bytes (the batched INSERTs); `describe` names it in errors.
    @discardableResult
    func execute(bytes: inout [UInt8], describe: @autoclosure () -> String) throws -> Int {
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { mysql_real_query(handle, $0.baseAddress, UInt($0.count)) }
        }
        guard status == 0 else { throw failure(describe()) }
        if let result = mysql_use_result(handle) {
            while mysql_fetch_row(result) != nil {}
            mysql_free_result(result)
        }
        return Int(truncatingIfNeeded: mysql_affected_rows(handle))
    }

    /// A statement failure with the statement's start, as embulk-output-jdbc logs it.
    func failure(_ sql: String) -> TransferError {
        let error = Self.error(handle)
        let shown = sql.count > 300 ? String(sql.prefix(300)) + "..." : sql
        return TransferError(.data, "\(error.text) in SQL: \(shown)")
    }

    /// Runs a query and returns every row as optional strings (small metadata queries only).
    func rows(_ sql: String) throws -> [[String?]] {
        var rows: [[String?]] = []
        try query(sql) { _ in } row: { values, lengths, count in
            var row: [String?] = []
            for index in 0..<count {
                row.append(values[index].map { pointer in
                    pointer.withMemoryRebound(to: UInt8.self, capacity: Int(lengths[index])) {
                        String(decoding: UnsafeBufferPointer(start: $0, count: Int(lengths[index])), as: UTF8.self)
                    }
                })
            }
            rows.append(row)
        }
        return rows
    }

    /// Streams a query's rows (mysql_use_result): `fields` once, then `row` per row with the
    /// raw value pointers (nil for NULL) and their lengths.
    func query(
        _ sql: String, fields: ([MYSQL_FIELD]) throws -> Void,
        row: (MYSQL_ROW, UnsafeMutablePointer<UInt>, Int) throws -> Void
    ) throws {
        let bytes = Array(sql.utf8)
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { mysql_real_query(handle, $0.baseAddress, UInt($0.count)) }
        }
        guard status == 0 else { throw failure(sql) }
        guard let result = mysql_use_result(handle) else {
            if mysql_field_count(handle) != 0 { throw failure(sql) }
            try fields([])
            return
        }
        defer { mysql_free_result(result) }
        let count = Int(mysql_num_fields(result))
        var list: [MYSQL_FIELD] = []
        if let pointer = mysql_fetch_fields(result) {
            list = (0..<count).map { pointer[$0] }
        }
        try fields(list)
        while let values = mysql_fetch_row(result) {
            guard let lengths = mysql_fetch_lengths(result) else { continue }
            try row(values, lengths, count)
        }
        if mysql_errno(handle) != 0 { throw failure(sql) }
    }

    /// A backquoted identifier.
    static func quote(_ name: String) -> String {
        "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
    }
}
