import DigdagCore

/// `JSON.stringify` and Number-to-String exactly as ECMAScript defines them, for config values
/// that went through `JSON.parse` (as Digdag passes parameters to GraalJS).
public enum JavaScriptJSON {
    /// The template text of a value: strings as is, null as `""`, anything else `JSON.stringify`'d.
    public static func templateText(_ value: ConfigValue) -> String {
        switch value {
        case .null: ""
        case .string(let text): text
        default: stringify(value)
        }
    }

    /// Compact `JSON.stringify` output. Object keys that are array indices come first in ascending
    /// order (as JavaScript engines enumerate them), then the other keys in their order.
    public static func stringify(_ value: ConfigValue) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    /// The number as JavaScript's `JSON.stringify` writes it; NaN and the infinities are `null`.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        return numberToString(value)
    }

    /// An Int64 as JavaScript sees it after `JSON.parse`: exact up to 2^53, rounded to a double beyond.
    public static func number(_ value: Int64) -> String {
        let limit: Int64 = 1 << 53
        if value >= -limit && value <= limit { return String(value) }
        return numberToString(Double(value))
    }

    private static func write(_ value: ConfigValue, to out: inout String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        write(value, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// Writes compact JSON as UTF-8 bytes (much cheaper than appending to a String piecewise).
    static func write(_ value: ConfigValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let integer): out.append(contentsOf: number(integer).utf8)
        case .double(let double): out.append(contentsOf: number(double).utf8)
        case .string(let text): writeString(text, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (offset, item) in items.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                write(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            var first = true
            if object.keys.contains(where: { arrayIndex($0) != nil }) {
                for key in enumerationOrder(of: object) {
                    guard let item = object[key] else { continue }
                    writeMember(key, item, first: &first, to: &out)
                }
            } else {
                for (key, item) in object {
                    writeMember(key, item, first: &first, to: &out)
                }
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func writeMember(_ key: String, _ item: ConfigValue, first: inout Bool, to out: inout [UInt8]) {
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        writeString(key, to: &out)
        out.append(UInt8(ascii: ":"))
        write(item, to: &out)
    }

    /// A JSON string literal with exactly the escapes `JSON.stringify` uses.
    static func writeString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { buffer in
            for byte in buffer {
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
                case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0x0F)])
                default: out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Keys in JavaScript's own-property order: array indices ascending, then the rest as inserted.
    static func enumerationOrder(of object: Config) -> [String] {
        var indices: [(UInt32, String)] = []
        var names: [String] = []
        for key in object.keys {
            if let index = arrayIndex(key) {
                indices.append((index, key))
            } else {
                names.append(key)
            }
        }
        if indices.isEmpty { return names }
        return indices.sorted { $0.0 < $1.0 }.map(\.1) + names
    }

    /// The array index a key denotes (canonical decimal below 2^32 - 1), if any.
    static func arrayIndex(_ key: String) -> UInt32? {
        guard let first = key.utf8.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9"),
            key.utf8.count <= 10
        else { return nil }
        if first == UInt8(ascii: "0") && key.utf8.count > 1 { return nil }
        guard key.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let value = UInt64(key), value < UInt64(UInt32.max)
        else { return nil }
        return UInt32(value)
    }

    /// ECMAScript Number::toString (radix 10) for a finite double.
    static func numberToString(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value < 0 { return "-" + numberToString(-value) }
        let (digits, pointPosition) = shortestDigits(value)
        let k = digits.count
        let n = pointPosition
        if k <= n && n <= 21 {
            return digits + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            let split = digits.index(digits.startIndex, offsetBy: n)
            return digits[..<split] + "." + digits[split...]
        }
        if -6 < n && n <= 0 {
            return "0." + String(repeating: "0", count: -n) + digits
        }
        let exponent = n - 1
        let sign = exponent < 0 ? "-" : "+"
        let mantissa = k == 1 ? digits : String(digits.prefix(1)) + "." + digits.dropFirst()
        return mantissa + "e" + sign + String(abs(exponent))
    }

    /// The shortest round-trip decimal digits of a positive double (no leading or trailing zeros)
    /// and the position of the decimal point relative to the first digit.
    private static func shortestDigits(_ value: Double) -> (digits: String, pointPosition: Int) {
        let text = value.description  // Swift prints the shortest round-trip form.
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let integerPart = parts.first ?? ""
        let fractionPart = parts.count > 1 ? parts[1] : ""
        var digits = Substring(integerPart + fractionPart)
        var pointPosition = integerPart.count + exponent
        while digits.first == "0" {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.last == "0" {
            digits.removeLast()
        }
        return (String(digits), pointPosition)
    }
}
