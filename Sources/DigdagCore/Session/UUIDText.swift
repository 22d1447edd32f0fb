import Foundation

/// UUIDs as the lowercase text Digdag stores and serves, parsed and written without `sscanf` and
/// `sprintf` (Foundation's `UUID(uuidString:)` and `uuidString`), which list endpoints call for
/// every row.
public enum UUIDText {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in either case.
    public static func parse(_ text: String) -> UUID? {
        var text = text
        return text.withUTF8 { utf8 -> UUID? in
            let dash = UInt8(ascii: "-")
            guard utf8.count == 36, utf8[8] == dash, utf8[13] == dash, utf8[18] == dash, utf8[23] == dash else {
                return nil
            }
            let values = hexValues
            var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            let valid = withUnsafeMutableBytes(of: &bytes) { out -> Bool in
                var position = 0
                for index in 0..<16 {
                    if position == 8 || position == 13 || position == 18 || position == 23 { position += 1 }
                    let high = values[Int(utf8[position])], low = values[Int(utf8[position + 1])]
                    guard high | low < 16 else { return false }
                    out[index] = high << 4 | low
                    position += 2
                }
                return true
            }
            return valid ? UUID(uuid: bytes) : nil
        }
    }

    /// The lowercase text form, e.g. `ce79551e-18fd-49fd-b184-caf86a0cfb79`.
    public static func lowercase(_ uuid: UUID) -> String {
        withUnsafeBytes(of: uuid.uuid) { raw in
            String(unsafeUninitializedCapacity: 36) { out in
                var position = 0
                for (index, byte) in raw.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    out[position] = hexDigits[Int(byte >> 4)]
                    out[position + 1] = hexDigits[Int(byte & 0x0F)]
                    position += 2
                }
                return position
            }
        }
    }

    /// The value of each hex digit byte; 0xFF for every other byte.
    private static let hexValues: [UInt8] = (0...255).map { byte -> UInt8 in
        switch UInt8(byte) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt8(byte) - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt8(byte) - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt8(byte) - UInt8(ascii: "A") + 10
        default: return 0xFF
        }
    }
}
