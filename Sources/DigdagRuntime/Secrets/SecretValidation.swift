/// Secret key and value rules (`client:api/SecretValidation.java`), shared by the CLI's
/// `secrets` command and the server's secrets API (invalid -> 400 `Invalid secret`).
public enum SecretValidation {
    /// Longest key, in characters.
    public static let maxKeyLength = 255
    /// Largest value, in UTF-8 bytes.
    public static let maxValueBytes = 16 * 1024

    /// Dot-separated segments, each a letter, or a letter, then letters/digits/`_`/`-`, ending
    /// with a letter or digit; at most ``maxKeyLength`` characters.
    public static func isValidKey(_ key: String) -> Bool {
        // Valid keys are ASCII, so UTF-8 bytes count characters as Java's `length()` does.
        let bytes = Array(key.utf8)
        guard !bytes.isEmpty, bytes.count <= maxKeyLength else { return false }
        return bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy(isValidSegment)
    }

    /// At most ``maxValueBytes`` bytes of UTF-8.
    public static func isValidValue(_ value: String) -> Bool {
        value.utf8.count <= maxValueBytes
    }

    /// Both the key and the value are valid.
    public static func isValid(key: String, value: String) -> Bool {
        isValidKey(key) && isValidValue(value)
    }

    private static func isValidSegment(_ segment: ArraySlice<UInt8>) -> Bool {
        guard let first = segment.first, isLetter(first) else { return false }
        guard let last = segment.last, isLetter(last) || isDigit(last) else { return false }
        return segment.allSatisfy { isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
