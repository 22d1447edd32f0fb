import ArgumentParser

/// Everything `digdag run` accepts (`cli:Run.java`), parsed but not interpreted.
struct RunOptions: ParsableArguments, Sendable {
    /// Common options (config, log, `-X`, `--help`), with the main-level `-c` already applied
    /// by the time ``runLocalWorkflow(_:system:)`` sees them.
    @OptionGroup var common: CommonOptions

    /// `--project DIR`: the project directory (default: the current directory).
    @Option(name: .customLong("project"), parsing: .unconditional)
    var projectDirectory: String?

    /// `-a, --rerun, --all`: ignore status files and run every task.
    @Flag(name: [.customShort("a"), .customLong("rerun"), .customLong("all")])
    var rerunAll = false

    /// `-s, --start +NAME`: run this task and everything after it even if status files exist.
    @Option(name: [.customShort("s"), .customLong("start")], parsing: .unconditional)
    var start: String?

    /// `-g, --goal +NAME`: run this task and its children even if status files exist; skip later ones.
    @Option(name: [.customShort("g"), .customLong("goal")], parsing: .unconditional)
    var goal: String?

    /// `-e, --end +NAME`: skip this task and everything after it.
    @Option(name: [.customShort("e"), .customLong("end")], parsing: .unconditional)
    var end: String?

    /// `-o, --save DIR`: status directory, relative to the project directory.
    @Option(name: [.customShort("o"), .customLong("save")], parsing: .unconditional)
    var saveDirectory: String = ".digdag/status"

    /// `--no-save`: neither read nor write status files.
    @Flag(name: .customLong("no-save"))
    var noSave = false

    /// Raw `-p, --param KEY=VALUE` values in order; see ``params``.
    @Option(name: [.customShort("p"), .customLong("param")], parsing: .unconditionalSingleValue)
    var paramArguments: [String] = []

    /// `-P, --params-file PATH`: a YAML/JSON file of parameters, merged before `-p`.
    @Option(name: [.customShort("P"), .customLong("params-file")], parsing: .unconditional)
    var paramsFile: String?

    /// `-t, --session, --session-time EXPR`: `last` (default), `daily`, `hourly`, `schedule`,
    /// `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss`. Not validated here.
    @Option(name: [.customShort("t"), .customLong("session"), .customLong("session-time")], parsing: .unconditional)
    var session: String = "last"

    /// `-d, --dry-run`: do not execute operators.
    @Flag(name: [.customShort("d"), .customLong("dry-run")])
    var dryRunFlag = false

    /// `-E, --show-params`: log each task's evaluated parameters before running it.
    @Flag(name: [.customShort("E"), .customLong("show-params")])
    var showParamsFlag = false

    /// `-dE`: both of the above (a distinct option in Digdag).
    @Flag(name: .customLong("dE", withSingleDash: true))
    var dryRunAndShowParams = false

    /// `--timezone ZONE`: parsed and ignored, as in Digdag.
    @Option(name: .customLong("timezone"), parsing: .unconditional)
    var timezone: String?

    /// Raw `--max-task-threads N`; see ``maxTaskThreads``.
    @Option(name: .customLong("max-task-threads"), parsing: .unconditional)
    var maxTaskThreadsArgument: String = "0"

    /// `-O, --task-log DIR`: also write per-task logs under this directory.
    @Option(name: [.customShort("O"), .customLong("task-log")], parsing: .unconditional)
    var taskLogDirectory: String?

    /// Positional arguments: `<workflow[.dig]> [+task]`.
    @Argument var arguments: [String] = []

    /// Required by ArgumentParser; build values with `parse(_:)` (e.g. `parse(["x.dig"])`),
    /// since property wrappers of a bare `init()` value cannot be read.
    init() {}

    /// Whether operators are skipped (`-d` or `-dE`).
    var dryRun: Bool { dryRunFlag || dryRunAndShowParams }

    /// Whether parameters are shown before each task (`-E` or `-dE`).
    var showParams: Bool { showParamsFlag || dryRunAndShowParams }

    /// `--max-task-threads`: 0 (default) means unlimited.
    var maxTaskThreads: Int { Int(maxTaskThreadsArgument) ?? 0 }

    /// The workflow argument (`x.dig` path or workflow name); valid when ``hasValidArgumentCount``.
    var workflow: String { arguments.first ?? "" }

    /// The optional `+task` argument selecting a subtree.
    var taskPattern: String? { arguments.count > 1 ? arguments[1] : nil }

    /// Whether one or two positional arguments were given (otherwise Digdag prints usage, exit 0).
    var hasValidArgumentCount: Bool { arguments.count == 1 || arguments.count == 2 }

    /// `-p` pairs in order, with Digdag's comma handling (``KeyValueArguments``); later keys win.
    var params: [(key: String, value: String)] { KeyValueArguments.pairs(paramArguments) }

    /// Digdag's error for options that cannot be combined, checked before anything else runs.
    var forbiddenCombinationError: String? {
        if start != nil && goal != nil {
            return "-s, --start and -g, --goal don't work together"
        }
        if goal != nil && end != nil {
            return "-s, --start and -e, --end don't work together"
        }
        if rerunAll && start != nil {
            return "-a, --rerun and -s, --start don't work together"
        }
        if rerunAll && goal != nil {
            return "-a, --rerun and -g, --goal don't work together"
        }
        return nil
    }

    /// Rejects a non-integer `--max-task-threads` with JCommander's conversion message.
    func validate() throws {
        if Int(maxTaskThreadsArgument) == nil {
            throw ValidationError("\"--max-task-threads\": couldn't convert \"\(maxTaskThreadsArgument)\" to an integer")
        }
    }

    /// The system config as `digdag run` sees it: `--max-task-threads` (when > 0) sets
    /// `agent.max-task-threads`; `-O` sets `log-server.type=local` and `log-server.local.path`.
    func applying(to system: SystemConfig) -> SystemConfig {
        var result = system
        if maxTaskThreads > 0 {
            result = result.setting("agent.max-task-threads", to: String(maxTaskThreads))
        }
        if let taskLogDirectory {
            result = result.setting("log-server.type", to: "local").setting("log-server.local.path", to: taskLogDirectory)
        }
        return result
    }
}
