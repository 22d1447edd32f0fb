import Foundation

/// What `PUT /api/attempts` checks before it stores an attempt.
public struct AttemptStartFacts: Sendable {
    /// The workflow definition to start.
    public var workflow: StoredWorkflow
    /// When its project was deleted; nil while it exists.
    public var projectDeletedAt: Date?
    /// Unfinished attempts of every project (`executor.attempt_max_run` bounds them).
    public var activeAttempts: Int

    /// Creates a value.
    public init(workflow: StoredWorkflow, projectDeletedAt: Date?, activeAttempts: Int) {
        self.workflow = workflow
        self.projectDeletedAt = projectDeletedAt
        self.activeAttempts = activeAttempts
    }
}
