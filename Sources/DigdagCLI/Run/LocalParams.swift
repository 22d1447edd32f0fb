import DigdagCore
import DigdagProject
import Foundation

/// `digdag run`'s override params: `params.*` system config keys, then the `-P` file, then
/// each `-p KEY=VALUE` (dotted keys nest; values are strings).
enum LocalParams {
    static func load(system: [String: String], paramsFile: String?, params: [(String, String)], cwd: URL) throws
        -> Config
    {
        var result: Config = [:]
        for key in system.keys.sorted() where key.hasPrefix("params.") {
            try setDotted(&result, String(key.dropFirst("params.".count)), system[key]!)
        }
        if let paramsFile {
            let file = URL(fileURLWithPath: paramsFile, relativeTo: cwd).standardizedFileURL
            result.deepMerge(try DigdagYAML.load(file))
        }
        for (key, value) in params { try setDotted(&result, key, value) }
        return result
    }

    static func setDotted(_ config: inout Config, _ key: String, _ value: String) throws {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        func set(_ node: inout Config, _ index: Int) throws {
            let part = parts[index]
            if index == parts.count - 1 {
                node[part] = .string(value)
                return
            }
            var nested: Config
            switch node[part] {
            case nil: nested = [:]
            case .object(let o)?: nested = o
            case let other?:
                let prefix = parts[0...index].joined(separator: ".")
                throw CLIError(
                    "Parameter '\(key)' is set but '\(prefix)' is not a object (\(JSONText.compact(other)))")
            }
            try set(&nested, index + 1)
            node[part] = .object(nested)
        }
        try set(&config, 0)
    }
}
