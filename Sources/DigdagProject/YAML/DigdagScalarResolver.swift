import DigdagCore
import Foundation

/// Digdag's implicit typing of plain YAML scalars (SnakeYAML 1.1 rules as narrowed by Digdag).
///
/// * Booleans are only `true`, `True`, `false`, `False`.
/// * Integers never contain `:`; `0b…`, `0x…`, `0…` (octal) and `_` separators are allowed.
/// * Floats may not start with `0` (so `0.5` stays a string); `.5`, `1.`, `1e3` are floats.
/// * No timestamps: `2016-01-01 00:00:00` stays a string.
/// * Null is `~`, `null`, `Null`, `NULL` or an empty scalar.
enum DigdagScalarResolver {
    /// What a plain scalar resolves to before construction.
    enum ImplicitTag: Equatable {
        case bool, int, float, merge, null, string
    }

    /// The implicit tag of a plain scalar, checked in SnakeYAML's resolver order.
    /// Each shape is tried only when the first character can start it, as SnakeYAML's resolver
    /// does (``ScalarShape`` matches without regular expressions).
    static func implicitTag(of text: String) -> ImplicitTag {
        guard let first = text.utf8.first else { return .null }
        let ascii = UnicodeScalar(first)
        if "TtFf".unicodeScalars.contains(ascii), ScalarShape.isBool(text) { return .bool }
        let number = "-+0123456789".unicodeScalars.contains(ascii)
        if number, ScalarShape.isInt(text) { return .int }
        if number || ascii == ".", ScalarShape.isFloat(text) { return .float }
        if text == "<<" { return .merge }
        if "~nN ".unicodeScalars.contains(ascii), ScalarShape.isNull(text) { return .null }
        return .string
    }

    /// The value of a plain scalar under Digdag's implicit rules.
    static func resolvePlain(_ text: String) throws(YAMLLoadFailure) -> ConfigValue {
        switch implicitTag(of: text) {
        case .bool: return .bool(text == "true" || text == "True")
        case .int: return try constructInt(text)
        case .float: return try constructFloat(text)
        case .null: return .null
        case .merge, .string: return .string(text)
        }
    }
}

extension DigdagScalarResolver {
    /// SnakeYAML's `ConstructYamlInt`: sign, base prefix, octal for a leading `0`, base 60 with `:`.
    static func constructInt(_ raw: String) throws(YAMLLoadFailure) -> ConfigValue {
        var digits = raw.replacingOccurrences(of: "_", with: "")
        var negative = false
        if digits.hasPrefix("-") {
            negative = true
            digits.removeFirst()
        } else if digits.hasPrefix("+") {
            digits.removeFirst()
        }
        if digits == "0" { return .int(0) }
        var radix = 10
        if digits.hasPrefix("0b") {
            digits.removeFirst(2)
            radix = 2
        } else if digits.hasPrefix("0x") {
            digits.removeFirst(2)
            radix = 16
        } else if digits.hasPrefix("0") {
            digits.removeFirst()
            radix = 8
        } else if digits.contains(":") {
            return try sexagesimalInt(digits, negative: negative, raw: raw)
        }
        return try integer(digits, radix: radix, negative: negative, raw: raw)
    }

    private static func sexagesimalInt(_ digits: String, negative: Bool, raw: String) throws(YAMLLoadFailure)
        -> ConfigValue
    {
        var total: Int64 = 0
        for part in digits.split(separator: ":", omittingEmptySubsequences: false) {
            guard let value = Int64(part) else { throw numberFormat(raw) }
            let (shifted, overflow1) = total.multipliedReportingOverflow(by: 60)
            let (sum, overflow2) = shifted.addingReportingOverflow(value)
            if overflow1 || overflow2 { return .double(Double(total) * 60 + Double(value)) }
            total = sum
        }
        return .int(negative ? -total : total)
    }

    private static func integer(_ digits: String, radix: Int, negative: Bool, raw: String) throws(YAMLLoadFailure)
        -> ConfigValue
    {
        guard !digits.isEmpty else {
            throw YAMLLoadFailure(.constructor, "Zero length BigInteger")
        }
        if let magnitude = UInt64(digits, radix: radix) {
            if negative {
                if magnitude <= UInt64(Int64.max) { return .int(-Int64(magnitude)) }
                if magnitude == UInt64(Int64.max) + 1 { return .int(Int64.min) }
            } else if magnitude <= UInt64(Int64.max) {
                return .int(Int64(magnitude))
            }
        }
        // Beyond 64 bits Java makes a BigInteger; the closest we can hold is a double (correctly
        // rounded for decimal digits, as JavaScript reads the BigInteger's JSON).
        if radix == 10, digits.allSatisfy(\.isASCII), let value = Double(digits) {
            return .double(negative ? -value : value)
        }
        var value = 0.0
        for character in digits {
            guard let digit = character.hexDigitValue, digit < radix else { throw numberFormat(raw) }
            value = value * Double(radix) + Double(digit)
        }
        return .double(negative ? -value : value)
    }

    /// SnakeYAML's `ConstructYamlFloat`, then Jackson's handling of non-finite numbers
    /// (written as the strings `NaN`, `Infinity`, `-Infinity`).
    static func constructFloat(_ raw: String) throws(YAMLLoadFailure) -> ConfigValue {
        var text = raw.replacingOccurrences(of: "_", with: "")
        var sign = 1.0
        if text.hasPrefix("-") {
            sign = -1
            text.removeFirst()
        } else if text.hasPrefix("+") {
            text.removeFirst()
        }
        let lower = text.lowercased()
        if lower == ".inf" { return .string(sign < 0 ? "-Infinity" : "Infinity") }
        if lower == ".nan" { return .string("NaN") }
        if text.contains(":") {
            var total = 0.0
            var base = 1.0
            for part in text.split(separator: ":", omittingEmptySubsequences: false).reversed() {
                guard let value = Double(javaDecimal(String(part))) else { throw numberFormat(raw) }
                total += value * base
                base *= 60
            }
            return .double(sign * total)
        }
        guard let value = Double(javaDecimal(text)) else { throw numberFormat(raw) }
        // `1e999` overflows to infinity in Java's `Double.valueOf` too: Jackson's string form.
        if value.isInfinite { return .string(sign < 0 ? "-Infinity" : "Infinity") }
        return .double(sign * value)
    }

    /// Java's `Double.valueOf` accepts `1.` and `.5`; Swift wants digits on both sides.
    private static func javaDecimal(_ text: String) -> String {
        var result = text
        if result.hasPrefix(".") { result = "0" + result }
        if let dot = result.firstIndex(of: ".") {
            let next = result.index(after: dot)
            if next == result.endIndex || !result[next].isNumber { result.insert("0", at: next) }
        }
        return result
    }

    private static func numberFormat(_ raw: String) -> YAMLLoadFailure {
        YAMLLoadFailure(.constructor, "For input string: \"\(raw)\"")
    }
}
