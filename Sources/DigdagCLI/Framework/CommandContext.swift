import Foundation

/// What a command needs from the process: the environment and the main-level options.
struct CommandContext: Sendable {
    /// The process environment (`DIGDAG_CONFIG_HOME`, `DIGDAG_CONFIG`, `HOME`, ...).
    let environment: [String: String]
    /// The command's common options, with the main-level `-c` applied when the command had none.
    let common: CommonOptions
    /// The program name used in usage and hint texts.
    let programName: String

    /// Creates a context.
    init(environment: [String: String], common: CommonOptions, programName: String = "digdag") {
        self.environment = environment
        self.common = common
        self.programName = programName
    }

    /// Where Digdag keeps per-user files (`config`, `secrets/`).
    var configPaths: ConfigPaths { ConfigPaths(environment: environment) }

    /// Loads the system configuration with Digdag's precedence rules (see ``SystemConfig``).
    func loadSystemConfig() throws -> SystemConfig {
        try SystemConfig.load(
            configPath: common.configPath,
            systemProperties: common.systemProperties,
            environment: environment
        )
    }
}
