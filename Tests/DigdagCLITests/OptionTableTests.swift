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
        let declared = Dictionary(uniqueKeysWithValues: OptionTable.declaredOwn.keys.map { ($0, OptionTable.declared($0)!) })
        #expect(
            described == declared,
            "Sources/DigdagCLI/Framework/OptionTable+Declared.swift is out of date; its new text:\n\(Self.source(described))")
    }

    @Test func declaredTableIsUsed() throws {
        let table = try #require(OptionTable.forCommand(RunCommand.self))
        #expect(table == OptionTable(arities: try #require(OptionTable.declared("run"))))
        #expect(table.arity(of: "--session") == .single)
        #expect(table.arity(of: "--rerun") == .flag)
        #expect(table.arity(of: "--log-level") == .single)
    }

    /// The Swift text of the declared tables: the options every command has, then each command's own.
    static func source(_ tables: [String: [String: OptionTable.Arity]]) -> String {
        var common = tables.values.first ?? [:]
        for table in tables.values { common = common.filter { table[$0.key] == $0.value } }
        func entries(_ table: [String: OptionTable.Arity], indent: String) -> String {
            table.sorted { $0.key < $1.key }.map { "\(indent)\"\($0.key)\": .\($0.value),\n" }.joined()
        }
        var text = """
            // The option tables of the commands, as ArgumentParser describes them (see OptionTable).
            // Checked by Tests/DigdagCLITests/OptionTableTests.swift, which prints this file anew when a
            // command's options change.

            extension OptionTable {
                /// Arity by option spelling of the options every command has.
                static let declaredCommon: [String: Arity] = [

            """
        text += entries(common, indent: "        ")
        text += """
                ]

                /// Arity by option spelling of each command's other options, by command name.
                static let declaredOwn: [String: [String: Arity]] = [

            """
        for name in tables.keys.sorted() {
            let own = tables[name]!.filter { common[$0.key] == nil }
            if own.isEmpty {
                text += "        \"\(name)\": [:],\n"
            } else {
                text += "        \"\(name)\": [\n" + entries(own, indent: "            ") + "        ],\n"
            }
        }
        text += "    ]\n}\n"
        return text
    }
}
