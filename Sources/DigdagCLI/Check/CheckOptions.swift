import ArgumentParser

/// Everything `digdag check` accepts (`cli:Check.java`), parsed but not interpreted.
public struct CheckOptions: ParsableArguments, Sendable {
    /// Common options, with the main-level `-c` already applied when ``checkProject(_:system:)`` runs.
    @OptionGroup public var common: CommonOptions

    /// `--project DIR`: the project directory (default: the current directory).
    @Option(name: .customLong("project"), parsing: .unconditional)
    public var projectDirectory: String?

    /// Raw `-p, --param KEY=VALUE` values in order; see ``params``.
    @Option(name: [.customShort("p"), .customLong("param")], parsing: .unconditionalSingleValue)
    public var paramArguments: [String] = []

    /// `-P, --params-file PATH`: a YAML/JSON file of parameters, merged before `-p`.
    @Option(name: [.customShort("P"), .customLong("params-file")], parsing: .unconditional)
    public var paramsFile: String?

    /// Positional arguments: `[workflow.dig]` (accepted; Digdag shows all workflows anyway).
    @Argument public var arguments: [String] = []

    /// Required by ArgumentParser; build values with `parse(_:)` (e.g. `parse(["x.dig"])`),
    /// since property wrappers of a bare `init()` value cannot be read.
    public init() {}

    /// The optional workflow argument.
    public var workflow: String? { arguments.first }

    /// Whether zero or one positional argument was given (otherwise usage, exit 0).
    public var hasValidArgumentCount: Bool { arguments.count <= 1 }

    /// `-p` pairs in order, with Digdag's comma handling (``KeyValueArguments``); later keys win.
    public var params: [(key: String, value: String)] { KeyValueArguments.pairs(paramArguments) }
}
