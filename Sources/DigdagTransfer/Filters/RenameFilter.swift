/// `type: rename`: renames columns, first by the `columns:` map (old name: new name, every old
/// name must exist), then by each of the `rules:` in order. Records pass unchanged.
struct RenameFilter: FilterPlugin {
    private let names: [(from: String, to: String)]
    private let rules: [RenameRule]

    init(_ config: PluginConfig) throws {
        names = try config.section("columns").values.map { from, to in
            guard let to = to.stringValue else {
                throw TransferError.config("The new name of column '\(from)' must be a string (in \(config.path).columns:)")
            }
            return (from, to)
        }
        rules = try config.sections("rules").map(RenameRule.init)
    }

    func begin(schema: Schema) throws -> (Schema, RecordMapping) {
        var renamed: [String: String] = [:]
        for (from, to) in names {
            guard schema.index(of: from) != nil else { throw TransferError.config("Column '\(from)' is not found") }
            renamed[from] = to
        }
        var columnNames = schema.columns.map { renamed[$0.name] ?? $0.name }
        for rule in rules { columnNames = try rule.apply(columnNames) }
        var columns = schema.columns
        for index in columns.indices { columns[index].name = columnNames[index] }
        return (Schema(columns), .unchanged)
    }
}
