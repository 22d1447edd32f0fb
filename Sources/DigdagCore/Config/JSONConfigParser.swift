
/// Parses JSON text into `ConfigValue`s, keeping object key order (Python's `json.dump` and
/// Jackson both write keys in insertion order, and Digdag relies on it for subtask order).
///
/// Accepts Python's `NaN`, `Infinity` and `-Infinity`; integers beyond 64 bits become doubles.
public struct JSONConfigParser {
    /// Why a text is not JSON.
    public struct SyntaxError: Error, Equatable {
        /// Byte offset of the problem.
        public var offset: Int
        /// What was expected.
        public var reason: String
    }

    /// How deep arrays and objects may nest (Jackson's default limit).
    public static let maximumDepth = 1000

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    private init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// Parses a complete JSON document.
    public static func parse(_ text: String) throws(SyntaxError) -> ConfigValue {
        var parser = JSONConfigParser(text)
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw parser.error("end of input") }
        return value
    }

    private func error(_ expected: String) -> SyntaxError {
        SyntaxError(offset: index, reason: "expected \(expected)")
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }

    private mutating func consume(_ literal: String) -> Bool {
        let utf8 = Array(literal.utf8)
        guard bytes.count - index >= utf8.count, Array(bytes[index..<index + utf8.count]) == utf8 else { return false }
        index += utf8.count
        return true
    }

    private mutating func value() throws(SyntaxError) -> ConfigValue {
        skipWhitespace()
        guard index < bytes.count else { throw error("a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): if consume("true") { return .bool(true) }
        case UInt8(ascii: "f"): if consume("false") { return .bool(false) }
        case UInt8(ascii: "n"): if consume("null") { return .null }
        case UInt8(ascii: "N"): if consume("NaN") { return .double(.nan) }
        case UInt8(ascii: "I"): if consume("Infinity") { return .double(.infinity) }
        default: return try number()
        }
        throw error("a value")
    }

    private mutating func enterNested() throws(SyntaxError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw SyntaxError(offset: index, reason: "arrays and objects nested at most \(Self.maximumDepth) deep")
        }
    }

    private mutating func object() throws(SyntaxError) -> ConfigValue {
        try enterNested()
        defer { depth -= 1 }
        index += 1
        var result = Config()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(result)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("a key") }
            let key = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("':'") }
            index += 1
            result[key] = try value()
            skipWhitespace()
            guard index < bytes.count else { throw error("'}'") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(result)
            } else {
                throw error("',' or '}'")
            }
        }
    }

    private mutating func array() throws(SyntaxError) -> ConfigValue {
        try enterNested()
        defer { depth -= 1 }
        index += 1
        var items: [ConfigValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            items.append(try value())
            skipWhitespace()
            guard index < bytes.count else { throw error("']'") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            } else {
                throw error("',' or ']'")
            }
        }
    }

    private mutating func number() throws(SyntaxError) -> ConfigValue {
        let start = index
        if consume("-Infinity") { return .double(-.infinity) }
        var isInteger = true
        while index < bytes.count {
            let byte = bytes[index]
            if (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") {
                index += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                isInteger = false
                index += 1
            } else {
                break
            }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let int = Int64(text) { return .int(int) }
        guard !text.isEmpty, let double = Double(text) else {
            index = start
            throw error("a value")
        }
        return .double(double)
    }

    private mutating func string() throws(SyntaxError) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var runStart = index
        func flush(_ end: Int, into scalars: inout String.UnicodeScalarView, _ bytes: [UInt8], _ start: Int) {
            if end > start { scalars.append(contentsOf: String(decoding: bytes[start..<end], as: UTF8.self).unicodeScalars) }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                flush(index, into: &scalars, bytes, runStart)
                index += 1
                return String(scalars)
            }
            guard byte == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            flush(index, into: &scalars, bytes, runStart)
            index += 1
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "u"): scalars.append(try unicodeEscape())
            default: scalars.append(Unicode.Scalar(escape))
            }
            runStart = index
        }
        throw error("'\"'")
    }

    /// The scalar of `\uXXXX` (already past `\u`), joining surrogate pairs.
    private mutating func unicodeEscape() throws(SyntaxError) -> Unicode.Scalar {
        let high = try hex4()
        if (0xD800..<0xDC00).contains(high), consume("\\u") {
            let low = try hex4()
            if (0xDC00..<0xE000).contains(low),
                let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            {
                return scalar
            }
            return "\u{FFFD}"
        }
        return Unicode.Scalar(high) ?? "\u{FFFD}"
    }

    private mutating func hex4() throws(SyntaxError) -> UInt32 {
        guard bytes.count - index >= 4,
            let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
        else { throw error("four hex digits") }
        index += 4
        return value
    }
}

extension JSONText {
    /// Parses JSON text into a `ConfigValue`, keeping key order; `Invalid JSON: ...` on error.
    public static func parse(_ text: String) throws(ConfigError) -> ConfigValue {
        do {
            return try JSONConfigParser.parse(text)
        } catch {
            throw ConfigError("Invalid JSON (\(error.reason) at offset \(error.offset)): \(excerpt(of: text))")
        }
    }

    /// The text as an error message quotes it: whole when short, else its first 200 characters.
    private static func excerpt(of text: String) -> String {
        text.utf8.count <= 300 ? text : String(text.prefix(200)) + "... (\(text.utf8.count) bytes)"
    }
}
