import ArgumentParser
import Testing

@testable import DigdagCLI

/// `OptionTable+Declared.swift` must say what ArgumentParser says of every command.
@Suite struct OptionTableTests {
    /// Every subcommand whose arguments are checked, by name.
    static var commands: [(String, any DigdagSubcommand.Type)] {
        DigdagRootCommand.configuration.subcommands.compactMap { type in
            guard let command = type as? any DigdagSubcommand.Type, command.checksOptions,
                let name = command.configuration.commandName
            else { return nil }
            return (name, command)
        }
    }

    @Test func declaredTablesMatchArgumentParser() {
        var described: [String: [String: OptionTable.Arity]] = [:]
        for (name, command) in Self.commands {
            described[name] = OptionTable(command: command)?.arities
        }
        #expect(
            described == OptionTable.declared,
            "Sources/DigdagCLI/Framework/OptionTable+Declared.swift is out of date; its new text:\n\(Self.source(described))")
    }

    @Test func declaredTableIsUsed() throws {
        let table = try #require(OptionTable.forCommand(RunCommand.self))
        #expect(table.arity(of: "--session") == .single)
        #expect(table.arity(of: "--rerun") == .flag)
    }

    /// The Swift text of the declared tables.
    static func source(_ tables: [String: [String: OptionTable.Arity]]) -> String {
        var text = """
            // The option tables of the commands, as ArgumentParser describes them (see OptionTable).
            // Checked by Tests/DigdagCLITests/OptionTableTests.swift, which prints this file anew when a
            // command's options change.

            extension OptionTable {
                /// Arity by option spelling, by command name.
                static let declared: [String: [String: Arity]] = [

            """
        for name in tables.keys.sorted() {
            let entries = tables[name]!.sorted { $0.key < $1.key }.map { "\"\($0.key)\": .\($0.value)" }
            text += "        \"\(name)\": [\n"
            for entry in entries { text += "            \(entry),\n" }
            text += "        ],\n"
        }
        text += "    ]\n}\n"
        return text
    }
}
