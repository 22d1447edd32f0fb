/// Id arguments of client commands, parsed like Java's `Long.parseLong` / `Integer.parseInt`.
enum ClientArguments {
    /// A 64-bit id; a bad one is a usage error with Java's `NumberFormatException` message.
    static func longId(_ text: String, usage: (String) -> SystemExit) throws -> Int64 {
        guard let value = javaLong(text) else { throw usage("For input string: \"\(text)\"") }
        return value
    }

    /// A 32-bit schedule id; nil when Java's `Integer.parseUnsignedInt` fails.
    static func unsignedIntId(_ text: String) -> Int64? {
        guard !text.isEmpty, !text.hasPrefix("-"), let value = UInt32(text.hasPrefix("+") ? String(text.dropFirst()) : text)
        else { return nil }
        return Int64(Int32(bitPattern: value))
    }

    /// A 64-bit id; nil when Java's `Long.parseUnsignedLong` fails.
    static func unsignedLongId(_ text: String) -> Int64? {
        guard !text.isEmpty, !text.hasPrefix("-"), let value = UInt64(text.hasPrefix("+") ? String(text.dropFirst()) : text)
        else { return nil }
        return Int64(bitPattern: value)
    }

    /// Java's `Long.parseLong`: optional sign and decimal digits.
    static func javaLong(_ text: String) -> Int64? {
        var digits = Substring(text)
        if digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.dropFirst(digits.first == "-" ? 1 : 0).allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        return Int64(digits)
    }
}
