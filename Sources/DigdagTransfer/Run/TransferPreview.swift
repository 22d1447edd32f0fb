import DigdagCore

/// `embulk preview`: reads the first records of `in:` through the `filters:` (nothing is written anywhere) and prints
/// them in Embulk's table form: a `name:type` header, values right-aligned in columns as wide as
/// their longest text, longs with thousands separators, timestamps in UTC.
public enum TransferPreview {
    /// Records shown at most.
    public static let defaultLimit = 15

    private struct Enough: Error {}

    private final class Collector: RecordSink {
        let limit: Int
        var records: [[TransferValue]] = []
        init(limit: Int) { self.limit = limit }
        func add(_ record: [TransferValue]) throws {
            records.append(record)
            if records.count >= limit { throw Enough() }
        }
    }

    /// The table of the first `limit` records of `config`'s input.
    public static func run(_ config: Config, log: TransferLog, limit: Int = defaultLimit) throws -> String {
        guard case .object(let inValues)? = config["in"] else {
            throw TransferError.config("Field 'in' is required but not set")
        }
        let input = try PluginRegistry.input(PluginConfig(inValues, path: "in"))
        let filters = try FilterChain(config)
        try input.open(log: log)
        defer { input.close() }
        var schema = Schema([])
        let collector = Collector(limit: limit)
        do {
            _ = try input.read(log: log) { found in
                let mapping: RecordMapping
                (schema, mapping) = try filters.begin(schema: found)
                return FilterChain.sink(collector, mapping: mapping)
            }
        } catch is Enough {}
        return table(schema: schema, records: collector.records)
    }

    /// Embulk's table text (with the final newline).
    static func table(schema: Schema, records: [[TransferValue]]) -> String {
        var rows = [schema.columns.map { "\($0.name):\($0.type.rawValue)" }]
        rows += records.map { record in record.map(text) }
        let widths = schema.columns.indices.map { index in rows.map { $0[index].count }.max() ?? 0 }
        let border = "+-" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-") + "-+"
        func line(_ row: [String]) -> String {
            "| " + zip(row, widths).map { String(repeating: " ", count: $1 - $0.count) + $0 }.joined(separator: " | ") + " |"
        }
        var out = [border, line(rows[0]), border]
        out += rows.dropFirst().map(line)
        out.append(border)
        return out.joined(separator: "\n") + "\n"
    }

    /// One value as Embulk's preview prints it.
    static func text(_ value: TransferValue) -> String {
        switch value {
        case .null: return ""
        case .boolean(let flag): return flag ? "true" : "false"
        case .long(let number): return grouped(number)
        case .double(let number): return JSONText.javaDouble(number)
        case .string(let text), .json(let text): return text
        case .timestamp(let instant):
            let nanos = instant.nanos
            let pattern = nanos == 0 ? "%Y-%m-%d %H:%M:%S UTC"
                : nanos % 1_000_000 == 0 ? "%Y-%m-%d %H:%M:%S.%3N UTC"
                : nanos % 1000 == 0 ? "%Y-%m-%d %H:%M:%S.%6N UTC" : "%Y-%m-%d %H:%M:%S.%9N UTC"
            return TimestampFormat(pattern, zone: .utc).format(instant)
        }
    }

    /// `32,864`.
    static func grouped(_ number: Int64) -> String {
        let digits = String(number.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return number < 0 ? "-" + out : out
    }
}
