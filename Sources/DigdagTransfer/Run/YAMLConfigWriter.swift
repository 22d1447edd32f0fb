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
                    out += flow(item) + "\n"
                default:
                    out += scalar(item) + "\n"
                }
            }
        default:
            out += " " + scalar(value) + "\n"
        }
    }

    /// A plain scalar when YAML reads it back as the same string, `'single quoted'` for other
    /// one-line strings (as Embulk's guess writes `delimiter: ','`), JSON otherwise.
    static func scalar(_ value: ConfigValue) -> String {
        if case .string(let s) = value {
            if isPlain(s) { return s }
            if s.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7f }) {
                return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
            }
        }
        return JSONText.compact(value)
    }

    /// Whether `text` written bare reads back as the same string (`./data/part_`, `UTF-8`),
    /// and not as a number, a boolean, null or YAML syntax.
    static func isPlain(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic || first == "/" || first == "." || first == "_",
            text.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-./+".unicodeScalars.contains($0) })
        else { return false }
        return (try? YAMLConfigReader.read("v: " + text, source: ""))?["v"] == .string(text)
    }

    /// `{name: id, type: long}`: a flow mapping (nested values in flow style too).
    static func flow(_ value: ConfigValue) -> String {
        switch value {
        case .object(let inner):
            return "{" + inner.map { scalar(.string($0.key)) + ": " + flow($0.value) }.joined(separator: ", ") + "}"
        case .array(let items):
            return "[" + items.map(flow).joined(separator: ", ") + "]"
        default:
            return scalar(value)
        }
    }
}
