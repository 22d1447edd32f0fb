import DigdagCore
import DigdagOperatorKit

/// Environment variables that script operators give their commands.
enum CommandEnvironment {
    /// True when `name` can be an environment variable name: `[a-zA-Z_][a-zA-Z_0-9]*`.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
        return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || (0x30...0x39).contains($0) }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// `sh>`'s exports: every param with a valid name, strings as they are, anything else as
    /// compact JSON. A null param fails as Digdag's `Config.get` does.
    static func parameterVariables(_ params: Config) throws -> [String: String] {
        var variables: [String: String] = [:]
        for (key, value) in params where isValidName(key) {
            switch value {
            case .null: throw ConfigError("Parameter '\(key)' is required but null")
            case .string(let text): variables[key] = text
            default: variables[key] = JSONText.compact(value)
            }
        }
        return variables
    }

    /// The task's own `_env` (its local config, not inherited params) with `${secret:...}`
    /// resolved, added over `variables` (Digdag's privileged variables).
    static func addPrivilegedVariables(
        to variables: inout [String: String], localConfig: Config, secrets: any SecretProvider
    ) throws {
        let env = try privilegedSource(localConfig)
        // Digdag reads every value as a string first, then validates names while adding them.
        var templates: [(String, String)] = []
        for (key, value) in env {
            templates.append((key, try ParamReader.string(value, key: key)))
        }
        for (name, template) in templates {
            guard isValidName(name) else { throw ConfigError("Invalid _env key name: \(name)") }
            variables[name] = try SecretTemplate(template).format(secrets)
        }
    }

    private static func privilegedSource(_ localConfig: Config) throws -> Config {
        switch localConfig["_env"] {
        case nil, .null?: return [:]
        case .object(let env)?: return env
        case let other?:
            throw ConfigError(
                "Expected object type for key '_env' but got \(ParamReader.sample(other)) (\(other.kindName))")
        }
    }
}
