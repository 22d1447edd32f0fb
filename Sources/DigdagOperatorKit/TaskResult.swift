import DigdagCore

/// What an operator produced: generated subtasks and parameters for later tasks. The same
/// value the attempt state machine records (`DigdagCore.TaskOutcome`).
public typealias TaskResult = TaskOutcome

extension TaskOutcome {
    /// A result with nothing in it.
    public static let empty = TaskOutcome()
}
