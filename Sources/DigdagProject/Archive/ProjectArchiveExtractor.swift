import Foundation

/// Reads project archives (tar.gz) for the server's `PUT /api/projects` and `digdag download`:
/// lists or extracts them, checking size limits and path safety while the data is inflated.
///
/// - Size limits (`api.max_archive_total_size_limit` on the server, 2 MiB by default, used for
///   both): an entry larger than ``Limits/maxEntrySize`` fails before its data is read, and the
///   sum of entry sizes failing ``Limits/maxTotalSize`` stops at the entry that crosses it
///   (Digdag extracts everything first and reports the full sum).
/// - Paths: absolute names and names whose `..` climb out of the destination are refused, and
///   so are entries that would be written through a symlink; a symlink whose target leaves the
///   destination is refused.
/// - Directory entries create directories but are not reported; hard links to a file extracted
///   earlier are copied; devices and FIFOs are skipped.
public struct ProjectArchiveExtractor: Sendable {
    /// Size limits in bytes; nil means unlimited.
    public struct Limits: Sendable, Equatable {
        /// The largest size of one entry.
        public var maxEntrySize: Int64?
        /// The largest sum of the sizes of all entries.
        public var maxTotalSize: Int64?
        /// The most files, symlinks and directories (beyond Digdag, which has no such limit: 100,000
        /// empty files in a 700 KB upload kept its server busy for a minute).
        public var maxEntries: Int?

        /// Creates limits.
        public init(maxEntrySize: Int64? = nil, maxTotalSize: Int64? = nil, maxEntries: Int? = nil) {
            self.maxEntrySize = maxEntrySize
            self.maxTotalSize = maxTotalSize
            self.maxEntries = maxEntries
        }

        /// No limits (`digdag download`).
        public static let unlimited = Limits()

        /// The server's limits: `api.max_archive_total_size_limit` for one entry and for the total,
        /// `api.max_archive_file_count` entries.
        public static func server(maxArchiveTotalSize: Int64 = 2_097_152, maxEntries: Int = defaultMaxEntries) -> Limits {
            Limits(maxEntrySize: maxArchiveTotalSize, maxTotalSize: maxArchiveTotalSize, maxEntries: maxEntries)
        }

        /// The server's default entry limit.
        public static let defaultMaxEntries = 10_000
    }

    /// The longest entry path accepted, in bytes (Linux's `PATH_MAX`).
    public static let maxPathBytes = 4096

    /// Whose texts to use for an entry whose path escapes the destination.
    public enum Messages: Sendable, Equatable {
        /// The server's `Bad zip entry` (`ProjectService.extractConfigFiles`).
        case server
        /// The CLI's `Archive includes an invalid entry: <name>` (`ProjectArchives`).
        case client
    }

    /// The size limits.
    public var limits: Limits
    /// The message style.
    public var messages: Messages

    /// Creates an extractor.
    public init(limits: Limits = .unlimited, messages: Messages = .client) {
        self.limits = limits
        self.messages = messages
    }

    /// The files and symlinks of an archive in memory, checked as ``extract(_:into:onEntry:)`` would.
    public func list(_ archive: [UInt8]) throws(ProjectArchiveError) -> [ProjectArchiveEntry] {
        try process(MemoryByteSource(archive), into: nil, onEntry: { _ in })
    }

    /// The files and symlinks of an archive file.
    public func list(fileAt file: URL) throws(ProjectArchiveError) -> [ProjectArchiveEntry] {
        try process(ArchiveFile.openForReading(file.path), into: nil, onEntry: { _ in })
    }

    /// Extracts an archive in memory into `directory` (created when missing); `onEntry` sees
    /// each file or symlink before it is written. Returns the entries in archive order.
    @discardableResult
    public func extract(
        _ archive: [UInt8], into directory: URL, onEntry: (ProjectArchiveEntry) -> Void = { _ in }
    ) throws(ProjectArchiveError) -> [ProjectArchiveEntry] {
        try process(MemoryByteSource(archive), into: directory, onEntry: onEntry)
    }

    /// Extracts an archive file into `directory`, as ``extract(_:into:onEntry:)``.
    @discardableResult
    public func extract(
        fileAt file: URL, into directory: URL, onEntry: (ProjectArchiveEntry) -> Void = { _ in }
    ) throws(ProjectArchiveError) -> [ProjectArchiveEntry] {
        try process(ArchiveFile.openForReading(file.path), into: directory, onEntry: onEntry)
    }

    // MARK: - Reading

    private func process(
        _ source: any ArchiveByteSource, into directory: URL?, onEntry: (ProjectArchiveEntry) -> Void
    ) throws(ProjectArchiveError) -> [ProjectArchiveEntry] {
        let destination = try directory.map { (url) throws(ProjectArchiveError) in
            try ExtractionDirectory(root: DigdagYAML.absolutePath(of: url), invalidEntry: invalidEntry)
        }
        let gzip = GzipDecompressor(input: source)
        var reader = TarReader(input: gzip)
        var entries: [ProjectArchiveEntry] = []
        var files: [[String]: ProjectArchiveEntry] = [:]
        var total: Int64 = 0
        var count = 0
        while let member = try reader.next() {
            count += 1
            if let limit = limits.maxEntries, count > limit {
                throw ProjectArchiveError(
                    .archiveTooLarge, "Number of entries in the archive exceeds limit (\(limit))")
            }
            guard member.path.utf8.count <= Self.maxPathBytes else {
                throw ProjectArchiveError(
                    .invalidEntry,
                    "Archive includes a path longer than \(Self.maxPathBytes) bytes: \(member.path.prefix(100))...")
            }
            guard member.kind != .directory else {
                guard let parts = ArchivePath.components(of: member.path) else { throw invalidEntry(member.path) }
                try destination?.makeDirectories(parts, entryName: member.path)
                continue
            }
            if case .other(let flag) = member.kind {
                // Devices and FIFOs are refused; other types (a GNU volume label, say) are skipped.
                guard let kind = Self.specialFileKind(typeFlag: flag) else { continue }
                throw ProjectArchiveError(.invalidEntry, "Archive includes \(kind), which a project cannot hold: \(member.path)")
            }
            try checkLimits(member, total: &total)
            guard let parts = ArchivePath.components(of: member.path), !parts.isEmpty else {
                throw invalidEntry(member.path)
            }
            let name = parts.joined(separator: "/")
            switch member.kind {
            case .symlink:
                guard ArchivePath.linkTarget(member.linkTarget, from: Array(parts.dropLast())) != nil else {
                    throw ProjectArchiveError(
                        .invalidSymlink, "Archive includes an invalid symlink: \(member.path) -> \(member.linkTarget)")
                }
                let entry = ProjectArchiveEntry(path: name, symlinkTarget: member.linkTarget, mode: member.mode)
                onEntry(entry)
                try destination?.createSymlink(parts, entryName: member.path, target: member.linkTarget)
                entries.append(entry)
                files[parts] = nil
            case .hardLink:
                guard let targetParts = ArchivePath.components(of: member.linkTarget),
                    let target = files[targetParts]
                else { throw invalidEntry(member.path) }
                let entry = ProjectArchiveEntry(path: name, mode: target.mode, size: target.size)
                try checkLimits(TarEntry(path: member.path, kind: .file, mode: 0, size: target.size), total: &total)
                onEntry(entry)
                if let destination {
                    try destination.createFile(parts, entryName: member.path, permissions: target.mode) {
                        (file) throws(ProjectArchiveError) in
                        try Self.copy(from: destination.openExtractedFile(targetParts), to: file)
                    }
                }
                entries.append(entry)
                files[parts] = entry
            default:
                let entry = ProjectArchiveEntry(path: name, mode: member.mode & 0o777, size: member.size)
                onEntry(entry)
                try destination?.createFile(parts, entryName: member.path, permissions: entry.mode) {
                    (file) throws(ProjectArchiveError) in
                    try Self.copyData(of: &reader, to: file)
                }
                entries.append(entry)
                files[parts] = entry
            }
        }
        // Read on to the gzip trailer so that a damaged archive fails its CRC check.
        try gzip.drain(upTo: Self.maxTrailingBytes)
        return entries
    }

    /// How much data after the end of the tar stream is inflated to reach the gzip trailer.
    static let maxTrailingBytes = 1 << 20

    private func checkLimits(_ member: TarEntry, total: inout Int64) throws(ProjectArchiveError) {
        if let limit = limits.maxEntrySize, member.size > limit {
            throw ProjectArchiveError(
                .entryTooLarge,
                "Size of a file in the archive exceeds limit (\(member.size) > \(limit) bytes): \(member.path)")
        }
        total += member.size
        if let limit = limits.maxTotalSize, total > limit {
            throw ProjectArchiveError(
                .archiveTooLarge, "Total size of the archive exceeds limit (\(total) > \(limit) bytes)")
        }
    }

    /// What a device or FIFO type flag stands for; nil for other flags.
    private static func specialFileKind(typeFlag: UInt8) -> String? {
        switch typeFlag {
        case UInt8(ascii: "3"): "a character device"
        case UInt8(ascii: "4"): "a block device"
        case UInt8(ascii: "6"): "a FIFO"
        default: nil
        }
    }

    private func invalidEntry(_ name: String) -> ProjectArchiveError {
        switch messages {
        case .server: ProjectArchiveError(.invalidEntry, "Bad zip entry")
        case .client: ProjectArchiveError(.invalidEntry, "Archive includes an invalid entry: \(name)")
        }
    }

    private static func copyData(of reader: inout TarReader, to file: ArchiveFile) throws(ProjectArchiveError) {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = try chunk.withMutableArchiveBytes { (buffer) throws(ProjectArchiveError) in
                try reader.readData(into: buffer)
            }
            if count == 0 { return }
            try chunk.withArchiveBytes { (buffer) throws(ProjectArchiveError) in
                try file.write(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            }
        }
    }

    private static func copy(from input: ArchiveFile, to output: ArchiveFile) throws(ProjectArchiveError) {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = try chunk.withMutableArchiveBytes { (buffer) throws(ProjectArchiveError) in
                try input.read(into: buffer)
            }
            if count == 0 { return }
            try chunk.withArchiveBytes { (buffer) throws(ProjectArchiveError) in
                try output.write(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            }
        }
    }
}
