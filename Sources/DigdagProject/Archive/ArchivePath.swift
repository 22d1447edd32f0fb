/// Lexical checks of the paths inside an archive: each must stay inside the destination.
enum ArchivePath {
    /// The components of an entry name resolved against the destination root (`.` and empty
    /// components dropped, `..` applied); nil when the name is absolute or climbs above the root.
    static func components(of name: String) -> [String]? {
        guard !name.hasPrefix("/") else { return nil }
        return resolve(name, in: [])
    }

    /// The components of a symlink's target seen from the link's directory `parent`; nil when
    /// the target is empty or absolute, climbs above the root, or has a `..` after a name.
    ///
    /// `a/..` is refused because `a` may itself be a symlink: lexically `a/..` is the link's own
    /// directory, but the system resolves it from wherever `a` points. A target made of leading
    /// `..` and then names climbs real directories only (the link's parents are never symlinks,
    /// see ``ExtractionDirectory``), so its lexical check is also the physical one.
    static func linkTarget(_ target: String, from parent: [String]) -> [String]? {
        guard !target.isEmpty, !target.hasPrefix("/") else { return nil }
        var sawName = false
        for part in target.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
            if part == ".." {
                if sawName { return nil }
            } else {
                sawName = true
            }
        }
        return resolve(target, in: parent)
    }

    private static func resolve(_ path: String, in base: [String]) -> [String]? {
        var parts = base
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts
    }
}
