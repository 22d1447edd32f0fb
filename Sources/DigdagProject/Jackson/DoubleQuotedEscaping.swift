/// SnakeYAML's escapes inside double-quoted scalars, applied per UTF-16 code unit as in Java.
enum DoubleQuotedEscaping {
    private static let replacements: [UInt16: String] = [
        0x00: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0A: "n", 0x0B: "v", 0x0C: "f", 0x0D: "r",
        0x1B: "e", 0x22: "\"", 0x5C: "\\", 0x85: "N", 0xA0: "_", 0x2028: "L", 0x2029: "P",
    ]

    /// True for units that are not printable ASCII or that must be escaped.
    static func needsSpecialHandling(_ unit: UInt16) -> Bool {
        unit == 0x22 || unit == 0x5C || unit == 0x85 || unit == 0x2028 || unit == 0x2029 || unit == 0xFEFF
            || !(0x20...0x7E).contains(unit)
    }

    /// The text for one special unit; a surrogate pair is written as `\UXXXXXXXX`
    /// (then `consumedNext` is 1).
    static func escape(_ unit: UInt16, next: UInt16?, consumedNext: inout Int) -> String {
        consumedNext = 0
        if let replacement = replacements[unit] { return "\\" + replacement }
        if isPrintable(unit) { return String(decoding: [unit], as: UTF16.self) }
        if unit <= 0xFF { return "\\x" + hex(UInt32(unit), width: 2) }
        if (0xD800...0xDBFF).contains(unit), let next {
            consumedNext = 1
            let scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(next) & 0x3FF)
            return "\\U" + hex(scalar, width: 8)
        }
        return "\\u" + hex(UInt32(unit), width: 4)
    }

    private static func isPrintable(_ unit: UInt16) -> Bool {
        (0x20...0x7E).contains(unit) || unit == 0x09 || unit == 0x0A || unit == 0x0D || unit == 0x85
            || (0xA0...0xD7FF).contains(unit) || (0xE000...0xFFFD).contains(unit)
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
