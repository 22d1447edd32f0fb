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
        appendEscaped(text, table: quotedEscapes, to: &out)
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
        appendEscaped(text, table: loadFieldEscapes, to: &out)
    }

    /// For each byte, the letter that follows a backslash in its escape, or 0 when it is written as is.
    private typealias EscapeTable = [UInt8]

    /// Quoted strings: NUL, newline, CR, backslash, both quotes and Ctrl-Z.
    private static let quotedEscapes = escapeTable([0: "0", 10: "n", 13: "r", 92: "\\", 39: "'", 34: "\"", 26: "Z"])

    /// `LOAD DATA` fields: NUL, tab, newline, CR and backslash.
    private static let loadFieldEscapes = escapeTable([0: "0", 9: "t", 10: "n", 13: "r", 92: "\\"])

    private static func escapeTable(_ escapes: [UInt8: Character]) -> EscapeTable {
        var table = EscapeTable(repeating: 0, count: 256)
        for (byte, letter) in escapes { table[Int(byte)] = letter.asciiValue! }
        return table
    }

    /// Appends the UTF-8 of `text`, each byte with an entry in `table` as a backslash and that
    /// entry; a text with no such byte (the usual case) is copied in one go.
    @inline(__always)
    private static func appendEscaped(_ text: String, table: EscapeTable, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            guard bytes.contains(where: { table[Int($0)] != 0 }) else {
                out.append(contentsOf: bytes)
                return
            }
            for byte in bytes {
                let escape = table[Int(byte)]
                if escape != 0 {
                    out.append(92)
                    out.append(escape)
                } else {
                    out.append(byte)
                }
            }
        }
    }

    /// Appends a double as Swift prints it (both the INSERT and the LOAD DATA path).
    @inline(__always)
    static func appendDouble(_ value: Double, to out: inout [UInt8]) {
        append("\(value)", to: &out)
    }
}
