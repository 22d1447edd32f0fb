import Foundation

/// What a command needs from the process: the environment and the main-level options.
public struct CommandContext: Sendable {
    /// The process environment (`DIGDAG_CONFIG_HOME`, `DIGDAG_CONFIG`, `HOME`, ...).
    public let environment: [String: String]
    /// The command's common options, with the main-level `-c` applied when the command had none.
    public let common: CommonOptions
    /// The program name used in usage and hint texts.
    public let programName: String

    /// Creates a context.
    public init(environment: [String: String], common: CommonOptions, programName: String = "digdag") {
        self.environment = environment
        self.common = common
        self.programName = programName
    }

    /// Where Digdag keeps per-user files (`config`, `secrets/`).
    public var configPaths: ConfigPaths { ConfigPaths(environment: environment) }

    /// Loads the system configuration with Digdag's precedence rules (see ``SystemConfig``).
    public func loadSystemConfig() throws -> SystemConfig {
        try SystemConfig.load(
            configPath: common.configPath,
            systemProperties: common.systemProperties,
            environment: environment
        )
    }
}
