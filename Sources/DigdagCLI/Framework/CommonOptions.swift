import DigdagOperatorKit
import ArgumentParser

/// Options every Digdag command accepts (`cli:Command.java`): config file, logging, `-X`, `--help`.
struct CommonOptions: ParsableArguments, Sendable {
    /// `-c, --config PATH`: a Java properties file that replaces the default config file.
    @Option(name: [.customShort("c"), .customLong("config")], parsing: .unconditional)
    var configPath: String?

    /// `-L, --log PATH`: log file; `-` (the default) is the console.
    @Option(name: [.customShort("L"), .customLong("log")], parsing: .unconditional)
    var logPath: String = "-"

    /// `-l, --log-level LEVEL`: `error`, `warn`, `info` (default), `debug` or `trace`.
    @Option(name: [.customShort("l"), .customLong("log-level")], parsing: .unconditional)
    var logLevel: String = "info"

    /// `--logback-config PATH`: accepted for compatibility; Logback is not used here.
    @Option(name: .customLong("logback-config"), parsing: .unconditional)
    var logbackConfigPath: String?

    /// `-X KEY=VALUE` arguments, in command-line order (validated to contain `=`).
    @Option(name: .customShort("X"), parsing: .unconditionalSingleValue)
    var systemPropertyArguments: [String] = []

    /// `--help` / `-help`: print the command's usage and exit 0.
    @Flag(name: [.customLong("help"), .customLong("help", withSingleDash: true)])
    var help = false

    /// Required by ArgumentParser; obtain values with `CommonOptions.parse(_:)` (`parse([])`
    /// for the defaults), since property wrappers of a bare `init()` value cannot be read.
    init() {}

    /// `-X` values split into key and value at the first `=`, later ones winning on equal keys.
    var systemProperties: [(key: String, value: String)] {
        systemPropertyArguments.compactMap { argument in
            guard let separator = argument.firstIndex(of: "=") else { return nil }
            return (String(argument[..<separator]), String(argument[argument.index(after: separator)...]))
        }
    }

    /// The parsed log level, or `nil` when the text is not one Digdag knows.
    var parsedLogLevel: LogLevel? { LogLevel(rawValue: logLevel) }
}

extension LogLevel {
    /// Whether errors should print extra diagnostic detail (Digdag's "verbose" for debug/trace).
    var isVerbose: Bool { self == .debug || self == .trace }
}
