/// The few `java.nio.file.Path` behaviours `digdag init` output depends on.
enum JavaPath {
    /// Collapses repeated `/` and drops a trailing `/` (Java's `Paths.get` does both).
    static func normalizeSeparators(_ path: String) -> String {
        var result = ""
        var previousSlash = false
        for char in path {
            if char == "/" {
                if !previousSlash { result.append(char) }
                previousSlash = true
            } else {
                result.append(char)
                previousSlash = false
            }
        }
        if result.count > 1, result.hasSuffix("/") {
            result.removeLast()
        }
        return result
    }

    /// `base.resolve(name)` for a relative `name`.
    static func resolve(_ base: String, _ name: String) -> String {
        if base.isEmpty { return name }
        return base.hasSuffix("/") ? base + name : base + "/" + name
    }

    /// Java's `normalize()`: drops `.` and folds `name/..`; leading `..` of a relative path stay.
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : joined
    }

    /// `Paths.get(path).normalize().toAbsolutePath()` with `base` as the working directory.
    static func normalizedAbsolute(_ path: String, base: String) -> String {
        let normalized = normalize(path)
        if normalized.hasPrefix("/") { return normalized }
        return normalized.isEmpty ? base : resolve(base, normalized)
    }

    /// The last name component (`getFileName()`); empty for the root.
    static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? ""
    }
}
