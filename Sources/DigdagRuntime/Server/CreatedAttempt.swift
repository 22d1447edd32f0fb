import DigdagCore

/// The initial state of an attempt this node has just stored: its tasks and resumed results.
public struct CreatedAttempt: Sendable {
    /// The tasks as stored.
    public var tasks: [AttemptTask]
    /// The results the attempt reuses (a resumed retry); empty otherwise.
    public var resumedResults: [String: TaskOutcome]

    /// Creates a value.
    public init(tasks: [AttemptTask], resumedResults: [String: TaskOutcome]) {
        self.tasks = tasks
        self.resumedResults = resumedResults
    }
}
