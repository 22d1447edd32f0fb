/// A file or symlink of a project archive, as `digdag push` prints it (`  Archiving <path>`,
/// `    symlink -> <target>`) and `digdag download` prints it (`  <dir>/<path>`).
public struct ProjectArchiveEntry: Sendable, Equatable, CustomStringConvertible {
    /// The path inside the project, `/`-separated and normalized (no `.`, `..` or leading `./`).
    public var path: String
    /// For a symlink, its target relative to the symlink's directory; nil for a regular file.
    public var symlinkTarget: String?
    /// The POSIX permission bits (`0o755`); symlinks report what the archive stores.
    public var mode: UInt32
    /// The file's size in bytes (0 for a symlink).
    public var size: Int64

    /// Creates an entry.
    public init(path: String, symlinkTarget: String? = nil, mode: UInt32 = 0o644, size: Int64 = 0) {
        self.path = path
        self.symlinkTarget = symlinkTarget
        self.mode = mode
        self.size = size
    }

    /// True for a symlink.
    public var isSymlink: Bool { symlinkTarget != nil }

    public var description: String {
        symlinkTarget.map { "\(path) -> \($0)" } ?? path
    }
}
