import Foundation

/// Digdag's system configuration: the merged Java properties that configure the engine.
///
/// Precedence, later winning (`cli:Command.loadSystemProperties`):
/// 1. the default config file `ConfigPaths.defaultConfigFile`, only when `-c` is not given
///    (a missing default file is ignored);
/// 2. the `DIGDAG_CONFIG` environment variable, parsed as properties text;
/// 3. `-X KEY=VALUE` arguments;
/// 4. the `-c` file (which must exist).
struct SystemConfig: Sendable {
    /// All properties after merging.
    private(set) var properties: [String: String]
    /// The process environment the configuration was loaded with.
    let environment: [String: String]

    /// Creates a configuration from already-merged properties.
    init(properties: [String: String] = [:], environment: [String: String] = [:]) {
        self.properties = properties
        self.environment = environment
    }

    /// Loads and merges the sources in Digdag's order of precedence.
    static func load(
        configPath: String?,
        systemProperties: [(key: String, value: String)],
        environment: [String: String]
    ) throws -> SystemConfig {
        var merged: [String: String] = [:]
        func merge(_ pairs: [(key: String, value: String)]) {
            for pair in pairs { merged[pair.key] = pair.value }
        }
        if configPath == nil {
            let defaultFile = ConfigPaths(environment: environment).defaultConfigFile
            if let text = try? readFile(defaultFile) {
                merge(JavaProperties.parse(text))
            }
        }
        merge(JavaProperties.parse(environment["DIGDAG_CONFIG"] ?? ""))
        merge(systemProperties)
        if let configPath {
            merge(JavaProperties.parse(try readFile(configPath)))
        }
        return SystemConfig(properties: merged, environment: environment)
    }

    /// The value of `key`, if set.
    subscript(key: String) -> String? {
        properties[key]
    }

    /// The value of `key`, or `defaultValue` when unset.
    func string(_ key: String, default defaultValue: String) -> String {
        properties[key] ?? defaultValue
    }

    /// The value of `key` as an integer; `nil` when unset; an error when not an integer.
    func int(_ key: String) throws -> Int? {
        guard let text = properties[key] else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw CLIError("System config '\(key)' must be an integer but got: \(text)")
        }
        return value
    }

    /// The value of `key` as a boolean (Java `Boolean.parseBoolean`: only `true`, any case, is true).
    func bool(_ key: String, default defaultValue: Bool) -> Bool {
        guard let text = properties[key] else { return defaultValue }
        return text.lowercased() == "true"
    }

    /// Entries whose key starts with `prefix`, with the prefix removed, sorted by key.
    ///
    /// `entries(withPrefix: "params.")` gives the `params.*` keys that `digdag run` and `check`
    /// turn into override parameters (dotted keys nest).
    func entries(withPrefix prefix: String) -> [(key: String, value: String)] {
        properties
            .filter { $0.key.hasPrefix(prefix) }
            .map { (key: String($0.key.dropFirst(prefix.count)), value: $0.value) }
            .sorted { $0.key < $1.key }
    }

    /// `executor.task_max_run`: the most tasks one attempt may have (Digdag's default is 1000).
    var taskMaxRun: Int {
        get throws { try int("executor.task_max_run") ?? 1000 }
    }

    /// `agent.max-task-threads`: task threads of the local agent; 0 or unset means unlimited.
    var maxTaskThreads: Int {
        get throws { try int("agent.max-task-threads") ?? 0 }
    }

    /// Where local secrets live (`<DIGDAG_CONFIG_HOME>/secrets`).
    var secretsDirectory: String {
        ConfigPaths(environment: environment).secretsDirectory
    }

    /// Returns a copy with `key` set to `value` (used for options such as `--max-task-threads`).
    func setting(_ key: String, to value: String) -> SystemConfig {
        var copy = self
        copy.properties[key] = value
        return copy
    }

    /// Sets `key` to `value` (server options overriding the config file).
    mutating func set(_ key: String, _ value: String) {
        properties[key] = value
    }

    private static func readFile(_ path: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError("\(path) (no such file)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("\(path) (access denied)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
