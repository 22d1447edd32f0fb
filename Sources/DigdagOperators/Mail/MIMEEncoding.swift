import Foundation

/// The small set of MIME encodings `mail>` messages use (RFC 2045, 2047, 2231).
enum MIMEEncoding {
    /// True when `text` is printable ASCII (plus tab) and can go into a header as it is.
    static func isPlainASCII(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { ($0.value >= 0x20 && $0.value < 0x7F) || $0 == "\t" }
    }

    /// `text` as RFC 2047 `=?utf-8?B?...?=` words, split so that no word exceeds 75 characters
    /// and no UTF-8 sequence is cut; words are joined by folding whitespace.
    static func encodedWord(_ text: String) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty, chunk.count + bytes.count > 45 {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?utf-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    /// A header value: as is when it is plain ASCII, else RFC 2047 encoded.
    static func headerValue(_ text: String) -> String {
        isPlainASCII(text) ? text : encodedWord(text)
    }

    /// `data` in base64, 76 characters per line, CRLF line ends.
    static func base64Lines(_ data: Data) -> String {
        let text = Array(data.base64EncodedString().utf8)
        return stride(from: 0, to: text.count, by: 76).map { start in
            String(decoding: text[start..<min(start + 76, text.count)], as: UTF8.self)
        }.joined(separator: "\r\n")
    }

    /// The `filename` parameter of a Content-Disposition: quoted ASCII, or RFC 2231 for other text.
    static func filenameParameter(_ name: String) -> String {
        if isPlainASCII(name) {
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "filename=\"\(escaped)\""
        }
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        let encoded = name.utf8.map { unreserved.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }
        return "filename*=utf-8''" + encoded.joined()
    }

    /// `text` with every line ending (CR, LF or CRLF) turned into CRLF.
    static func crlfLines(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
    }

    /// True when a text body can be sent as 7bit: ASCII only and lines of at most 998 bytes.
    static func isSevenBit(_ text: String) -> Bool {
        var lineLength = 0
        for byte in text.utf8 {
            if byte >= 0x80 || byte == 0 { return false }
            if byte == 0x0A || byte == 0x0D {
                lineLength = 0
            } else {
                lineLength += 1
                if lineLength > 998 { return false }
            }
        }
        return true
    }
}
