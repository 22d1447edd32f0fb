import DigdagCore
import DigdagTransfer
import Foundation

/// The `embulk` entry point (the binary run as `embulk`, or `digdag embulk ...`): Embulk's
/// command line for the built-in, JVM-free transfer.
///
/// `embulk run CONFIG [-o NEXT.yml]`, `embulk preview CONFIG`, `embulk --version`. Log lines go
/// to stdout as Embulk's do; a failure prints `Error: <message>` to stderr and exits with 1.
enum EmbulkMain {
    static let usage = """
        Embulk v\(TransferRunner.version) (built into digdag; no JVM, no gems)
        Usage: embulk <command> [--options]
        Commands:
           run <config.yml>              # run a bulk load transaction.
           preview <config.yml>          # dry-run the bulk load without output and show preview.
           guess <partial-config.yml>    # guess the csv parser of in: {type: file} (-o writes the config).
        Options of run:
           -o, --output PATH             # write the next config (with last_record) to PATH.
           -l, --log-level LEVEL         # accepted; this embulk logs at INFO.
        Built-in plugins: input \(PluginRegistry.inputTypes.joined(separator: ", ")); output \(PluginRegistry.outputTypes.joined(separator: ", ")).
        """

    /// True when the process was started under the name `embulk` (a symlink to digdag).
    static func invokedAsEmbulk(_ argv0: String) -> Bool {
        (argv0 as NSString).lastPathComponent == "embulk"
    }

    /// `run` on a thread of its own, so that the blocking database calls (and the waits for
    /// postgres-nio) never hold one of Swift's cooperative threads.
    static func runOnOwnThread(arguments: [String], environment: [String: String]) async -> Int32 {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: run(arguments: arguments, environment: environment))
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Runs Embulk's command line and answers the exit status (blocking the calling thread).
    static func run(arguments: [String], environment: [String: String]) -> Int32 {
        var args = arguments[...]
        guard let command = args.popFirst() else {
            StandardStreams.err(usage)
            return 1
        }
        switch command {
        case "--version", "-version", "version":
            StandardStreams.out("embulk \(TransferRunner.version) (digdag built-in)")
            return 0
        case "--help", "-h", "help":
            StandardStreams.out(usage)
            return 0
        case "run", "preview", "guess":
            break
        case "gem", "bundle", "example", "selfupdate", "mkbundle", "new", "migrate", "cleanup":
            StandardStreams.err("Error: 'embulk \(command)' is not available in digdag's built-in embulk (no JVM, no gems); "
                + "built-in plugins are input: \(PluginRegistry.inputTypes.joined(separator: ", ")), "
                + "filter: \(PluginRegistry.filterTypes.joined(separator: ", ")), "
                + "output: \(PluginRegistry.outputTypes.joined(separator: ", "))")
            return 1
        default:
            StandardStreams.err("Error: unknown command '\(command)'\n\(usage)")
            return 1
        }
        var configPath: String?
        var nextPath: String?
        while let arg = args.popFirst() {
            switch arg {
            case "-o", "--output":
                guard let path = args.popFirst() else { return fail("-o needs a file name") }
                nextPath = path
            case "-l", "--log-level", "-L", "--load", "-I", "--load-path", "-C", "--classpath", "-b", "--bundle",
                "-r", "--resume-state", "-c", "--config-diff", "--log", "-X":
                _ = args.popFirst()
            default:
                if arg.hasPrefix("-") { continue }
                configPath = arg
            }
        }
        guard let configPath else { return fail("a config file is required: embulk \(command) CONFIG.yml") }
        let log = TransferLog(now: { Date() }, write: { StandardStreams.outRaw($0) })
        StandardStreams.out("\(log.stamp()): Embulk v\(TransferRunner.version) (digdag built-in, no JVM)")
        do {
            let config = try EmbulkConfigLoader.load(path: configPath, environment: environment)
            if command == "preview" {
                StandardStreams.outRaw(try TransferPreview.run(config, log: log))
                return 0
            }
            if command == "guess" { return try guess(config, log: log, nextPath: nextPath) }
            let result = try TransferRunner().run(config, log: log)
            if let nextPath {
                try Data(YAMLConfigWriter.text(result.nextConfig).utf8).write(to: URL(fileURLWithPath: nextPath))
                log.info("Next config is written to \(nextPath)")
            }
            return 0
        } catch {
            log.error("Transaction failed: \(error)")
            return fail("\(error)")
        }
    }

    /// `guess`: prints the completed config and writes it to `-o` when given.
    static func guess(_ seed: Config, log: TransferLog, nextPath: String?) throws -> Int32 {
        let guessed = try CSVGuess.guess(seed, log: log)
        let text = YAMLConfigWriter.text(guessed)
        StandardStreams.outRaw(text)
        if let nextPath {
            try Data(text.utf8).write(to: URL(fileURLWithPath: nextPath))
            StandardStreams.out("Created '\(nextPath)' file.")
        } else {
            StandardStreams.out("Use -o PATH option to write the guessed config file to a file.")
        }
        return 0
    }

    static func fail(_ message: String) -> Int32 {
        StandardStreams.err("Error: \(message)")
        return 1
    }
}
