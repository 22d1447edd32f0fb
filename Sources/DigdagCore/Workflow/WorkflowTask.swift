/// One task of a compiled task tree, before it is stored in an attempt.
///
/// Indexes refer to positions in the list the compiler returned; the first task is the root
/// of that list (the workflow root `+wf`, or a generated root such as `+wf+t^sub`).
public struct WorkflowTask: Equatable, Sendable {
    /// Position in the compiled list.
    public var index: Int
    /// The raw name, e.g. `+setup` or `^sub`.
    public var name: String
    /// The full name, e.g. `+mydag+setup` or `+mydag+repeat^sub`.
    public var fullName: String
    /// Index of the parent task in the same list; nil for the first task.
    public var parentIndex: Int?
    /// Indexes of sibling tasks that must succeed first.
    public var upstreamIndexes: [Int]
    /// True for groups (no operator): they never run and finish with their children.
    public var isGroup: Bool
    /// The task's own config without `+children` (local keys plus `_export`).
    public var config: Config

    /// Creates a task.
    public init(
        index: Int, name: String, fullName: String, parentIndex: Int?, upstreamIndexes: [Int], isGroup: Bool,
        config: Config
    ) {
        self.index = index
        self.name = name
        self.fullName = fullName
        self.parentIndex = parentIndex
        self.upstreamIndexes = upstreamIndexes
        self.isGroup = isGroup
        self.config = config
    }

    /// The task's local keys: its config without `_export`.
    public var localConfig: Config {
        var c = config
        c.removeValue(forKey: "_export")
        return c
    }

    /// The task's `_export` object.
    public var exportConfig: Config { config.nestedOrEmpty("_export") }
}
