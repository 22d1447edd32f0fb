import ArgumentParser
import Foundation

/// The option names a command declares and how many values each takes.
///
/// The truth is ArgumentParser's own description of the command (its `_dumpHelp()` JSON), so
/// the table can never disagree with the property wrappers. Reading it costs a few milliseconds
/// of type metadata and JSON per start, so `digdag` uses the copy in `OptionTable+Declared.swift`,
/// which a test compares with ArgumentParser's description of every command (and prints anew when
/// they differ).
struct OptionTable: Sendable, Equatable {
    /// How many values an option consumes, in JCommander's terms.
    enum Arity: Sendable, Equatable {
        /// A boolean flag: no value.
        case flag
        /// Exactly one value, taken even if it starts with `-`.
        case single
        /// Values up to the next option (JCommander `variableArity`).
        case variable
    }

    /// Arity by option spelling as typed, e.g. `-t` or `--session`.
    private(set) var arities: [String: Arity] = [:]

    /// A table of known arities.
    init(arities: [String: Arity]) {
        self.arities = arities
    }

    /// The table for `command`: the declared copy, else ArgumentParser's description.
    static func forCommand(_ command: any ParsableCommand.Type) -> OptionTable? {
        if let name = command.configuration.commandName, let arities = declared(name) {
            return OptionTable(arities: arities)
        }
        return OptionTable(command: command)
    }

    /// The declared arities of command `name`: its own options and those every command has.
    static func declared(_ name: String) -> [String: Arity]? {
        declaredOwn[name]?.merging(declaredCommon) { own, _ in own }
    }

    /// Reads the table for `command`; `nil` if ArgumentParser's description cannot be read.
    init?(command: any ParsableCommand.Type) {
        guard let data = command._dumpHelp().data(using: .utf8),
            let info = try? JSONDecoder().decode(ToolInfo.self, from: data)
        else { return nil }
        for argument in info.command.arguments ?? [] {
            let arity: Arity
            switch argument.kind {
            case "flag": arity = .flag
            case "option": arity = argument.parsingStrategy == "upToNextOption" ? .variable : .single
            default: continue
            }
            for name in argument.names ?? [] {
                switch name.kind {
                case "short": arities["-" + name.name] = arity
                case "longWithSingleDash": arities["-" + name.name] = arity
                default: arities["--" + name.name] = arity
                }
            }
        }
    }

    /// The arity of `spelling`, or `nil` if the command has no such option.
    func arity(of spelling: String) -> Arity? {
        arities[spelling]
    }

    private struct ToolInfo: Decodable {
        var command: Command
    }

    private struct Command: Decodable {
        var arguments: [Argument]?
    }

    private struct Argument: Decodable {
        var kind: String
        var names: [Name]?
        var parsingStrategy: String?
    }

    private struct Name: Decodable {
        var kind: String
        var name: String
    }
}
