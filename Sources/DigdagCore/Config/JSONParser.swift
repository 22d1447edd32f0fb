import Foundation

extension JSONText {
    /// Parses JSON text into a `ConfigValue`, keeping object key order (`Invalid JSON: ...` on error).
    public static func parse(_ text: String) throws(ConfigError) -> ConfigValue {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        let value = try parser.value()
        parser.skipSpace()
        guard parser.atEnd else { throw ConfigError("Invalid JSON: \(text)") }
        return value
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var i = 0

        var atEnd: Bool { i >= scalars.count }

        mutating func skipSpace() {
            while i < scalars.count, [" ", "\n", "\r", "\t"].contains(scalars[i]) { i += 1 }
        }

        mutating func fail() -> ConfigError {
            ConfigError("Invalid JSON: \(String(String.UnicodeScalarView(scalars)))")
        }

        mutating func value() throws(ConfigError) -> ConfigValue {
            skipSpace()
            guard i < scalars.count else { throw fail() }
            switch scalars[i] {
            case "{":
                i += 1
                var object: Config = [:]
                skipSpace()
                if i < scalars.count, scalars[i] == "}" { i += 1; return .object(object) }
                while true {
                    skipSpace()
                    guard case .string(let key) = try value() else { throw fail() }
                    skipSpace()
                    guard i < scalars.count, scalars[i] == ":" else { throw fail() }
                    i += 1
                    object[key] = try value()
                    skipSpace()
                    guard i < scalars.count else { throw fail() }
                    if scalars[i] == "," { i += 1; continue }
                    if scalars[i] == "}" { i += 1; return .object(object) }
                    throw fail()
                }
            case "[":
                i += 1
                var items: [ConfigValue] = []
                skipSpace()
                if i < scalars.count, scalars[i] == "]" { i += 1; return .array(items) }
                while true {
                    items.append(try value())
                    skipSpace()
                    guard i < scalars.count else { throw fail() }
                    if scalars[i] == "," { i += 1; continue }
                    if scalars[i] == "]" { i += 1; return .array(items) }
                    throw fail()
                }
            case "\"":
                i += 1
                var out = String.UnicodeScalarView()
                while i < scalars.count, scalars[i] != "\"" {
                    if scalars[i] == "\\" {
                        i += 1
                        guard i < scalars.count else { throw fail() }
                        switch scalars[i] {
                        case "n": out.append("\n")
                        case "t": out.append("\t")
                        case "r": out.append("\r")
                        case "b": out.append("\u{08}")
                        case "f": out.append("\u{0C}")
                        case "u":
                            guard i + 4 < scalars.count,
                                let code = UInt32(String(String.UnicodeScalarView(scalars[(i + 1)...(i + 4)])), radix: 16)
                            else { throw fail() }
                            i += 4
                            var scalar = Unicode.Scalar(code)
                            if (0xD800..<0xDC00).contains(code), i + 6 < scalars.count, scalars[i + 1] == "\\",
                                scalars[i + 2] == "u",
                                let low = UInt32(String(String.UnicodeScalarView(scalars[(i + 3)...(i + 6)])), radix: 16)
                            {
                                scalar = Unicode.Scalar(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
                                i += 6
                            }
                            out.append(scalar ?? "\u{FFFD}")
                        default: out.append(scalars[i])
                        }
                    } else {
                        out.append(scalars[i])
                    }
                    i += 1
                }
                guard i < scalars.count else { throw fail() }
                i += 1
                return .string(String(out))
            default:
                let start = i
                while i < scalars.count, !",]} \n\r\t".unicodeScalars.contains(scalars[i]) { i += 1 }
                let word = String(String.UnicodeScalarView(scalars[start..<i]))
                switch word {
                case "true": return .bool(true)
                case "false": return .bool(false)
                case "null": return .null
                default:
                    if let n = Int64(word) { return .int(n) }
                    if let d = Double(word) { return .double(d) }
                    throw fail()
                }
            }
        }
    }
}
