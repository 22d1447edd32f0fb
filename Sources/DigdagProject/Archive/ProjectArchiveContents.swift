/// What a built project archive holds, in archive order.
public struct ProjectArchiveContents: Sendable, Equatable {
    /// Files and symlinks, in the order they are stored.
    public var entries: [ProjectArchiveEntry]
    /// Resource names of the workflows: top-level regular files (or symlinks to one) ending in
    /// `.dig`, in archive order (`WorkflowResourceMatcher.defaultMatcher`).
    public var workflowResources: [String]

    /// Creates contents.
    public init(entries: [ProjectArchiveEntry], workflowResources: [String]) {
        self.entries = entries
        self.workflowResources = workflowResources
    }

    /// Workflow names: the resource names without `.dig`.
    public var workflowNames: [String] {
        workflowResources.map { String($0.dropLast(ProjectLoader.workflowSuffix.count)) }
    }
}
