/// Lexical path normalization as Java's `Path.normalize()` does it (no symlink resolution).
enum PathNormalizer {
    /// Resolves `child` against the absolute directory `base` and removes `.` and `..` segments.
    static func resolve(_ child: String, against base: String) -> String {
        child.hasPrefix("/") ? normalize(child) : normalize(base + "/" + child)
    }

    /// An absolute path without `.`, `..` or empty segments (`..` above the root is dropped).
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The parent directory of an absolute, normalized path.
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }
}
