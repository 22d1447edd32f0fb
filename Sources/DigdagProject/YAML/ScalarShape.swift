/// Hand-written matchers for the shapes of SnakeYAML 1.1's implicit resolver as Digdag narrows
/// it (the regular expressions in the comments; a unit test checks each against them). Matching
/// by hand keeps ICU's regular-expression engine, whose first use costs more than loading a small
/// workflow, out of `digdag run`.
enum ScalarShape {
    /// `^(?:[Tt]rue|[Ff]alse)$`
    static func isBool(_ text: String) -> Bool {
        text == "true" || text == "True" || text == "false" || text == "False"
    }

    /// `^(?:~|null|Null|NULL| )$`
    static func isNull(_ text: String) -> Bool {
        text == "~" || text == "null" || text == "Null" || text == "NULL" || text == " "
    }

    /// `^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*)$`
    static func isInt(_ text: String) -> Bool {
        var s = Cursor(text)
        s.skipSign()
        guard let first = s.next() else { return false }
        if first == UInt8(ascii: "0") {
            if s.atEnd { return true }
            if s.skip(UInt8(ascii: "b")) { return s.oneOrMore { $0 == 0x30 || $0 == 0x31 || $0 == 0x5F } }
            if s.skip(UInt8(ascii: "x")) { return s.oneOrMore { isHex($0) || $0 == 0x5F } }
            return s.oneOrMore { (0x30...0x37).contains($0) || $0 == 0x5F }
        }
        guard (0x31...0x39).contains(first) else { return false }
        s.zeroOrMore { isDigit($0) || $0 == 0x5F }
        return s.atEnd
    }

    /// `^([-+]?(\.[0-9]+|[1-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?`
    /// `|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`
    static func isFloat(_ text: String) -> Bool {
        if text == ".nan" || text == ".NaN" || text == ".NAN" { return true }
        var s = Cursor(text)
        s.skipSign()
        let rest = s.remainder
        if rest == ".inf" || rest == ".Inf" || rest == ".INF" { return true }
        return isDecimal(s) || isSexagesimal(s)
    }

    /// `(\.[0-9]+|[1-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?` to the end.
    private static func isDecimal(_ start: Cursor) -> Bool {
        var s = start
        guard let first = s.next() else { return false }
        if first == UInt8(ascii: ".") {
            guard s.atLeastOne(isDigit) else { return false }
        } else {
            guard (0x31...0x39).contains(first) else { return false }
            s.zeroOrMore { isDigit($0) || $0 == 0x5F }
            if s.skip(UInt8(ascii: ".")) { s.zeroOrMore { isDigit($0) || $0 == 0x5F } }
        }
        if s.skip(UInt8(ascii: "e")) || s.skip(UInt8(ascii: "E")) {
            s.skipSign()
            return s.oneOrMore(isDigit)
        }
        return s.atEnd
    }

    /// `[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*` to the end.
    private static func isSexagesimal(_ start: Cursor) -> Bool {
        var s = start
        guard let first = s.next(), isDigit(first) else { return false }
        s.zeroOrMore { isDigit($0) || $0 == 0x5F }
        var groups = 0
        while s.skip(UInt8(ascii: ":")) {
            guard let a = s.next(), isDigit(a) else { return false }
            // `[0-5]?[0-9]`: one digit, or two when the first is 0-5.
            if (0x30...0x35).contains(a), let b = s.peek, isDigit(b) { _ = s.next() }
            groups += 1
        }
        guard groups > 0, s.skip(UInt8(ascii: ".")) else { return false }
        s.zeroOrMore { isDigit($0) || $0 == 0x5F }
        return s.atEnd
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    private static func isHex(_ byte: UInt8) -> Bool {
        isDigit(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    /// A position in the UTF-8 bytes of a scalar.
    private struct Cursor {
        let bytes: [UInt8]
        var index = 0

        init(_ text: String) { bytes = Array(text.utf8) }

        var atEnd: Bool { index == bytes.count }
        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
        var remainder: Substring { String(decoding: bytes[index...], as: UTF8.self)[...] }

        mutating func next() -> UInt8? {
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return bytes[index]
        }

        mutating func skip(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            index += 1
            return true
        }

        mutating func skipSign() {
            if !skip(UInt8(ascii: "-")) { _ = skip(UInt8(ascii: "+")) }
        }

        mutating func zeroOrMore(_ accepts: (UInt8) -> Bool) {
            while let byte = peek, accepts(byte) { index += 1 }
        }

        /// At least one accepted byte (more may follow).
        mutating func atLeastOne(_ accepts: (UInt8) -> Bool) -> Bool {
            let start = index
            zeroOrMore(accepts)
            return index > start
        }

        /// At least one accepted byte, then the end.
        mutating func oneOrMore(_ accepts: (UInt8) -> Bool) -> Bool {
            atLeastOne(accepts) && atEnd
        }
    }
}
