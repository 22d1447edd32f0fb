import DigdagCore

/// SQL text for MySQL: quoted strings (backslash escapes) and number literals, written straight
/// into a byte buffer for the batched INSERTs.
enum MySQLText {
    /// `'text'` with MySQL's backslash escapes.
    static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        appendQuoted(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `'text'` to `out`.
    @inline(__always)
    static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "'"))
        var text = text
        text.withUTF8 { bytes in
            var clean = true
            for byte in bytes where byte == 0 || byte == 10 || byte == 13 || byte == 92 || byte == 39 || byte == 34 || byte == 26 {
                clean = false
                break
            }
            if clean {
                out.append(contentsOf: bytes)
                return
            }
            for byte in bytes {
                switch byte {
                case 0: out.append(92); out.append(48)
                case 10: out.append(92); out.append(110)
                case 13: out.append(92); out.append(114)
                case 92: out.append(92); out.append(92)
                case 39: out.append(92); out.append(39)
                case 34: out.append(92); out.append(34)
                case 26: out.append(92); out.append(90)
                default: out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "'"))
    }

    /// Appends a decimal integer.
    @inline(__always)
    static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        JSONText.writeInteger(value, to: &out)
    }

    /// Appends `text` as it is.
    static func append(_ text: String, to out: inout [UInt8]) {
        out.append(contentsOf: text.utf8)
    }
}

extension MySQLText {
    /// Appends a field of `LOAD DATA ... FIELDS ESCAPED BY '\\'`: tab, newline, carriage return,
    /// NUL and backslash escaped, so that no text can end a field or a line or read as `\N`.
    @inline(__always)
    static func appendLoadField(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var clean = true
            for byte in bytes where byte == 0 || byte == 9 || byte == 10 || byte == 13 || byte == 92 {
                clean = false
                break
            }
            if clean {
                out.append(contentsOf: bytes)
                return
            }
            for byte in bytes {
                switch byte {
                case 0: out.append(92); out.append(48)
                case 9: out.append(92); out.append(116)
                case 10: out.append(92); out.append(110)
                case 13: out.append(92); out.append(114)
                case 92: out.append(92); out.append(92)
                default: out.append(byte)
                }
            }
        }
    }

    /// Appends a double as Swift prints it (the same text the INSERT path sends).
    @inline(__always)
    static func appendDouble(_ value: Double, to out: inout [UInt8]) {
        append("\(value)", to: &out)
    }
}
