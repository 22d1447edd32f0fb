import Foundation

/// The destination of an extraction: creates directories, files and symlinks below `root` and
/// never writes through a symlink (not one from the archive, not one that was already there).
struct ExtractionDirectory {
    /// The absolute, normalized destination.
    let root: String
    /// Called with the entry name when an entry would go through a symlink.
    let invalidEntry: (String) -> ProjectArchiveError

    /// Creates the destination directory (and its parents) when missing.
    init(root: String, invalidEntry: @escaping (String) -> ProjectArchiveError) throws(ProjectArchiveError) {
        self.root = root
        self.invalidEntry = invalidEntry
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw ProjectArchiveError(.fileSystem, "Failed to create directory \(root)", cause: "\(error)")
        }
    }

    /// The absolute path of a resolved entry.
    func path(_ components: [String]) -> String {
        components.isEmpty ? root : root + "/" + components.joined(separator: "/")
    }

    /// Creates the directories `components` names, refusing to go through a symlink.
    func makeDirectories(_ components: [String], entryName: String) throws(ProjectArchiveError) {
        for end in stride(from: 1, through: components.count, by: 1) {
            let path = path(Array(components[..<end]))
            var info = stat()
            if lstat(path, &info) != 0 {
                guard errno == ENOENT else { throw .fileSystem("read", path, errno: errno) }
                guard mkdir(path, 0o777) == 0 || errno == EEXIST else {
                    throw .fileSystem("create directory", path, errno: errno)
                }
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: continue
            case S_IFLNK: throw invalidEntry(entryName)
            default: throw .fileSystem("create directory", path, errno: ENOTDIR)
            }
        }
    }

    /// Removes a file or symlink that stands where a new entry goes (a directory stays and fails
    /// the creation that follows).
    func clearPlace(_ components: [String]) throws(ProjectArchiveError) {
        let path = path(components)
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFDIR else { return }
        guard unlink(path) == 0 else { throw .fileSystem("replace", path, errno: errno) }
    }

    /// Creates a file with exactly `permissions` and fills it from `write`.
    func createFile(
        _ components: [String], entryName: String, permissions: UInt32,
        contents write: (ArchiveFile) throws(ProjectArchiveError) -> Void
    ) throws(ProjectArchiveError) {
        try makeDirectories(Array(components.dropLast()), entryName: entryName)
        try clearPlace(components)
        let file = try ArchiveFile.create(path(components), permissions: mode_t(permissions & 0o777))
        try write(file)
    }

    /// Creates a symlink to `target` (already checked to stay inside the root).
    func createSymlink(_ components: [String], entryName: String, target: String) throws(ProjectArchiveError) {
        try makeDirectories(Array(components.dropLast()), entryName: entryName)
        try clearPlace(components)
        let path = path(components)
        guard symlink(target, path) == 0 else { throw .fileSystem("create symbolic link", path, errno: errno) }
    }

    /// Opens a regular file extracted earlier (for a hard link), without following symlinks.
    func openExtractedFile(_ components: [String]) throws(ProjectArchiveError) -> ArchiveFile {
        try ArchiveFile.openForReading(path(components), followSymlink: false)
    }
}
