import CMariaDB

/// Blocking libmariadb calls; run them only on a `MariaDBSession` queue.
enum MariaDBCalls {
    /// Runs text that may hold several statements. The first result set goes to `sink`
    /// (when given); every other result is read and dropped.
    static func run(_ handle: UnsafeMutablePointer<MYSQL>, _ sql: String, sink: (any ResultSink)?) throws {
        let bytes = Array(sql.utf8)
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                mysql_real_query(handle, chars.baseAddress, UInt(chars.count))
            }
        }
        guard status == 0 else { throw MariaDBSession.lastError(handle) }
        var sink = sink
        while true {
            if let result = mysql_use_result(handle) {
                defer { mysql_free_result(result) }
                try read(result, handle: handle, into: sink)
                sink = nil
            } else if mysql_field_count(handle) != 0 {
                throw MariaDBSession.lastError(handle)
            }
            let next = mysql_next_result(handle)
            if next < 0 { return }
            if next > 0 { throw MariaDBSession.lastError(handle) }
        }
    }

    private static func read(_ result: UnsafeMutablePointer<MYSQL_RES>, handle: UnsafeMutablePointer<MYSQL>, into sink: (any ResultSink)?) throws {
        let count = Int(mysql_num_fields(result))
        var kinds: [ColumnKind] = []
        var names: [String] = []
        if let fields = mysql_fetch_fields(result) {
            for index in 0..<count {
                let field = fields[index]
                names.append(String(cString: field.name))
                kinds.append(ColumnKind(field))
            }
        }
        try sink?.columns(names)
        while let row = mysql_fetch_row(result) {
            guard let sink else { continue }
            let lengths = mysql_fetch_lengths(result)
            var values: [DatabaseValue] = []
            values.reserveCapacity(count)
            for index in 0..<count {
                guard let pointer = row[index], let lengths else {
                    values.append(.null)
                    continue
                }
                let text = pointer.withMemoryRebound(to: UInt8.self, capacity: Int(lengths[index])) {
                    String(decoding: UnsafeBufferPointer(start: $0, count: Int(lengths[index])), as: UTF8.self)
                }
                values.append(kinds[index].value(text))
            }
            try sink.row(values)
        }
        if mysql_errno(handle) != 0 { throw MariaDBSession.lastError(handle) }
    }

    /// How a column's text becomes a value (MySQL Connector/J's defaults).
    enum ColumnKind {
        case bool, integer, double, decimal, text

        init(_ field: MYSQL_FIELD) {
            switch field.type {
            case MYSQL_TYPE_TINY where field.length == 1: self = .bool
            case MYSQL_TYPE_TINY, MYSQL_TYPE_SHORT, MYSQL_TYPE_INT24, MYSQL_TYPE_LONG, MYSQL_TYPE_LONGLONG,
                MYSQL_TYPE_YEAR:
                self = .integer
            case MYSQL_TYPE_FLOAT, MYSQL_TYPE_DOUBLE: self = .double
            case MYSQL_TYPE_DECIMAL, MYSQL_TYPE_NEWDECIMAL: self = .decimal
            default: self = .text
            }
        }

        func value(_ text: String) -> DatabaseValue {
            switch self {
            case .bool: .bool(text != "0")
            case .integer: Int64(text).map(DatabaseValue.int) ?? .decimal(text)
            case .double: Double(text).map(DatabaseValue.double) ?? .text(text)
            case .decimal: .decimal(text)
            case .text: .text(text)
            }
        }
    }

    /// Runs one statement with string parameters bound (`?`), returning the first column of
    /// each result row as an integer (nil for NULL); statements without a result give `[]`.
    static func prepared(_ handle: UnsafeMutablePointer<MYSQL>, _ sql: String, _ params: [String]) throws -> [Int64?] {
        guard let statement = mysql_stmt_init(handle) else { throw MariaDBSession.lastError(handle) }
        defer { mysql_stmt_close(statement) }
        func failure() -> MariaDBError {
            MariaDBError(
                code: mysql_stmt_errno(statement), sqlState: String(cString: mysql_stmt_sqlstate(statement)),
                message: String(cString: mysql_stmt_error(statement)))
        }
        guard mysql_stmt_prepare(statement, sql, UInt(sql.utf8.count)) == 0 else { throw failure() }

        let buffers = params.map { param -> (UnsafeMutablePointer<UInt8>, UInt) in
            let bytes = Array(param.utf8)
            let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
            pointer.initialize(from: bytes, count: bytes.count)
            return (pointer, UInt(bytes.count))
        }
        defer { buffers.forEach { $0.0.deallocate() } }
        var binds = [MYSQL_BIND](repeating: MYSQL_BIND(), count: max(params.count, 1))
        for (index, buffer) in buffers.enumerated() {
            binds[index].buffer_type = MYSQL_TYPE_STRING
            binds[index].buffer = UnsafeMutableRawPointer(buffer.0)
            binds[index].buffer_length = buffer.1
            binds[index].length_value = buffer.1
        }
        if !params.isEmpty {
            guard mysql_stmt_bind_param(statement, &binds) == 0 else { throw failure() }
        }
        guard mysql_stmt_execute(statement) == 0 else { throw failure() }
        guard let metadata = mysql_stmt_result_metadata(statement) else { return [] }
        mysql_free_result(metadata)

        var value: Int64 = 0
        var isNull: my_bool = 0
        var output = MYSQL_BIND()
        var rows: [Int64?] = []
        try withUnsafeMutablePointer(to: &value) { valuePointer in
            try withUnsafeMutablePointer(to: &isNull) { nullPointer in
                output.buffer_type = MYSQL_TYPE_LONGLONG
                output.buffer = UnsafeMutableRawPointer(valuePointer)
                output.is_null = nullPointer
                guard mysql_stmt_bind_result(statement, &output) == 0 else { throw failure() }
                while true {
                    let status = mysql_stmt_fetch(statement)
                    if status == MYSQL_NO_DATA { break }
                    guard status == 0 || status == MYSQL_DATA_TRUNCATED else { throw failure() }
                    rows.append(nullPointer.pointee != 0 ? nil : valuePointer.pointee)
                }
            }
        }
        return rows
    }
}
