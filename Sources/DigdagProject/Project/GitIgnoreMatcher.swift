/// Matches project-relative paths against gitignore-syntax rules (`.digdagignore`).
///
/// Supported: comments, blank lines, `!` negation, `\#`/`\!` escapes, trailing-space trimming,
/// directory-only rules (`dir/`), anchored rules (containing `/`), `*`, `?`, `[...]` classes and
/// `**` across directories. The last matching rule wins; a path inside an ignored directory is
/// ignored.
public struct GitIgnoreMatcher: Sendable {
    struct Rule: Sendable {
        var segments: [String]
        var negated: Bool
        var directoryOnly: Bool
        var anchored: Bool
    }

    private let rules: [Rule]

    /// Parses the text of an ignore file.
    public init(_ text: String) {
        rules = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .compactMap { Self.rule(from: String($0)) }
    }

    /// True when the path (relative to the project, `/`-separated) is ignored.
    public func isIgnored(_ path: String, isDirectory: Bool) -> Bool {
        let parts = path.split(separator: "/").map(String.init)
        guard !parts.isEmpty else { return false }
        for end in 1...parts.count {
            let prefix = Array(parts[0..<end])
            let prefixIsDirectory = end < parts.count || isDirectory
            if decision(for: prefix, isDirectory: prefixIsDirectory) == true { return true }
        }
        return false
    }

    private func decision(for parts: [String], isDirectory: Bool) -> Bool? {
        for rule in rules.reversed() where matches(rule, parts, isDirectory: isDirectory) {
            return !rule.negated
        }
        return nil
    }

    private func matches(_ rule: Rule, _ parts: [String], isDirectory: Bool) -> Bool {
        if rule.directoryOnly && !isDirectory { return false }
        if rule.anchored { return GlobMatcher.matchSegments(rule.segments, parts[...]) }
        guard let last = parts.last, let pattern = rule.segments.first else { return false }
        return GlobMatcher.matchSegment(pattern, last)
    }

    private static func rule(from rawLine: String) -> Rule? {
        var line = rawLine
        if line.hasSuffix("\r") { line.removeLast() }
        while line.hasSuffix(" ") && !line.hasSuffix("\\ ") { line.removeLast() }
        if line.isEmpty || line.hasPrefix("#") { return nil }
        var negated = false
        if line.hasPrefix("!") {
            negated = true
            line.removeFirst()
        } else if line.hasPrefix("\\!") || line.hasPrefix("\\#") {
            line.removeFirst()
        }
        var directoryOnly = false
        while line.hasSuffix("/") {
            directoryOnly = true
            line.removeLast()
        }
        if line.isEmpty { return nil }
        var anchored = line.contains("/")
        if line.hasPrefix("/") { line.removeFirst() }
        var segments = line.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if segments.count == 2, segments.first == "**" {
            // `**/name` matches `name` at any depth, like an unanchored rule.
            segments.removeFirst()
            anchored = false
        }
        return Rule(segments: segments, negated: negated, directoryOnly: directoryOnly, anchored: anchored)
    }
}

/// Glob matching of path segments (`*`, `?`, `[...]`, `\x`) and segment lists with `**`.
enum GlobMatcher {
    /// Matches a list of pattern segments against path segments; `**` spans zero or more
    /// segments, except that a trailing `**` needs at least one.
    static func matchSegments(_ pattern: [String], _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        let rest = Array(pattern.dropFirst())
        if first == "**" {
            if rest.isEmpty { return !path.isEmpty }
            var index = path.startIndex
            while index <= path.endIndex {
                if matchSegments(rest, path[index...]) { return true }
                index += 1
            }
            return false
        }
        guard let segment = path.first, matchSegment(first, segment) else { return false }
        return matchSegments(rest, path.dropFirst())
    }

    /// Matches one segment with `*`, `?`, bracket classes and backslash escapes.
    static func matchSegment(_ pattern: String, _ text: String) -> Bool {
        match(Array(pattern), 0, Array(text), 0)
    }

    private static func match(_ p: [Character], _ pi: Int, _ t: [Character], _ ti: Int) -> Bool {
        if pi == p.count { return ti == t.count }
        switch p[pi] {
        case "*":
            var k = ti
            while k <= t.count {
                if match(p, pi + 1, t, k) { return true }
                k += 1
            }
            return false
        case "?":
            return ti < t.count && match(p, pi + 1, t, ti + 1)
        case "[":
            guard ti < t.count, let (matched, next) = matchClass(p, pi, t[ti]) else {
                return ti < t.count && p[pi] == t[ti] && match(p, pi + 1, t, ti + 1)
            }
            return matched && match(p, next, t, ti + 1)
        case "\\" where pi + 1 < p.count:
            return ti < t.count && p[pi + 1] == t[ti] && match(p, pi + 2, t, ti + 1)
        default:
            return ti < t.count && p[pi] == t[ti] && match(p, pi + 1, t, ti + 1)
        }
    }

    /// A bracket class starting at `start`: whether `c` is in it, and the index after `]`.
    private static func matchClass(_ p: [Character], _ start: Int, _ c: Character) -> (Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < p.count && (p[i] == "!" || p[i] == "^") {
            negate = true
            i += 1
        }
        var matched = false
        var first = true
        while i < p.count && (p[i] != "]" || first) {
            first = false
            if i + 2 < p.count && p[i + 1] == "-" && p[i + 2] != "]" {
                if p[i] <= c && c <= p[i + 2] { matched = true }
                i += 3
            } else {
                if p[i] == c { matched = true }
                i += 1
            }
        }
        guard i < p.count else { return nil }
        return (matched != negate, i + 1)
    }
}
