/// Reads a tar stream member by member: ustar (with `prefix`), pax `x`/`g` extended headers and
/// GNU `L`/`K` long names, as GNU tar and Commons Compress write them.
///
/// Data is pulled from the source only as the caller asks for it, so a caller can reject an
/// entry by its header before any of its data is read.
package struct TarReader {
    /// Extension headers (long names, pax records) larger than this are rejected.
    static let maxExtensionSize = 1 << 20

    private let input: any ArchiveByteSource
    private var remaining: Int64 = 0
    private var padding = 0
    private var ended = false

    /// Creates a reader over an uncompressed tar stream.
    package init(input: any ArchiveByteSource) {
        self.input = input
    }

    /// The next member, or nil at the end; unread data of the previous member is skipped.
    package mutating func next() throws(ProjectArchiveError) -> TarEntry? {
        guard !ended else { return nil }
        try skipData()
        var pax: [String: [UInt8]] = [:]
        var longName: [UInt8]?
        var longLink: [UInt8]?
        while true {
            guard let block = try readHeaderBlock(), let fields = try TarHeader.decode(block) else {
                ended = true
                return nil
            }
            switch fields.typeFlag {
            case UInt8(ascii: "x"):
                for (key, value) in try PaxRecords.decode(try readExtension(size: fields.size)) { pax[key] = value }
            case UInt8(ascii: "g"):
                _ = try readExtension(size: fields.size)  // global defaults: nothing a project archive needs
            case UInt8(ascii: "L"):
                longName = Array(try readExtension(size: fields.size).prefix { $0 != 0 })
            case UInt8(ascii: "K"):
                longLink = Array(try readExtension(size: fields.size).prefix { $0 != 0 })
            default:
                return try entry(fields, pax: pax, longName: longName, longLink: longLink)
            }
        }
    }

    /// Reads data of the current member into `buffer`; 0 at the member's end.
    package mutating func readData(into buffer: UnsafeMutableRawBufferPointer) throws(ProjectArchiveError) -> Int {
        let wanted = Int(min(Int64(buffer.count), remaining))
        guard wanted > 0 else { return 0 }
        let count = try input.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted]))
        guard count > 0 else { throw Self.truncated }
        remaining -= Int64(count)
        if remaining == 0 { try skipPadding() }
        return count
    }

    /// All data of the current member (for small members).
    package mutating func readAllData() throws(ProjectArchiveError) -> [UInt8] {
        var data = [UInt8](repeating: 0, count: Int(remaining))
        var filled = 0
        while filled < data.count {
            filled += try data.withMutableArchiveBytes { (buffer) throws(ProjectArchiveError) in
                try readData(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            }
        }
        if remaining == 0 { try skipPadding() }
        return data
    }

    private mutating func entry(
        _ fields: TarHeader.Fields, pax: [String: [UInt8]], longName: [UInt8]?, longLink: [UInt8]?
    ) throws(ProjectArchiveError) -> TarEntry {
        let kind = TarEntry.Kind(typeFlag: fields.typeFlag)
        var size = fields.size
        if let text = pax["size"] {
            guard let value = Int64(String(decoding: text, as: UTF8.self)), value >= 0 else {
                throw TarHeader.invalidHeader
            }
            size = value
        }
        var modificationTime = fields.modificationTime
        if let text = pax["mtime"], let seconds = Double(String(decoding: text, as: UTF8.self)), seconds.isFinite {
            modificationTime = Int64(seconds.rounded(.down))
        }
        let hasData = kind != .symlink && kind != .hardLink
        try beginData(size: hasData ? size : 0)
        return TarEntry(
            path: String(decoding: pax["path"] ?? longName ?? fields.name, as: UTF8.self), kind: kind,
            mode: fields.mode, size: hasData ? size : 0, modificationTime: modificationTime,
            linkTarget: String(decoding: pax["linkpath"] ?? longLink ?? fields.linkName, as: UTF8.self))
    }

    private mutating func readExtension(size: Int64) throws(ProjectArchiveError) -> [UInt8] {
        guard size <= Self.maxExtensionSize else {
            throw ProjectArchiveError(.invalidTar, "Extended header is too large (\(size) bytes)")
        }
        try beginData(size: size)
        return try readAllData()
    }

    private mutating func beginData(size: Int64) throws(ProjectArchiveError) {
        remaining = size
        let tail = Int(size % Int64(TarHeader.blockSize))
        padding = tail == 0 ? 0 : TarHeader.blockSize - tail
    }

    /// The next header block; nil when the stream ends exactly here (tolerated, as GNU tar does).
    private mutating func readHeaderBlock() throws(ProjectArchiveError) -> [UInt8]? {
        var block = [UInt8](repeating: 0, count: TarHeader.blockSize)
        let count = try block.withMutableArchiveBytes { (buffer) throws(ProjectArchiveError) in
            try input.readFully(into: buffer)
        }
        if count == 0 { return nil }
        guard count == TarHeader.blockSize else { throw Self.truncated }
        return block
    }

    private mutating func skipData() throws(ProjectArchiveError) {
        var scratch = [UInt8](repeating: 0, count: 32 * 1024)
        while remaining > 0 {
            _ = try scratch.withMutableArchiveBytes { (buffer) throws(ProjectArchiveError) in
                try readData(into: buffer)
            }
        }
        try skipPadding()
    }

    private mutating func skipPadding() throws(ProjectArchiveError) {
        guard padding > 0 else { return }
        var scratch = [UInt8](repeating: 0, count: padding)
        let count = try scratch.withMutableArchiveBytes { (buffer) throws(ProjectArchiveError) in
            try input.readFully(into: buffer)
        }
        guard count == padding else { throw Self.truncated }
        padding = 0
    }

    /// Commons Compress's text for a stream that ends inside a member.
    static var truncated: ProjectArchiveError {
        ProjectArchiveError(.invalidTar, "Truncated TAR archive")
    }
}
