/// Writes a tar stream GNU tar reads: ustar headers, with a pax extended header (`path`,
/// `linkpath`) in front of members whose name or link target is too long for the header.
///
/// Call ``append(_:)`` for each member, then ``writeData(_:)`` until a file's `size` bytes are
/// written, and ``finish()`` at the end.
package struct TarWriter {
    /// Archives end on a multiple of 20 blocks, as GNU tar and Commons Compress write them.
    static let recordSize = 20 * TarHeader.blockSize

    private let output: any ArchiveByteSink
    private var remaining: Int64 = 0
    private var pendingPadding = 0
    private var totalWritten: Int64 = 0

    /// Creates a writer that writes to `output`.
    package init(output: any ArchiveByteSink) {
        self.output = output
    }

    /// Starts a member; for a file, its `size` bytes must follow through ``writeData(_:)``.
    package mutating func append(_ entry: TarEntry) throws(ProjectArchiveError) {
        precondition(remaining == 0, "the previous file's data is incomplete")
        let name = Array(entry.path.utf8)
        let linkName = Array(entry.linkTarget.utf8)
        var pax: [(key: String, value: [UInt8])] = []
        if name.count > TarHeader.maxInlineNameLength { pax.append(("path", name)) }
        if linkName.count > TarHeader.maxInlineNameLength { pax.append(("linkpath", linkName)) }
        if !pax.isEmpty { try writePaxHeader(pax, for: entry) }
        let size: Int64 = entry.kind == .file ? entry.size : 0
        try emit(
            TarHeader.encode(
                name: Array(name.prefix(TarHeader.maxInlineNameLength)),
                linkName: Array(linkName.prefix(TarHeader.maxInlineNameLength)), typeFlag: entry.kind.typeFlag,
                mode: entry.mode, size: size, modificationTime: entry.modificationTime))
        try beginData(size: size)
    }

    /// Appends a file member with all its data.
    package mutating func append(_ entry: TarEntry, contents: [UInt8]) throws(ProjectArchiveError) {
        var entry = entry
        entry.size = Int64(contents.count)
        try append(entry)
        try contents.withArchiveBytes { (bytes) throws(ProjectArchiveError) in try writeData(bytes) }
    }

    /// Writes data of the current file; never more than what its header announced.
    package mutating func writeData(_ bytes: UnsafeRawBufferPointer) throws(ProjectArchiveError) {
        precondition(Int64(bytes.count) <= remaining, "more data than the header's size")
        guard !bytes.isEmpty else { return }
        try output.write(bytes)
        totalWritten += Int64(bytes.count)
        remaining -= Int64(bytes.count)
        if remaining == 0 { try padBlock() }
    }

    /// Writes the end-of-archive blocks and pads the stream to a whole record.
    package mutating func finish() throws(ProjectArchiveError) {
        precondition(remaining == 0, "the last file's data is incomplete")
        try emit([UInt8](repeating: 0, count: 2 * TarHeader.blockSize))
        let tail = Int(totalWritten % Int64(Self.recordSize))
        if tail != 0 { try emit([UInt8](repeating: 0, count: Self.recordSize - tail)) }
    }

    private mutating func writePaxHeader(
        _ records: [(key: String, value: [UInt8])], for entry: TarEntry
    ) throws(ProjectArchiveError) {
        let data = PaxRecords.encode(records)
        let base = entry.path.split(separator: "/").last.map(String.init) ?? "entry"
        let name = Array(Array("PaxHeaders/\(base)".utf8).prefix(TarHeader.maxInlineNameLength))
        try emit(
            TarHeader.encode(
                name: name, linkName: [], typeFlag: UInt8(ascii: "x"), mode: 0o644, size: Int64(data.count),
                modificationTime: entry.modificationTime))
        try beginData(size: Int64(data.count))
        try data.withArchiveBytes { (bytes) throws(ProjectArchiveError) in try writeData(bytes) }
    }

    private mutating func beginData(size: Int64) throws(ProjectArchiveError) {
        remaining = size
        let tail = Int(size % Int64(TarHeader.blockSize))
        pendingPadding = tail == 0 ? 0 : TarHeader.blockSize - tail
    }

    private mutating func padBlock() throws(ProjectArchiveError) {
        if pendingPadding > 0 { try emit([UInt8](repeating: 0, count: pendingPadding)) }
        pendingPadding = 0
    }

    private mutating func emit(_ bytes: [UInt8]) throws(ProjectArchiveError) {
        try output.write(bytes)
        totalWritten += Int64(bytes.count)
    }
}
