import DigdagCore

/// Writes a config as YAML (block mappings and lists; scalars in JSON form, which YAML reads),
/// for `embulk run -o next.yml`.
public enum YAMLConfigWriter {
    /// The YAML text of `config`.
    public static func text(_ config: Config) -> String {
        var out = ""
        write(config, indent: "", into: &out)
        return out
    }

    static func write(_ object: Config, indent: String, into out: inout String) {
        for (key, value) in object {
            out += indent + scalar(.string(key)) + ":"
            block(value, indent: indent, into: &out)
        }
    }

    static func block(_ value: ConfigValue, indent: String, into out: inout String) {
        switch value {
        case .object(let inner) where !inner.isEmpty:
            out += "\n"
            write(inner, indent: indent + "  ", into: &out)
        case .array(let items) where !items.isEmpty:
            out += "\n"
            for item in items {
                out += indent + "- "
                switch item {
                case .object(let inner) where !inner.isEmpty:
                    out += JSONText.compact(.object(inner)) + "\n"
                default:
                    out += scalar(item) + "\n"
                }
            }
        default:
            out += " " + scalar(value) + "\n"
        }
    }

    static func scalar(_ value: ConfigValue) -> String {
        if case .string(let s) = value, !s.isEmpty,
            s.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), s.first!.isLetter,
            !["true", "false", "null", "yes", "no", "on", "off", "y", "n"].contains(s.lowercased())
        {
            return s
        }
        return JSONText.compact(value)
    }
}
