import DigdagCore

/// `out: {type: stdout}`: prints each record as comma-separated values (timestamps in
/// `timezone`, default UTC, like Embulk's `2024-01-01 00:00:00 UTC`).
final class StdoutOutputPlugin: OutputPlugin {
    private let zone: TransferTimeZone
    private var formats: [TimestampFormat] = []
    private var log: TransferLog?
    private var count = 0
    private var pending = ""

    init(_ config: PluginConfig) throws {
        zone = try TransferTimeZone(config.string("timezone", default: "UTC"))
    }

    func begin(schema: Schema, log: TransferLog) throws {
        self.log = log
        formats = schema.columns.map { _ in TimestampFormat("%Y-%m-%d %H:%M:%S %Z", zone: zone) }
    }

    func add(_ record: [TransferValue]) throws {
        var line = ""
        for (index, value) in record.enumerated() {
            if index > 0 { line += "," }
            switch value {
            case .null: break
            case .boolean(let flag): line += flag ? "true" : "false"
            case .long(let number): line += String(number)
            case .double(let number): line += String(number)
            case .string(let text), .json(let text): line += text
            case .timestamp(let instant): line += formats[index].format(instant)
            }
        }
        pending += line + "\n"
        count += 1
        if pending.utf8.count > 1 << 16 { flushLines() }
    }

    private func flushLines() {
        guard !pending.isEmpty else { return }
        log?.raw(pending)
        pending = ""
    }

    func finish(log: TransferLog) throws { flushLines() }
    func commit(log: TransferLog) throws -> Int { count }
    func abort(log: TransferLog) { flushLines() }
}

/// `out: {type: null}`: drops every record (for measuring inputs).
final class NullOutputPlugin: OutputPlugin {
    private var count = 0
    func begin(schema: Schema, log: TransferLog) throws {}
    func add(_ record: [TransferValue]) throws { count += 1 }
    func finish(log: TransferLog) throws {}
    func commit(log: TransferLog) throws -> Int { count }
    func abort(log: TransferLog) {}
}
