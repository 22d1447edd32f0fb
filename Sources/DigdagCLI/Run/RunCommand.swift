import ArgumentParser

/// `digdag run <workflow.dig> [+task] [options]` (alias `r`): runs a workflow locally.
struct RunCommand: DigdagSubcommand {
    static let configuration = CommandConfiguration(commandName: "run", aliases: ["r"])

    @OptionGroup var options: RunOptions

    var common: CommonOptions { options.common }

    static var keyValueOptionNames: Set<String> { ["-p", "--param"] }

    static func usage(_ context: UsageContext) -> String {
        """
        Usage: \(context.programName) run <workflow.dig> [+task] [options...]
          Options:
                --project DIR                use this directory as the project directory (default: current directory)
            -a, --rerun                      ignores status files saved at .digdag/status and re-runs all tasks
            -s, --start +NAME                runs this task and its following tasks even if their status files are stored at .digdag/status
            -g, --goal +NAME                 runs this task and its children tasks even if their status files are stored at .digdag/status
            -e, --end +NAME                  skips this task and its following tasks
            -o, --save DIR                   uses this directory to read and write status files (default: .digdag/status)
                --no-save                    doesn't save status files at .digdag/status
            -p, --param KEY=VALUE            overwrites a parameter (use multiple times to set many parameters)
            -P, --params-file PATH.yml       reads parameters from a YAML file
            -d, --dry-run                    dry-run mode doesn't execute tasks
            -E, --show-params                show task parameters before running a task
                --session <daily | hourly | schedule | last | "yyyy-MM-dd[ HH:mm:ss]">  set session_time to this time
                                             (default: last, reuses the latest session time stored at .digdag/status)
            --max-task-threads               Limit maximum number of task execution threads on the execution
            -O, --task-log DIR               store task logs to this path

        """ + context.commonOptions
    }

    func execute(_ context: CommandContext) async throws {
        if let conflict = options.forbiddenCombinationError {
            throw usageExit(context, error: conflict)
        }
        guard options.hasValidArgumentCount else {
            throw usageExit(context)
        }
        var resolved = options
        resolved.common = context.common
        let system = options.applying(to: try context.loadSystemConfig())
        let code = try await runLocalWorkflow(resolved, system: system)
        if code != 0 {
            throw SystemExit(code: code)
        }
    }
}
