import DigdagCore

/// A step between the input and the output (Embulk's `FilterPlugin`): it turns the schema it
/// receives into the one it passes on, once, then carries every record across.
protocol FilterPlugin {
    /// The schema passed on for `schema`, and what becomes of each record; config errors that
    /// need the schema (an unknown column) are thrown here, before any record moves.
    func begin(schema: Schema) throws -> (Schema, RecordMapping)
}

/// What a filter does to a record.
enum RecordMapping: Equatable {
    /// The record passes unchanged (a rename).
    case unchanged
    /// The record becomes these of its values, in this order (columns removed).
    case pick([Int])

    /// This mapping, then `next`.
    func then(_ next: RecordMapping) -> RecordMapping {
        switch (self, next) {
        case (_, .unchanged): self
        case (.unchanged, _): next
        case (.pick(let first), .pick(let second)): .pick(second.map { first[$0] })
        }
    }

    /// `record` after the mapping.
    func apply(_ record: [TransferValue]) -> [TransferValue] {
        switch self {
        case .unchanged: record
        case .pick(let indices): indices.map { record[$0] }
        }
    }
}

/// The `filters:` of a config, applied in order.
struct FilterChain {
    let filters: [(type: String, plugin: any FilterPlugin)]

    /// The filters of a transfer config's `filters:` (none when absent).
    init(_ config: Config) throws {
        guard let value = config["filters"], !value.isNull else {
            filters = []
            return
        }
        guard case .array(let items) = value else {
            throw TransferError.config("Field 'filters' must be a list, not \(value.kindName)")
        }
        filters = try items.enumerated().map { index, item in
            guard case .object(let object) = item else {
                throw TransferError.config("Each entry of 'filters' must be a mapping (filters[\(index)] is not)")
            }
            let section = PluginConfig(object, path: "filters[\(index)]")
            return (try section.string("type"), try PluginRegistry.filter(section))
        }
    }

    /// The output schema and the mapping of all the filters together.
    func begin(schema: Schema) throws -> (Schema, RecordMapping) {
        var current = schema
        var mapping = RecordMapping.unchanged
        for (_, filter) in filters {
            let (next, step) = try filter.begin(schema: current)
            current = next
            mapping = mapping.then(step)
        }
        return (current, mapping)
    }

    /// `sink` behind the mapping (itself when records pass unchanged).
    static func sink(_ sink: any RecordSink, mapping: RecordMapping) -> any RecordSink {
        mapping == .unchanged ? sink : MappedSink(sink, mapping: mapping)
    }
}

/// Hands each record to the next sink after a mapping.
private final class MappedSink: RecordSink {
    private let next: any RecordSink
    private let mapping: RecordMapping

    init(_ next: any RecordSink, mapping: RecordMapping) {
        self.next = next
        self.mapping = mapping
    }

    func add(_ record: [TransferValue]) throws {
        try next.add(mapping.apply(record))
    }
}
