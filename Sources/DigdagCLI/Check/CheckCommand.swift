import ArgumentParser

/// `digdag check [workflow.dig] [options]` (alias `c`): shows workflow definitions.
struct CheckCommand: DigdagSubcommand {
    static let configuration = CommandConfiguration(commandName: "check", aliases: ["c"])

    @OptionGroup var options: CheckOptions

    var common: CommonOptions { options.common }

    static var keyValueOptionNames: Set<String> { ["-p", "--param"] }

    static func usage(_ context: UsageContext) -> String {
        """
        Usage: \(context.programName) check [workflow.dig] [options...]
          Options:
                --project DIR                use this directory as the project directory (default: current directory)
            -p, --param KEY=VALUE            overwrite a parameter (use multiple times to set many parameters)
            -P, --params-file PATH.yml       read parameters from a YAML file

        """ + context.commonOptions
    }

    func execute(_ context: CommandContext) async throws {
        guard options.hasValidArgumentCount else {
            throw usageExit(context)
        }
        var resolved = options
        resolved.common = context.common
        let code = try await checkProject(resolved, system: try context.loadSystemConfig())
        if code != 0 {
            throw SystemExit(code: code)
        }
    }
}
