/// A task pattern from the command line (`+step`, `--start +x`): a suffix of exactly one static
/// task's full name.
public struct TaskMatchPattern: Sendable, Equatable {
    /// The pattern text.
    public let pattern: String

    /// Validates a pattern: every fragment between delimiters must be longer than one character.
    public init(_ pattern: String) throws(ConfigError) {
        let fragments = Self.fragments(pattern)
        if fragments.isEmpty { throw ConfigError("Task match pattern is invalid: \(pattern)") }
        if fragments.contains(where: { $0.count == 1 }) {
            throw ConfigError("Match patterns excepting direct child (+name+name) is not supported: \(pattern)")
        }
        self.pattern = pattern
    }

    /// The index of the only task whose full name ends with the pattern.
    public func findIndex(in tasks: [WorkflowTask]) throws(ConfigError) -> Int {
        let matches = tasks.filter { $0.fullName.hasSuffix(pattern) }
        if matches.count == 1 { return matches[0].index }
        if matches.isEmpty { throw ConfigError("Task pattern '\(pattern)' doesn't match with any tasks.") }
        let names = matches.map(\.fullName).joined(separator: ", ")
        throw ConfigError("Task pattern '\(pattern)' is ambiguous. Matching candidates are [\(names)]")
    }

    /// The only stored task whose full name ends with the pattern (resume from a task).
    public func find(in tasks: [AttemptTask]) throws(ConfigError) -> AttemptTask {
        let matches = tasks.filter { $0.fullName.hasSuffix(pattern) }
        if matches.count == 1 { return matches[0] }
        if matches.isEmpty { throw ConfigError("Task pattern '\(pattern)' doesn't match with any tasks.") }
        let names = matches.map(\.fullName).joined(separator: ", ")
        throw ConfigError("Task pattern '\(pattern)' is ambiguous. Matching candidates are [\(names)]")
    }

    /// Splits before each non-word character that is not one of `- = [ ] { } % & @ , . _`.
    private static func fragments(_ pattern: String) -> [String] {
        let keep: Set<Character> = ["-", "=", "[", "]", "{", "}", "%", "&", "@", ",", ".", "_"]
        var parts: [String] = []
        var current = ""
        for c in pattern {
            let isWord = c.isLetter || c.isNumber || c == "_"
            if !isWord && !keep.contains(c) && !current.isEmpty {
                parts.append(current)
                current = ""
            }
            current.append(c)
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }
}

/// `digdag run wf +task`: keeps the root and the subtree of one task, re-parented under the root.
public enum SubtreeExtract {
    /// The extracted list with indexes renumbered.
    public static func extract(_ tasks: [WorkflowTask], target: Int) -> [WorkflowTask] {
        var picked: [WorkflowTask] = [tasks[0]]
        var seen: Set<Int> = [0]
        func add(_ index: Int) {
            guard seen.insert(index).inserted else { return }
            picked.append(tasks[index])
            for t in tasks[index...] where t.parentIndex == index { add(t.index) }
        }
        add(target)
        var map: [Int: Int] = [:]
        for (i, t) in picked.enumerated() { map[t.index] = i }
        return picked.map { t in
            var copy = t
            copy.index = map[t.index]!
            copy.parentIndex = t.parentIndex.map { map[$0] ?? 0 }
            copy.upstreamIndexes = t.index == target ? [] : t.upstreamIndexes.compactMap { map[$0] }
            return copy
        }
    }
}

/// Index-based walks over a compiled task list (for `--start`, `--goal`, `--end`).
public enum TaskListWalk {
    /// Upstream siblings of `index` and of its ancestors (with their descendants), plus the
    /// ancestors themselves: the tasks that come "before" it.
    public static func before(_ index: Int, in tasks: [WorkflowTask]) -> [Int] {
        var result: [Int] = []
        var chain: [Int] = []
        var cursor: Int? = index
        while let c = cursor {
            chain.insert(c, at: 0)
            cursor = tasks[c].parentIndex
        }
        for node in chain {
            var walked = Set<Int>()
            func walk(_ n: Int) {
                for up in tasks[n].upstreamIndexes.sorted() where walked.insert(up).inserted {
                    walk(up)
                    result.append(up)
                    result += descendants(up, in: tasks)
                }
            }
            walk(node)
            if node != index { result.append(node) }
        }
        return result
    }

    /// All descendants of `index`.
    public static func descendants(_ index: Int, in tasks: [WorkflowTask]) -> [Int] {
        var out: [Int] = []
        for t in tasks where t.parentIndex == index {
            out.append(t.index)
            out += descendants(t.index, in: tasks)
        }
        return out
    }
}
