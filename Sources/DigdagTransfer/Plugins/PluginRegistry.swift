/// The built-in plugins by type name: the only place that knows them all.
public enum PluginRegistry {
    /// Input type names.
    public static let inputTypes = ["file", "mysql", "postgresql"]
    /// Output type names.
    public static let outputTypes = ["file", "mysql", "null", "postgresql", "stdout"]
    /// Filter type names (Embulk's standard filters).
    public static let filterTypes = ["remove_columns", "rename"]

    /// The input plugin for `in:`.
    public static func input(_ config: PluginConfig) throws -> any InputPlugin {
        let type = try config.string("type")
        switch type {
        case "mysql": return try MySQLInputPlugin(config)
        case "file": return try FileInputPlugin(config)
        case "postgresql": return try PostgresInputPlugin(config)
        default: throw unknown(type, kind: "input", builtIn: inputTypes)
        }
    }

    /// The output plugin for `out:`.
    public static func output(_ config: PluginConfig, defaultTimeZone: TransferTimeZone) throws -> any OutputPlugin {
        let type = try config.string("type")
        switch type {
        case "mysql": return try MySQLOutputPlugin(config)
        case "stdout": return try StdoutOutputPlugin(config)
        case "file": return try FileOutputPlugin(config)
        case "postgresql": return try PostgresOutputPlugin(config)
        case "null": return NullOutputPlugin()
        default: throw unknown(type, kind: "output", builtIn: outputTypes)
        }
    }

    /// The filter plugin of one entry of `filters:`.
    static func filter(_ config: PluginConfig) throws -> any FilterPlugin {
        let type = try config.string("type")
        switch type {
        case "rename": return try RenameFilter(config)
        case "remove_columns": return try RemoveColumnsFilter(config)
        default: throw unknown(type, kind: "filter", builtIn: filterTypes)
        }
    }

    static func unknown(_ type: String, kind: String, builtIn: [String]) -> TransferError {
        TransferError(.plugin,
            "Unknown \(kind) plugin 'embulk-\(kind)-\(type)' (type: \(type)). "
                + "This embulk runs without a JVM and has these \(kind) plugins built in: "
                + builtIn.joined(separator: ", ")
                + ". Gems (embulk gem install) cannot be loaded.")
    }
}
