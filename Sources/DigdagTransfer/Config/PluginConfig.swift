import DigdagCore

/// One section of an Embulk config (`in:`, `out:`, a parser...) with typed getters whose error
/// messages read like Embulk's (`Field 'host' is required but not set`).
public struct PluginConfig: Sendable {
    /// The section's keys and values, in file order.
    public var values: Config
    /// Where the section sits in the config (`in`, `out`, `in.parser`), for messages.
    public var path: String

    /// Wraps a section.
    public init(_ values: Config, path: String) {
        self.values = values
        self.path = path
    }

    /// The raw value of `key`, nil when absent or null.
    package subscript(_ key: String) -> ConfigValue? {
        guard let value = values[key], !value.isNull else { return nil }
        return value
    }

    /// A required string (numbers and booleans are taken as text, as Jackson does).
    package func string(_ key: String) throws -> String {
        guard let value = self[key] else {
            throw TransferError.config("Field '\(key)' is required but not set (in \(path):)")
        }
        return try text(value, key: key)
    }

    /// An optional string.
    package func optionalString(_ key: String) throws -> String? {
        guard let value = self[key] else { return nil }
        return try text(value, key: key)
    }

    /// A string with a default.
    package func string(_ key: String, default fallback: String) throws -> String {
        try optionalString(key) ?? fallback
    }

    private func text(_ value: ConfigValue, key: String) throws -> String {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return String(b)
        default:
            throw TransferError.config("Field '\(key)' must be a string, not \(value.kindName) (in \(path):)")
        }
    }

    /// An integer with a default.
    package func int(_ key: String, default fallback: Int) throws -> Int {
        guard let value = self[key] else { return fallback }
        switch value {
        case .int(let i): return Int(i)
        case .string(let s) where Int(s) != nil: return Int(s)!
        default:
            throw TransferError.config("Field '\(key)' must be an integer, not \(value.kindName) (in \(path):)")
        }
    }

    /// A boolean with a default.
    package func bool(_ key: String, default fallback: Bool) throws -> Bool {
        guard let value = self[key] else { return fallback }
        switch value {
        case .bool(let b): return b
        case .string("true"): return true
        case .string("false"): return false
        default:
            throw TransferError.config("Field '\(key)' must be true or false, not \(value.kindName) (in \(path):)")
        }
    }

    /// A list of strings (a single string counts as a list of one).
    package func strings(_ key: String) throws -> [String] {
        guard let value = self[key] else { return [] }
        switch value {
        case .array(let items): return try items.map { try text($0, key: key) }
        default: return [try text(value, key: key)]
        }
    }

    /// A nested section (empty when absent).
    package func section(_ key: String) throws -> PluginConfig {
        guard let value = self[key] else { return PluginConfig([:], path: "\(path).\(key)") }
        guard case .object(let object) = value else {
            throw TransferError.config("Field '\(key)' must be a mapping, not \(value.kindName) (in \(path):)")
        }
        return PluginConfig(object, path: "\(path).\(key)")
    }

    /// A list of nested sections (`columns:`).
    package func sections(_ key: String) throws -> [PluginConfig] {
        guard let value = self[key] else { return [] }
        guard case .array(let items) = value else {
            throw TransferError.config("Field '\(key)' must be a list, not \(value.kindName) (in \(path):)")
        }
        return try items.enumerated().map { index, item in
            guard case .object(let object) = item else {
                throw TransferError.config("Each entry of '\(key)' must be a mapping (in \(path):)")
            }
            return PluginConfig(object, path: "\(path).\(key)[\(index)]")
        }
    }

    /// `column_options:`: column name -> options.
    package func columnOptions(_ key: String = "column_options") throws -> [String: PluginConfig] {
        let section = try section(key)
        var result: [String: PluginConfig] = [:]
        for (name, value) in section.values {
            guard case .object(let object) = value else {
                throw TransferError.config("column_options of '\(name)' must be a mapping (in \(path):)")
            }
            result[name] = PluginConfig(object, path: "\(path).\(key).\(name)")
        }
        return result
    }
}
