import DigdagCore

/// What a finished transfer did.
public struct TransferResult: Sendable {
    /// Records the input read.
    public var recordsRead: Int
    /// Rows the output committed.
    public var recordsWritten: Int
    /// Embulk's config diff (`{"in": {...}, "out": {...}}`).
    public var configDiff: Config
    /// The config to use next time (`embulk run -o`): the config with the diff merged in.
    public var nextConfig: Config
}

/// Runs one transfer: input -> output, committed only when every record was written
/// (Embulk's `BulkLoader` with one task).
public struct TransferRunner: Sendable {
    /// The version printed in the log, as Embulk prints its own.
    public static let version = "0.11.5"

    private let clock: ContinuousClock

    /// Creates a runner measuring elapsed time with `clock`.
    public init(clock: ContinuousClock = ContinuousClock()) {
        self.clock = clock
    }

    /// Runs `config`; on failure the output was aborted (intermediate tables dropped).
    public func run(_ config: Config, log: TransferLog) throws -> TransferResult {
        let start = clock.now
        guard case .object(let inValues)? = config["in"] else {
            throw TransferError.config("Field 'in' is required but not set")
        }
        guard case .object(let outValues)? = config["out"] else {
            throw TransferError.config("Field 'out' is required but not set")
        }
        log.thread = "0001:transaction"
        defer { log.thread = "main" }
        let inConfig = PluginConfig(inValues, path: "in")
        let outConfig = PluginConfig(outValues, path: "out")
        let input = try PluginRegistry.input(inConfig)
        log.info("Loaded plugin embulk-input-\(try inConfig.string("type")) (built in)")
        let filters = try FilterChain(config)
        for filter in filters.filters { log.info("Loaded plugin embulk-filter-\(filter.type) (built in)") }
        let output = try PluginRegistry.output(outConfig, defaultTimeZone: .utc)
        log.info("Loaded plugin embulk-output-\(try outConfig.string("type")) (built in)")

        try input.open(log: log)
        defer { input.close() }
        var begun = false
        let read: Int
        let written: Int
        do {
            log.info("Using local thread executor with max_threads=1 / output tasks 1 = input tasks 1 * 1")
            log.info("{done:  0 / 1, running: 0}")
            read = try input.read(log: log) { schema in
                let (filtered, mapping) = try filters.begin(schema: schema)
                try output.begin(schema: filtered, log: log)
                begun = true
                return FilterChain.sink(output, mapping: mapping)
            }
            if !begun { try output.begin(schema: try filters.begin(schema: Schema([])).0, log: log) }
            begun = true
            try output.finish(log: log)
            written = try output.commit(log: log)
            log.info("{done:  1 / 1, running: 0}")
        } catch {
            if begun { output.abort(log: log) }
            throw error
        }
        log.thread = "main"
        let seconds = Double((clock.now - start).components.attoseconds) / 1e18 + Double((clock.now - start).components.seconds)
        let rate = seconds > 0 ? Int(Double(read) / seconds) : read
        log.info("Committed.")
        log.info("Transaction finished: \(read) records read, \(written) records written in \(String(format3: seconds)) s (\(rate) records/s)")
        let diff: Config = ["in": .object(input.configDiff()), "out": .object([:])]
        log.info("Next config diff: \(JSONText.compact(.object(diff)))")
        var next = config
        next.mergeDefaultsDeep(diff)
        return TransferResult(recordsRead: read, recordsWritten: written, configDiff: diff, nextConfig: next)
    }
}

extension Config {
    /// Overwrites keys of `other` into self, recursing into objects.
    mutating func mergeDefaultsDeep(_ other: Config) {
        for (key, value) in other {
            if case .object(let inner)? = self[key], case .object(let incoming) = value {
                var merged = inner
                merged.mergeDefaultsDeep(incoming)
                self[key] = .object(merged)
            } else {
                self[key] = value
            }
        }
    }
}

extension String {
    /// `1.234` (three decimals).
    init(format3 value: Double) {
        let millis = Int64((value * 1000).rounded())
        let fraction = millis % 1000
        self = "\(millis / 1000)." + (fraction < 10 ? "00" : fraction < 100 ? "0" : "") + "\(fraction)"
    }
}
