import DigdagCore

/// Reads typed operator params with Digdag's `Config.get` error messages.
enum ParamReader {
    /// A required string param (`Config.get(key, String.class)`): scalars convert to text.
    static func requiredString(_ params: Config, _ key: String) throws -> String {
        guard let value = params[key] else { throw ConfigError("Parameter '\(key)' is required but not set") }
        return try string(value, key: key)
    }

    /// `value` read as a string the way Jackson coerces scalars; containers and null are errors.
    static func string(_ value: ConfigValue, key: String) throws -> String {
        switch value {
        case .null: throw ConfigError("Parameter '\(key)' is required but null")
        case .string(let text): return text
        case .bool, .int, .double: return value.textValue
        case .array, .object:
            throw ConfigError("Expected string type for key '\(key)' but got \(sample(value)) (\(value.kindName))")
        }
    }

    /// A list of strings (`getListOrEmpty(key, String.class)`): absent or null gives `[]`;
    /// a single scalar is accepted as a one-element list.
    static func stringList(_ params: Config, _ key: String) throws -> [String] {
        switch params[key] {
        case nil, .null?: return []
        case .array(let items)?: return try items.map { try string($0, key: key) }
        case .object(let object)?:
            let value = ConfigValue.object(object)
            throw ConfigError("Expected array type for key '\(key)' but got \(sample(value)) (object)")
        case let scalar?: return [try string(scalar, key: key)]
        }
    }

    /// Compact JSON, cut to 100 characters as Digdag's error messages show values.
    static func sample(_ value: ConfigValue) -> String {
        let json = JSONText.compact(value)
        return json.count < 100 ? json : String(json.prefix(97)) + "..."
    }
}
