import DigdagCore

/// Typed reads of `mail>` options with Digdag's `Config.get` error messages.
enum MailParams {
    /// An optional string: absent gives nil; null and containers are errors as in `Config.get`.
    static func optionalString(_ params: Config, _ key: String) throws -> String? {
        guard let value = params[key] else { return nil }
        if value.isNull { return nil }
        return try ParamReader.string(value, key: key)
    }

    /// A boolean with a default (`Config.get(key, boolean.class, default)`).
    static func bool(_ params: Config, _ key: String, default fallback: Bool) throws -> Bool {
        guard let value = params[key], !value.isNull else { return fallback }
        guard let result = ConfigCoercion.bool(value) else {
            throw ConfigError(
                "Expected boolean type for key '\(key)' but got \(ParamReader.sample(value)) (\(value.kindName))")
        }
        return result
    }

    /// A required integer (`Config.get(key, int.class)`).
    static func requiredInt(_ params: Config, _ key: String) throws -> Int {
        guard let value = params[key] else { throw ConfigError("Parameter '\(key)' is required but not set") }
        if value.isNull { throw ConfigError("Parameter '\(key)' is required but null") }
        guard let result = ConfigCoercion.int(value), let small = Int(exactly: result) else {
            throw ConfigError(
                "Expected int type for key '\(key)' but got \(ParamReader.sample(value)) (\(value.kindName))")
        }
        return small
    }

    /// `to`: a list of strings, or a single string.
    static func recipients(_ params: Config, _ key: String) throws -> [String] {
        guard params[key] != nil else { throw ConfigError("Parameter '\(key)' is required but not set") }
        return try ParamReader.stringList(params, key)
    }
}
