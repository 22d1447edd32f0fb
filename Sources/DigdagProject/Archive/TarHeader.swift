/// The 512-byte ustar header block: field layout, numeric fields and checksum (POSIX.1-1988, with
/// GNU's base-256 numbers for values that do not fit in octal).
enum TarHeader {
    /// Header and data blocks are this long.
    static let blockSize = 512
    /// The longest name or link target stored in the header itself; longer ones go to pax records.
    /// (A name of exactly 100 bytes fits without a NUL, but some readers mishandle that.)
    static let maxInlineNameLength = 99

    /// The fields of a header block that a reader needs.
    struct Fields {
        /// `name`, prefixed with `prefix` and `/` in POSIX ustar headers.
        var name: [UInt8]
        var linkName: [UInt8]
        var typeFlag: UInt8
        var mode: UInt32
        var size: Int64
        var modificationTime: Int64
    }

    /// A header block; `name` and `linkName` must already fit (see ``maxInlineNameLength``).
    static func encode(
        name: [UInt8], linkName: [UInt8], typeFlag: UInt8, mode: UInt32, size: Int64, modificationTime: Int64
    ) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: blockSize)
        put(name.prefix(100), at: 0, in: &block)
        putNumber(Int64(mode & 0o7777), at: 100, width: 8, in: &block)
        putNumber(0, at: 108, width: 8, in: &block)  // uid
        putNumber(0, at: 116, width: 8, in: &block)  // gid
        putNumber(size, at: 124, width: 12, in: &block)
        putNumber(max(0, modificationTime), at: 136, width: 12, in: &block)
        block[156] = typeFlag
        put(linkName.prefix(100), at: 157, in: &block)
        put(Array("ustar\u{0}00".utf8), at: 257, in: &block)
        let sum = checksum(block)
        put(Array(octal(sum, digits: 6).utf8) + [0, UInt8(ascii: " ")], at: 148, in: &block)
        return block
    }

    /// The fields of a header block, or nil for an all-zero block (the end-of-archive marker).
    static func decode(_ block: [UInt8]) throws(ProjectArchiveError) -> Fields? {
        precondition(block.count == blockSize)
        if block.allSatisfy({ $0 == 0 }) { return nil }
        let stored = try number(block, 148, 8)
        guard stored == checksum(block) || stored == signedChecksum(block) else { throw invalidHeader }
        var name = text(block, 0, 100)
        let isPosixUstar = block[257..<263].elementsEqual("ustar\u{0}".utf8)
        let prefix = text(block, 345, 155)
        if isPosixUstar && !prefix.isEmpty { name = prefix + [UInt8(ascii: "/")] + name }
        let size = try number(block, 124, 12)
        guard size >= 0 else { throw invalidHeader }
        return Fields(
            name: name, linkName: text(block, 157, 100), typeFlag: block[156],
            mode: UInt32(truncatingIfNeeded: try number(block, 100, 8)) & 0o7777,
            size: size, modificationTime: try number(block, 136, 12))
    }

    /// Commons Compress's text for a header it cannot parse.
    static var invalidHeader: ProjectArchiveError {
        ProjectArchiveError(.invalidTar, "Error detected parsing the header")
    }

    // MARK: - Fields

    private static func put(_ bytes: some Collection<UInt8>, at offset: Int, in block: inout [UInt8]) {
        block.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
    }

    /// Octal digits and a NUL, or GNU base-256 when the value needs more digits than the field has.
    private static func putNumber(_ value: Int64, at offset: Int, width: Int, in block: inout [UInt8]) {
        let digits = width - 1
        if value < (Int64(1) << (3 * digits)) {
            put(Array(octal(value, digits: digits).utf8) + [0], at: offset, in: &block)
            return
        }
        var remaining = UInt64(value)
        for index in stride(from: offset + width - 1, to: offset, by: -1) {
            block[index] = UInt8(truncatingIfNeeded: remaining)
            remaining >>= 8
        }
        block[offset] = 0x80
    }

    private static func octal(_ value: Int64, digits: Int) -> String {
        let text = String(value, radix: 8)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// The bytes of a NUL-terminated text field.
    private static func text(_ block: [UInt8], _ offset: Int, _ width: Int) -> [UInt8] {
        let field = block[offset..<(offset + width)]
        return Array(field.prefix { $0 != 0 })
    }

    /// An octal field (leading spaces, trailing NUL or space) or a GNU base-256 field.
    private static func number(_ block: [UInt8], _ offset: Int, _ width: Int) throws(ProjectArchiveError) -> Int64 {
        let field = block[offset..<(offset + width)]
        if let first = field.first, first & 0x80 != 0 {
            guard first == 0x80, field.dropFirst().prefix(while: { $0 == 0 }).count >= width - 9 else {
                throw invalidHeader  // negative or wider than 63 bits
            }
            return field.dropFirst().reduce(Int64(0)) { ($0 << 8) | Int64($1) }
        }
        var value: Int64 = 0
        var started = false
        for byte in field {
            switch byte {
            case UInt8(ascii: " ") where !started: continue
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                started = true
                value = value * 8 + Int64(byte - UInt8(ascii: "0"))
            case 0, UInt8(ascii: " "):
                return value
            default:
                throw invalidHeader
            }
        }
        return value
    }

    /// The header checksum: the sum of all bytes with the checksum field counted as spaces.
    private static func checksum(_ block: [UInt8]) -> Int64 {
        var sum: Int64 = 0
        for (index, byte) in block.enumerated() {
            sum += (148..<156).contains(index) ? 32 : Int64(byte)
        }
        return sum
    }

    /// The checksum some old tars computed over signed bytes.
    private static func signedChecksum(_ block: [UInt8]) -> Int64 {
        var sum: Int64 = 0
        for (index, byte) in block.enumerated() {
            sum += (148..<156).contains(index) ? 32 : Int64(Int8(bitPattern: byte))
        }
        return sum
    }
}
