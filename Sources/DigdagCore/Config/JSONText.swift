import Foundation

/// Renders config values as text in the forms Digdag prints: compact JSON (Jackson) and Java's
/// `Map.toString`. (JavaScript's `JSON.stringify` form is `DigdagExpression.JavaScriptJSON`.)
public enum JSONText {
    /// Compact JSON as Jackson writes it (`{"a":[1,2]}`), doubles in Java's `Double.toString` form.
    public static func compact(_ value: ConfigValue) -> String {
        var out = ""
        out.reserveCapacity(256)
        write(value, to: &out)
        return out
    }

    /// Java's `Map.toString`/`List.toString` form of a Jackson tree as Digdag logs it:
    /// `{order=[first, second, third], animal=[dog, cat]}`.
    public static func javaToString(_ value: ConfigValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return javaDouble(d)
        case .string(let s): return s
        case .array(let items): return "[" + items.map(javaToString).joined(separator: ", ") + "]"
        case .object(let o): return "{" + o.map { "\($0.key)=\(javaToString($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    /// A JSON string literal with JSON escapes.
    public static func quoted(_ s: String) -> String {
        var out = ""
        writeString(s, to: &out)
        return out
    }

    static func write(_ value: ConfigValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += javaDouble(d)
        case .string(let s): writeString(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, to: &out)
            }
            out += "]"
        case .object(let o):
            out += "{"
            var first = true
            for (k, v) in o {
                if !first { out += "," }
                first = false
                writeString(k, to: &out)
                out += ":"
                write(v, to: &out)
            }
            out += "}"
        }
    }

    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        // Most strings need no escape: append them whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// Java's `Double.toString`: `1.0`, `0.5`, `1.0E21`, `1.0E-5`.
    public static func javaDouble(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        let magnitude = abs(d)
        if magnitude >= 1e-3 && magnitude < 1e7 {
            let s = "\(d)"
            return s.contains(".") || s.contains("e") ? s : s + ".0"
        }
        // Scientific: mantissa with at least one fractional digit, exponent without '+'.
        let s = "\(d)"  // Swift prints e.g. 1e+21 or 1.5e-05
        guard let eIndex = s.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return s }
        var mantissa = String(s[..<eIndex])
        var exponent = String(s[s.index(after: eIndex)...])
        if !mantissa.contains(".") { mantissa += ".0" }
        if exponent.hasPrefix("+") { exponent.removeFirst() }
        let negative = exponent.hasPrefix("-")
        if negative { exponent.removeFirst() }
        while exponent.count > 1 && exponent.hasPrefix("0") { exponent.removeFirst() }
        return mantissa + "E" + (negative ? "-" : "") + exponent
    }
}
