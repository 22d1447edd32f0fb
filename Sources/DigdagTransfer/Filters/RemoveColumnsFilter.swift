/// `type: remove_columns`: drops the columns of `remove:`, or all but those of `keep:`; the
/// columns left keep their order. A name not in the schema is an error unless
/// `accept_unmatched_columns: true`.
struct RemoveColumnsFilter: FilterPlugin {
    private let remove: [String]?
    private let keep: [String]?
    private let acceptUnmatched: Bool

    init(_ config: PluginConfig) throws {
        remove = config["remove"] == nil ? nil : try config.strings("remove")
        keep = config["keep"] == nil ? nil : try config.strings("keep")
        if remove != nil && keep != nil { throw TransferError.config("remove: and keep: must not be multi-select") }
        if remove == nil && keep == nil { throw TransferError.config("Must require remove: or keep:") }
        acceptUnmatched = try config.bool("accept_unmatched_columns", default: false)
    }

    func begin(schema: Schema) throws -> (Schema, RecordMapping) {
        let names = Set(try (remove ?? keep ?? []).filter { name in
            if schema.index(of: name) != nil { return true }
            if acceptUnmatched { return false }
            throw TransferError.config("Column '\(name)' doesn't exist in the schema")
        })
        let kept = schema.columns.indices.filter { names.contains(schema.columns[$0].name) == (keep != nil) }
        return (Schema(kept.map { schema.columns[$0] }), .pick(kept))
    }
}
