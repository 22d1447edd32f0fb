import DigdagCore

/// Embulk's csv parser: columns with types and formats, null_string, header skipping and
/// invalid records (skipped with a warning, or fatal with `stop_on_invalid_record`).
struct CSVParser {
    let schema: Schema
    let formats: [TimestampFormat?]
    let delimiter: String
    let quote: String?
    let escape: String?
    let nullString: String?
    let skipHeaderLines: Int
    let trimIfNotQuoted: Bool
    let allowExtraColumns: Bool
    let allowOptionalColumns: Bool
    let stopOnInvalidRecord: Bool
    let commentLineMarker: String?

    init(_ config: PluginConfig) throws {
        let type = try config.string("type", default: "csv")
        guard type == "csv" else {
            throw TransferError(.plugin, "Unknown parser type '\(type)'; the built-in parser is csv")
        }
        let defaultZone = try TransferTimeZone(config.string("default_timezone", default: "UTC"))
        let defaultFormat = try config.string("default_timestamp_format", default: "%Y-%m-%d %H:%M:%S.%N %z")
        var columns: [Column] = []
        var formats: [TimestampFormat?] = []
        for section in try config.sections("columns") {
            let type = try ColumnType(name: section.string("type"), path: section.path)
            let format = try section.string("format", default: defaultFormat)
            let zone = try section.optionalString("timezone").map(TransferTimeZone.init) ?? defaultZone
            columns.append(Column(name: try section.string("name"), type: type, format: type == .timestamp ? format : nil))
            formats.append(type == .timestamp ? TimestampFormat(format, zone: zone) : nil)
        }
        guard !columns.isEmpty else { throw TransferError.config("Field 'columns' is required but not set (in \(config.path):)") }
        schema = Schema(columns)
        self.formats = formats
        delimiter = try config.string("delimiter", default: ",")
        quote = try Self.character(config, "quote", default: "\"")
        escape = try Self.character(config, "escape", default: "\\")
        nullString = try config.optionalString("null_string")
        let headerLine = try config.bool("header_line", default: false)
        skipHeaderLines = try config.int("skip_header_lines", default: headerLine ? 1 : 0)
        trimIfNotQuoted = try config.bool("trim_if_not_quoted", default: false)
        allowExtraColumns = try config.bool("allow_extra_columns", default: false)
        allowOptionalColumns = try config.bool("allow_optional_columns", default: false)
        stopOnInvalidRecord = try config.bool("stop_on_invalid_record", default: false)
        commentLineMarker = try config.optionalString("comment_line_marker")
    }

    /// `quote: ''` or `quote: null` turns quoting off.
    static func character(_ config: PluginConfig, _ key: String, default fallback: String) throws -> String? {
        guard config.values.keys.contains(key) else { return fallback }
        guard let value = try config.optionalString(key), !value.isEmpty else { return nil }
        return value
    }

    /// Parses `bytes` (one file) and sends records to `sink`; answers records sent and skipped.
    func parse(_ bytes: [UInt8], file: String, sink: any RecordSink, log: TransferLog) throws -> (Int, Int) {
        var tokenizer = CSVTokenizer(
            bytes, delimiter: delimiter, quote: quote, escape: escape, trimIfNotQuoted: trimIfNotQuoted,
            commentLineMarker: commentLineMarker)
        tokenizer.skipLines(skipHeaderLines)
        var sent = 0, skipped = 0
        var record = [TransferValue](repeating: .null, count: schema.columns.count)
        while true {
            let next: CSVTokenizer.Record?
            do {
                next = try tokenizer.next()
            } catch let error as TransferError {
                if stopOnInvalidRecord { throw TransferError(.data, "Invalid record in \(file): \(error.message)") }
                log.warn("Skipped a record in \(file): \(error.message)")
                skipped += 1
                tokenizer.skipRestOfLine()
                continue
            }
            guard let next else { break }
            do {
                try fill(&record, from: next)
            } catch let error as TransferError {
                if stopOnInvalidRecord {
                    throw TransferError(.data, "Invalid record at \(file):\(next.line): \(error.message): \(next.raw)")
                }
                log.warn("Skipped line \(next.line) (\(error.message)): \(next.raw)")
                skipped += 1
                continue
            }
            try sink.add(record)
            sent += 1
        }
        return (sent, skipped)
    }

    func fill(_ record: inout [TransferValue], from parsed: CSVTokenizer.Record) throws {
        let count = schema.columns.count
        if parsed.fields.count > count && !allowExtraColumns {
            throw TransferError(.data, "Too many columns (\(parsed.fields.count) for \(count))")
        }
        if parsed.fields.count < count && !allowOptionalColumns {
            throw TransferError(.data, "Too few columns (\(parsed.fields.count) for \(count))")
        }
        for index in 0..<count {
            guard index < parsed.fields.count else { record[index] = .null; continue }
            let field = parsed.fields[index]
            if !field.quoted && (field.text.isEmpty || field.text == nullString) {
                record[index] = .null
                continue
            }
            record[index] = try value(field.text, column: index)
        }
    }

    func value(_ text: String, column index: Int) throws -> TransferValue {
        let column = schema.columns[index]
        switch column.type {
        case .string: return .string(text)
        case .json: return .json(text)
        case .long:
            if text.isEmpty { return .null }
            guard let value = Int64(text.trimmingSpaces) else {
                throw TransferError(.data, "Failed to parse '\(text)' as long for column '\(column.name)'")
            }
            return .long(value)
        case .double:
            if text.isEmpty { return .null }
            guard let value = Double(text.trimmingSpaces) else {
                throw TransferError(.data, "Failed to parse '\(text)' as double for column '\(column.name)'")
            }
            return .double(value)
        case .boolean:
            switch text.trimmingSpaces.lowercased() {
            case "true", "yes", "y", "on", "1": return .boolean(true)
            case "false", "no", "n", "off", "0": return .boolean(false)
            case "": return .null
            default: throw TransferError(.data, "Failed to parse '\(text)' as boolean for column '\(column.name)'")
            }
        case .timestamp:
            if text.isEmpty { return .null }
            return .timestamp(try formats[index]!.parse(text))
        }
    }
}
