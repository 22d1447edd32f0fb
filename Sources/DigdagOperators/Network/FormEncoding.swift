import Foundation

/// `application/x-www-form-urlencoded` encoding and decoding as Java's `URLEncoder` and
/// Apache's `URLEncodedUtils` do it (UTF-8, space as `+`).
enum FormEncoding {
    /// Encodes one name or value: letters, digits and `.-*_` stay, space becomes `+`, every other
    /// UTF-8 byte becomes `%XX` (upper case).
    static func encode(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"),
                UInt8(ascii: "*"), UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    /// `name=value&...` with each part encoded.
    static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }

    /// Splits a query string on `&` (and `;`) into decoded name/value pairs; a part without `=`
    /// has an empty value, empty parts are skipped.
    static func decode(_ query: String) -> [(String, String)] {
        query.split(whereSeparator: { $0 == "&" || $0 == ";" }).compactMap { part in
            let text = String(part).trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { return nil }
            if let eq = text.firstIndex(of: "=") {
                return (
                    decodeComponent(String(text[..<eq]).trimmingCharacters(in: .whitespaces)),
                    decodeComponent(String(text[text.index(after: eq)...]).trimmingCharacters(in: .whitespaces))
                )
            }
            return (decodeComponent(text), "")
        }
    }

    /// Decodes `+` and `%XX` (invalid escapes are kept as they are).
    static func decodeComponent(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        let utf8 = Array(text.utf8)
        var i = 0
        while i < utf8.count {
            let byte = utf8[i]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), i + 2 < utf8.count,
                let value = UInt8(String(decoding: utf8[(i + 1)...(i + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                i += 2
            } else {
                bytes.append(byte)
            }
            i += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
