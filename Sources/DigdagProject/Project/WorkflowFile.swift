import DigdagCore

/// One `.dig` file split into its top-level parts, as Digdag's `WorkflowFile` does.
public struct WorkflowFile: Equatable, Sendable {
    /// Top-level keys kept with the workflow config besides `_export`, `timezone` and tasks.
    static let topLevelConfigKeys = ["schedule", "sla", "_error", "_check", "_retry", "_parallel", "_env"]

    /// The workflow name: the file name without `.dig` (with a `dir/` prefix for subdirectories).
    public var name: String
    /// The normalized time zone id (`UTC` when absent), e.g. `Asia/Tokyo` or `+09:00`.
    public var timeZone: String
    /// The top-level `_export` object (empty when absent).
    public var export: Config
    /// `schedule`, `sla`, `_error`, `_check`, `_retry` and `_parallel` when present, in that order.
    public var topLevelConfig: Config
    /// The `+task` entries in file order.
    public var tasks: Config

    /// The `schedule:` config, if any.
    public var schedule: ConfigValue? { topLevelConfig["schedule"] }

    /// The `sla:` config, if any.
    public var sla: ConfigValue? { topLevelConfig["sla"] }

    /// The workflow definition config: `_export` (when not empty), the other top-level keys,
    /// then the tasks (Digdag's `toWorkflowDefinition`). `timezone` is not part of it.
    public var definitionConfig: Config {
        var config = Config()
        if !export.isEmpty { config["_export"] = .object(export) }
        config.merge(topLevelConfig) { _, new in new }
        config.merge(tasks) { _, new in new }
        return config
    }

    /// Splits a loaded `.dig` config and validates it.
    ///
    /// Errors: an invalid time zone, a non-object `_export`, unknown top-level keys
    /// (`Workflow 'x' includes unknown keys: [k]`) or invalid names (`Validating workflow failed ...`).
    public init(name: String, config: Config) throws(ConfigError) {
        do {
            try self.init(validating: name, config: config)
        } catch {
            throw error.configError
        }
    }

    init(validating name: String, config: Config) throws(WorkflowLoadFailure) {
        var rest = config
        timeZone = try Self.timeZone(from: rest.removeValue(forKey: "timezone"))
        switch rest.removeValue(forKey: "_export") {
        case nil, .null?: export = [:]
        case .object(let object)?: export = object
        default: throw WorkflowLoadFailure(message: "Parameter '_export' must be an object", kind: "config")
        }
        topLevelConfig = [:]
        for key in Self.topLevelConfigKeys {
            if let value = rest.removeValue(forKey: key) { topLevelConfig[key] = try Self.required(key, value) }
        }
        tasks = [:]
        for (key, value) in rest where key.hasPrefix("+") {
            tasks[key] = try Self.required(key, value)
        }
        rest.removeAll { $0.key.hasPrefix("+") }
        if !rest.isEmpty {
            throw WorkflowLoadFailure(
                message: "Workflow '\(name)' includes unknown keys: [\(rest.keys.joined(separator: ", "))]", kind: "config")
        }
        self.name = name
        let problems = tasks.keys.flatMap { ModelNameRules.taskNameProblems($0) } + ModelNameRules.workflowNameProblems(name)
        if !problems.isEmpty {
            throw WorkflowLoadFailure(
                message: (["Validating workflow failed"] + problems).joined(separator: "\n"), kind: "model validation")
        }
    }

    /// Prefixes `_export._workdir` with a subdirectory, as Digdag does for workflows in subdirectories.
    public mutating func setBaseWorkdir(_ base: String) {
        if case .string(let workdir)? = export["_workdir"] {
            export["_workdir"] = .string(base + "/" + workdir)
        } else {
            export["_workdir"] = .string(base)
        }
    }

    /// Digdag reads top-level keys with `Config.get`, which refuses a null value.
    private static func required(_ key: String, _ value: ConfigValue) throws(WorkflowLoadFailure) -> ConfigValue {
        if value.isNull {
            throw WorkflowLoadFailure(message: "Parameter '\(key)' is required but null", kind: "config")
        }
        return value
    }

    private static func timeZone(from value: ConfigValue?) throws(WorkflowLoadFailure) -> String {
        guard let value, !value.isNull else { return "UTC" }
        let summary = "Expected [reference type, class com.google.common.base.Optional<[simple type, class java.time.ZoneId]>]"
            + " for key 'timezone' but got \(JSONText.compact(value)) (\(value.kindName))"
        guard case .string(let id) = value else {
            throw WorkflowLoadFailure(message: summary, kind: "config")
        }
        do {
            return try ZoneIdentifier.normalize(id)
        } catch {
            throw WorkflowLoadFailure(
                message: summary, kind: "config",
                causes: [("Unknown time zone name: \(id)", "json mapping"), (error.message, error.kind)])
        }
    }
}

/// A workflow file failure with Java's exception kind and cause chain, for Digdag's error text.
struct WorkflowLoadFailure: Error {
    var message: String
    var kind: String
    var causes: [(message: String, kind: String)] = []

    init(message: String, kind: String, causes: [(String, String)] = []) {
        self.message = message
        self.kind = kind
        self.causes = causes.map { (message: $0.0, kind: $0.1) }
    }

    var configError: ConfigError { ConfigError(message) }
}
