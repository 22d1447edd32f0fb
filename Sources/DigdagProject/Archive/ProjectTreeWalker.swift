import Foundation

/// Lists the files of a project directory with `digdag push`'s rules (`ProjectArchive.listFiles`
/// and `Archiver` in Digdag): recursive; names starting with `.` skipped; `.digdagignore`
/// applied; directories not reported; symlinks inside the project reported as symlinks with a
/// relative target; symlinks leading outside rejected, or followed when copying is allowed.
///
/// Digdag visits directory entries in directory-stream order, which depends on the file system;
/// we sort names by their UTF-8 bytes so that archives are reproducible.
struct ProjectTreeWalker {
    /// A file or symlink to store.
    struct Member {
        var entry: ProjectArchiveEntry
        /// The path to read a file's content from (through outgoing symlinks when copying).
        var sourcePath: String
        var modificationTime: Int64
        /// True for a workflow resource: a top-level regular file (or link to one) ending in `.dig`.
        var isWorkflow: Bool
    }

    /// A file's identity, to skip the archive being written and to detect directory cycles.
    struct FileID: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// The absolute, lexically normalized project directory.
    let projectPath: String
    let copyOutgoingSymlinks: Bool
    let ignore: GitIgnoreMatcher?
    /// Files never listed (the output archive when it is written inside the project).
    var excluded: Set<FileID> = []

    init(projectPath: String, copyOutgoingSymlinks: Bool) {
        self.projectPath = projectPath
        self.copyOutgoingSymlinks = copyOutgoingSymlinks
        if let data = FileManager.default.contents(atPath: projectPath + "/.digdagignore") {
            ignore = GitIgnoreMatcher(String(decoding: data, as: UTF8.self))
        } else {
            ignore = nil
        }
    }

    /// Calls `visit` for every member, in archive order.
    func walk(_ visit: (Member) throws(ProjectArchiveError) -> Void) throws(ProjectArchiveError) {
        var info = stat()
        guard stat(projectPath, &info) == 0 else { throw .fileSystem("read directory", projectPath, errno: errno) }
        try walkDirectory(projectPath, relative: "", ancestors: [Self.fileID(info)], visit)
    }

    private func walkDirectory(
        _ directory: String, relative: String, ancestors: Set<FileID>,
        _ visit: (Member) throws(ProjectArchiveError) -> Void
    ) throws(ProjectArchiveError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw ProjectArchiveError(.fileSystem, "Failed to read directory \(directory)", cause: "\(error)")
        }
        for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where !name.hasPrefix(".") {
            let path = directory + "/" + name
            let resourceName = relative.isEmpty ? name : relative + "/" + name
            var linkInfo = stat()
            guard lstat(path, &linkInfo) == 0 else { throw .fileSystem("read", path, errno: errno) }
            let isLink = Self.isType(linkInfo, S_IFLNK)
            var info = linkInfo
            let exists = !isLink || stat(path, &info) == 0
            let isDirectory = exists && Self.isType(info, S_IFDIR)
            if ignore?.isIgnored(resourceName, isDirectory: isDirectory) == true { continue }
            let isWorkflow = !resourceName.contains("/") && name.hasSuffix(ProjectLoader.workflowSuffix)
                && exists && Self.isType(info, S_IFREG)

            if isLink {
                let destination = PathNormalizer.resolve(try Self.readLink(path), against: directory)
                if Self.isInside(destination, projectPath) {
                    let entry = ProjectArchiveEntry(
                        path: resourceName, symlinkTarget: Self.relativePath(from: directory, to: destination),
                        mode: UInt32(linkInfo.st_mode) & 0o777)
                    try visit(Member(entry: entry, sourcePath: path, modificationTime: Self.seconds(linkInfo),
                                     isWorkflow: isWorkflow))
                    continue
                }
                guard copyOutgoingSymlinks else {
                    throw ProjectArchiveError(
                        .outgoingSymlink,
                        "Invalid symbolic link: Given path '\(destination)' is outside of project directory "
                            + "'\(projectPath)'. Consider to add --copy-outgoing-symlinks option")
                }
                guard exists else { throw .fileSystem("read", path, errno: ENOENT) }
            }
            if isDirectory {
                let id = Self.fileID(info)
                guard !ancestors.contains(id) else {
                    throw ProjectArchiveError(.fileSystem, "Symbolic link loop at \(path)")
                }
                try walkDirectory(path, relative: resourceName, ancestors: ancestors.union([id]), visit)
            } else if Self.isType(info, S_IFREG), !excluded.contains(Self.fileID(info)) {
                let entry = ProjectArchiveEntry(
                    path: resourceName, mode: UInt32(info.st_mode) & 0o777, size: Int64(info.st_size))
                try visit(Member(entry: entry, sourcePath: path, modificationTime: Self.seconds(info),
                                 isWorkflow: isWorkflow))
            }
            // Sockets, FIFOs and devices are not project files: skipped.
        }
    }

    // MARK: - Helpers

    static func fileID(_ info: stat) -> FileID {
        FileID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    private static func isType(_ info: stat, _ type: mode_t) -> Bool {
        info.st_mode & S_IFMT == type
    }

    private static func seconds(_ info: stat) -> Int64 {
        #if canImport(Darwin)
        Int64(info.st_mtimespec.tv_sec)
        #else
        Int64(info.st_mtim.tv_sec)
        #endif
    }

    private static func readLink(_ path: String) throws(ProjectArchiveError) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { throw .fileSystem("read symbolic link", path, errno: errno) }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// True when the normalized absolute `path` is `directory` or inside it (whole components).
    static func isInside(_ path: String, _ directory: String) -> Bool {
        directory == "/" || path == directory || path.hasPrefix(directory + "/")
    }

    /// The relative path from directory `base` to `target` (both absolute and normalized), as
    /// Java's `Path.relativize` gives it; `.` when they are the same.
    static func relativePath(from base: String, to target: String) -> String {
        let from = base.split(separator: "/")
        let to = target.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count, from[common] == to[common] { common += 1 }
        let parts = Array(repeating: "..", count: from.count - common) + to[common...].map(String.init)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
