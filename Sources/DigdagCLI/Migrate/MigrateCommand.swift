import ArgumentParser
import DigdagStorage
import Foundation
import Logging

/// `digdag migrate (run|check)`: applies or lists the database migrations of the server's database.
struct MigrateCommand: DigdagSubcommand {
    static let configuration = CommandConfiguration(commandName: "migrate")

    @OptionGroup var common: CommonOptions
    @Option(name: [.customShort("o"), .customLong("database")], parsing: .unconditional) var database: String?
    @Argument var arguments: [String] = []

    static func usage(_ context: UsageContext) -> String {
        """
        Usage: \(context.programName) migrate (run|check) run or check database migration
          Options:
            -c, --config PATH.properties     configuration file (default: ~/.config/digdag/config)
            -o, --database DIR               path to H2 database

        """
    }

    func execute(_ context: CommandContext) async throws {
        guard arguments.count == 1 else { throw usageExit(context, error: "Invalid parameters") }
        let run: Bool
        switch arguments[0] {
        case "run": run = true
        case "check": run = false
        default: throw usageExit(context, error: "Invalid command")
        }
        if database == nil && context.common.configPath == nil {
            throw usageExit(context, error: "--database, or --config option is required")
        }
        var system = try context.loadSystemConfig()
        if let database {
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            system.useEmbeddedDatabase(in: database, cwd: cwd)
        }
        let logger = Logger(label: "io.digdag.cli.Migrate") { _ in SwiftLogNoOpLogHandler() }
        let storage = try await ServerStorage.open(system, logger: logger)
        let output: String
        do {
            output = try await migrate(storage, run: run)
        } catch {
            await storage.close()
            throw error
        }
        await storage.close()
        StandardStreams.outRaw(output)
    }

    private func migrate(_ storage: any DigdagStorage, run: Bool) async throws -> String {
        do {
            if run {
                return try await storage.migrate().isEmpty ? "No update\n" : "Migrations successfully finished\n"
            }
            guard let pending = try await storage.pendingMigrations() else { return "No table exist\n" }
            return pending.isEmpty ? "No update\n" : pending.map { $0 + "\n" }.joined()
        } catch {
            throw CLIError("\(error)")
        }
    }
}
