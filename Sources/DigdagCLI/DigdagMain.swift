import ArgumentParser
import Foundation

/// Entry point of the `digdag` command line.
///
/// The flow mirrors Digdag's `cli:Main.java`: `--version` anywhere prints the version alone;
/// otherwise the banner goes to stderr, main-level options (`-c`, `--help`) come before the
/// command name, the command's arguments are checked JCommander-style and parsed by
/// ArgumentParser, `--help` and the log level are handled, and the command runs. Every failure
/// becomes `error: <message>` on stderr and an exit code; nothing ever prints a stack trace.
public enum DigdagMain {
    /// Runs the command line with the process arguments and exits with its status.
    public static func main() async {
        if EmbulkMain.invokedAsEmbulk(CommandLine.arguments.first ?? "") {
            exit(EmbulkMain.run(
                arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment))
        }
        // Only commands that run tasks need `embulk` on PATH: `--version` and the client
        // commands start without looking at PATH or touching the binary's directory.
        if CommandLine.arguments.dropFirst().contains(where: EmbulkOnPath.taskRunningCommands.contains) {
            EmbulkOnPath.ensure()
        }
        let code = await run(
            arguments: Array(CommandLine.arguments.dropFirst()),
            environment: ProcessInfo.processInfo.environment
        )
        exit(code)
    }

    /// Runs one invocation and returns its exit status (no `exit` call; usable in-process).
    public static func run(arguments: [String], environment: [String: String]) async -> Int32 {
        if arguments.first == "embulk" {
            return await EmbulkMain.runOnOwnThread(arguments: Array(arguments.dropFirst()), environment: environment)
        }
        if arguments.contains("--version") {
            StandardStreams.out(Banner.version)
            return 0
        }
        StandardStreams.err(Banner.line())
        let usageContext = UsageContext(environment: environment)
        do {
            let invocation = try parse(arguments, environment: environment)
            try await invocation.command.execute(invocation.context)
            return 0
        } catch {
            return report(error, usageContext: usageContext)
        }
    }

    /// A parsed command with the context it runs in.
    struct Invocation {
        var command: any DigdagSubcommand
        var context: CommandContext
    }

    static func parse(_ arguments: [String], environment: [String: String]) throws -> Invocation {
        let usageContext = UsageContext(environment: environment)
        let mainUsage = SystemExit.usage(MainUsage.text(usageContext, withHint: true))
        var index = 0
        var mainConfigPath: String?
        var help = false
        // Main-level options. Any mistake here only leads to the usage text (exit 0), as in Digdag.
        while index < arguments.count, arguments[index].hasPrefix("-") {
            switch arguments[index] {
            case "-c", "--config":
                guard index + 1 < arguments.count else { throw mainUsage }
                mainConfigPath = arguments[index + 1]
                index += 2
            case "--help", "-help":
                help = true
                index += 1
            default:
                throw mainUsage
            }
        }
        guard index < arguments.count else { throw mainUsage }
        let name = arguments[index]
        guard let type = DigdagRootCommand.subcommand(named: name) else {
            let list = DigdagRootCommand.commandNames.joined(separator: ", ")
            throw SystemExit.usage(
                MainUsage.text(usageContext, withHint: false),
                error: "available commands are: [\(list)]"
            )
        }
        var rest = Array(arguments[(index + 1)...])
        if type.checksOptions, let table = OptionTable.forCommand(type) {
            rest = try ArgumentScanner(table: table, keyValueOptions: type.keyValueOptionNames).scan(rest)
        }
        let parsed: any ParsableCommand
        do {
            parsed = try DigdagRootCommand.parseAsRoot([type.configuration.commandName ?? name] + rest)
        } catch {
            throw CLIError(ParserMessage.digdagText(for: DigdagRootCommand.message(for: error)))
        }
        if help {
            throw mainUsage
        }
        guard let command = parsed as? any DigdagSubcommand else { throw mainUsage }
        var common = command.common
        if common.help {
            throw SystemExit.usage(type.usage(usageContext))
        }
        if common.parsedLogLevel == nil {
            throw SystemExit.usage(
                MainUsage.text(usageContext, withHint: false),
                error: "Unknown log level '\(common.logLevel)'"
            )
        }
        if common.configPath == nil {
            common.configPath = mainConfigPath
        }
        return Invocation(command: command, context: CommandContext(environment: environment, common: common))
    }

    /// Prints `error` Digdag's way and returns the exit status.
    static func report(_ error: any Error, usageContext: UsageContext) -> Int32 {
        switch error {
        case let exit as SystemExit:
            if let usage = exit.usage {
                StandardStreams.errRaw(usage)
            }
            if let message = exit.message {
                StandardStreams.err("error: " + message)
            }
            return exit.code
        case let failure as CLIError:
            StandardStreams.err("error: " + failure.message)
            return 1
        case let code as ExitCode:
            return code.rawValue
        default:
            let message = ErrorText.describe(error)
            StandardStreams.err("error: " + (message.isEmpty ? String(reflecting: error) : message))
            return 1
        }
    }
}
