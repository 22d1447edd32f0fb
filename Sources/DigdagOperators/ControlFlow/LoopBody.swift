import DigdagCore
import DigdagOperatorKit

/// What loop operators share: reading `_do`, exporting loop variables into each copy, and
/// carrying `_parallel` onto the generated `^sub` group.
enum LoopBody {
    static func doConfig(_ params: Config) throws -> Config {
        guard case .object(let body)? = params["_do"] else {
            throw OperatorError.config("Parameter '_do' is required but not set")
        }
        return body
    }

    /// A copy of `body` whose `_export` also holds `exports` (loop variables win).
    static func withExports(_ body: Config, _ exports: Config) -> Config {
        var copy = body
        var export = copy.nestedOrEmpty("_export")
        export.deepMerge(exports)
        copy["_export"] = .object(export)
        return copy
    }

    /// The `^sub` config: the generated tasks plus the operator's own `_parallel`.
    static func subtaskGroup(_ generated: Config, params: Config) -> Config {
        var group: Config = [:]
        if let parallel = params["_parallel"] { group["_parallel"] = parallel }
        for (k, v) in generated { group[k] = v }
        return group
    }

    /// An object option that may also arrive as JSON text (after `${...}` evaluation).
    static func nestedObject(_ value: ConfigValue?, name: String) throws -> Config {
        switch value {
        case .object(let o)?: return o
        case .string(let s)?:
            guard case .object(let o) = try JSONText.parse(s) else {
                throw OperatorError.config("Parameter '\(name)' must be an object")
            }
            return o
        default: throw OperatorError.config("Parameter '\(name)' is required but not set")
        }
    }

    static func requiredInt(_ config: Config, _ key: String) throws -> Int64 {
        guard let value = config[key], !value.isNull else {
            throw OperatorError.config("Parameter '\(key)' is required but not set")
        }
        guard let number = ConfigCoercion.int(value) else {
            throw OperatorError.config("Expected integer for key '\(key)' but got \(JSONText.compact(value))")
        }
        return number
    }

    static func optionalInt(_ config: Config, _ key: String) throws -> Int64? {
        guard let value = config[key], !value.isNull else { return nil }
        return try requiredInt(config, key)
    }

    static func taskLimit(_ context: OperatorContext) -> Int {
        context.systemConfig["executor.task_max_run"].flatMap { Int($0) } ?? 1000
    }
}

/// Task-name tags of generated tasks: the value's text cut to 8 UTF-16 units, then URL-encoded
/// as Java's URLEncoder does (space as `%20`).
enum TaskNameTag {
    static func encode(_ value: ConfigValue) -> String {
        let text = value.textValue
        let units = Array(text.utf16.prefix(8))
        let cut = String(decoding: units, as: UTF16.self)
        var out = ""
        for byte in cut.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || c == "." || c == "-" || c == "*" || c == "_" {
                out.append(c)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
