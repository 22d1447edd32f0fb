import ArgumentParser
import DigdagCore
import Foundation

/// `-p KEY=VALUE` and `-P file.yml` of `start` and `retry`.
struct SessionParamsOptions: ParsableArguments, Sendable {
    /// Raw `-p, --param KEY=VALUE` values.
    @Option(name: [.customShort("p"), .customLong("param")], parsing: .unconditionalSingleValue)
    var paramArguments: [String] = []

    /// `-P, --params-file PATH.yml`.
    @Option(name: [.customShort("P"), .customLong("params-file")], parsing: .unconditional)
    var paramsFile: String?

    /// Required by ArgumentParser.
    init() {}

    /// Override params: `params.*` system config keys, then the `-P` file, then `-p` pairs
    /// (`cli:Arguments.loadParams`).
    func load(_ context: CommandContext) throws -> Config {
        let system = try context.loadSystemConfig()
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let pairs = KeyValueArguments.pairs(paramArguments).map { ($0.key, $0.value) }
        return try LocalParams.load(system: system.properties, paramsFile: paramsFile, params: pairs, cwd: cwd)
    }
}
