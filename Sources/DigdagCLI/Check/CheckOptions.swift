import ArgumentParser

/// Everything `digdag check` accepts (`cli:Check.java`), parsed but not interpreted.
struct CheckOptions: ParsableArguments, Sendable {
    /// Common options, with the main-level `-c` already applied when ``checkProject(_:system:)`` runs.
    @OptionGroup var common: CommonOptions

    /// `--project DIR`: the project directory (default: the current directory).
    @Option(name: .customLong("project"), parsing: .unconditional)
    var projectDirectory: String?

    /// Raw `-p, --param KEY=VALUE` values in order; see ``params``.
    @Option(name: [.customShort("p"), .customLong("param")], parsing: .unconditionalSingleValue)
    var paramArguments: [String] = []

    /// `-P, --params-file PATH`: a YAML/JSON file of parameters, merged before `-p`.
    @Option(name: [.customShort("P"), .customLong("params-file")], parsing: .unconditional)
    var paramsFile: String?

    /// Positional arguments: `[workflow.dig]` (accepted; Digdag shows all workflows anyway).
    @Argument var arguments: [String] = []

    /// Required by ArgumentParser; build values with `parse(_:)` (e.g. `parse(["x.dig"])`),
    /// since property wrappers of a bare `init()` value cannot be read.
    init() {}

    /// The optional workflow argument.
    var workflow: String? { arguments.first }

    /// Whether zero or one positional argument was given (otherwise usage, exit 0).
    var hasValidArgumentCount: Bool { arguments.count <= 1 }

    /// `-p` pairs in order, with Digdag's comma handling (``KeyValueArguments``); later keys win.
    var params: [(key: String, value: String)] { KeyValueArguments.pairs(paramArguments) }
}
