import Foundation

/// Builds the tar.gz archive of a project directory for `digdag push` and `digdag archive`.
///
/// Rules (Digdag's `Archiver` and `ProjectArchive`): files are listed recursively; every file or
/// directory whose name starts with `.` is skipped, and so is whatever `<project>/.digdagignore`
/// matches (gitignore syntax); directories are not stored; permission bits are kept; a symlink
/// that points inside the project is stored as a symlink with a relative target, one that points
/// outside is an error unless ``copyOutgoingSymlinks`` is set, in which case what it points to
/// is stored as regular files. Names are sorted (Digdag uses directory-stream order).
///
/// ```swift
/// let builder = ProjectArchiveBuilder(projectDirectory: URL(fileURLWithPath: "."))
/// let contents = try builder.write(to: archiveURL) { entry in print("  Archiving \(entry.path)") }
/// ```
public struct ProjectArchiveBuilder: Sendable {
    /// An archive built in memory.
    public struct Archive: Sendable {
        /// What the archive holds.
        public var contents: ProjectArchiveContents
        /// The tar.gz bytes.
        public var bytes: [UInt8]
    }

    /// The project directory (made absolute and normalized lexically, as Digdag does).
    public var projectDirectory: URL
    /// Store what outgoing symlinks point to instead of failing (`--copy-outgoing-symlinks`).
    public var copyOutgoingSymlinks: Bool

    /// Creates a builder for a project directory.
    public init(projectDirectory: URL, copyOutgoingSymlinks: Bool = false) {
        self.projectDirectory = projectDirectory
        self.copyOutgoingSymlinks = copyOutgoingSymlinks
    }

    /// What an archive of the project would hold, without reading any file's content.
    public func contents() throws(ProjectArchiveError) -> ProjectArchiveContents {
        var entries: [ProjectArchiveEntry] = []
        var workflows: [String] = []
        try walker().walk { (member) throws(ProjectArchiveError) in
            entries.append(member.entry)
            if member.isWorkflow { workflows.append(member.entry.path) }
        }
        return ProjectArchiveContents(entries: entries, workflowResources: workflows)
    }

    /// Builds the archive in memory; `onEntry` sees each entry just before it is stored, so a
    /// caller can print progress even when a later entry fails.
    public func build(
        onEntry: (ProjectArchiveEntry) -> Void = { _ in }
    ) throws(ProjectArchiveError) -> Archive {
        let sink = MemoryByteSink()
        let contents = try write(into: sink, walker: walker(), onEntry: onEntry)
        return Archive(contents: contents, bytes: sink.bytes)
    }

    /// Writes the archive to `file` (created or replaced, mode 0644) and returns what it holds.
    /// When `file` is inside the project, it is not archived into itself.
    @discardableResult
    public func write(
        to file: URL, onEntry: (ProjectArchiveEntry) -> Void = { _ in }
    ) throws(ProjectArchiveError) -> ProjectArchiveContents {
        let output = try ArchiveFile.create(file.path)
        var walker = walker()
        if let id = output.fileID { walker.excluded.insert(id) }
        return try write(into: output, walker: walker, onEntry: onEntry)
    }

    private func walker() -> ProjectTreeWalker {
        ProjectTreeWalker(
            projectPath: DigdagYAML.absolutePath(of: projectDirectory), copyOutgoingSymlinks: copyOutgoingSymlinks)
    }

    private func write(
        into sink: any ArchiveByteSink, walker: ProjectTreeWalker, onEntry: (ProjectArchiveEntry) -> Void
    ) throws(ProjectArchiveError) -> ProjectArchiveContents {
        let gzip = GzipCompressor(output: sink)
        var tar = TarWriter(output: gzip)
        var entries: [ProjectArchiveEntry] = []
        var workflows: [String] = []
        try walker.walk { (member) throws(ProjectArchiveError) in
            onEntry(member.entry)
            try Self.store(member, in: &tar)
            entries.append(member.entry)
            if member.isWorkflow { workflows.append(member.entry.path) }
        }
        try tar.finish()
        try gzip.finish()
        return ProjectArchiveContents(entries: entries, workflowResources: workflows)
    }

    /// Appends one member; a file that changed size since it was listed is cut or zero-padded
    /// to the listed size.
    private static func store(_ member: ProjectTreeWalker.Member, in tar: inout TarWriter) throws(ProjectArchiveError) {
        let entry = member.entry
        if let target = entry.symlinkTarget {
            try tar.append(TarEntry(path: entry.path, kind: .symlink, mode: entry.mode,
                                    modificationTime: member.modificationTime, linkTarget: target))
            return
        }
        try tar.append(TarEntry(path: entry.path, kind: .file, mode: entry.mode, size: entry.size,
                                modificationTime: member.modificationTime))
        let input = try ArchiveFile.openForReading(member.sourcePath)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var remaining = entry.size
        while remaining > 0 {
            let wanted = Int(min(Int64(chunk.count), remaining))
            var count = try chunk.withMutableArchiveBytes { (buffer) throws(ProjectArchiveError) in
                try input.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted]))
            }
            if count == 0 {  // the file shrank
                count = wanted
                for index in 0..<count { chunk[index] = 0 }
            }
            try chunk.withArchiveBytes { (buffer) throws(ProjectArchiveError) in
                try tar.writeData(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            }
            remaining -= Int64(count)
        }
    }
}
