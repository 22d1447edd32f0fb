import DigdagCore
import DigdagOperatorKit
import Foundation

/// `digdag run`'s decisions before each task: skip what the status directory says succeeded,
/// honour `--start`, `--goal`, `--end`, `--rerun`, `--dry-run`, `--show-params`, and write a
/// status file for every task that succeeds.
public struct LocalRunGate: TaskGate {
    /// Saved results; nil with `--no-save`.
    public var status: (any StatusStore)?
    /// Full names whose status files may be used; nil means all (none with `--rerun`).
    public var statusEnabledNames: Set<String>?
    /// Full names that run; nil means all. Others succeed with an empty result.
    public var runNames: Set<String>?
    /// False with `--dry-run`.
    public var executesOperators: Bool
    /// Renders params for `--show-params`; nil when off.
    public var showParams: (@Sendable (Config) -> String)?

    /// Creates a gate.
    public init(
        status: (any StatusStore)?, statusEnabledNames: Set<String>?, runNames: Set<String>?, executesOperators: Bool,
        showParams: (@Sendable (Config) -> String)?
    ) {
        self.status = status
        self.statusEnabledNames = statusEnabledNames
        self.runNames = runNames
        self.executesOperators = executesOperators
        self.showParams = showParams
    }

    public func skipResult(forTask fullName: String) -> TaskResult? {
        guard let status else { return nil }
        if let runNames, !runNames.contains(fullName) { return .empty }
        if statusEnabledNames == nil || statusEnabledNames!.contains(fullName) {
            return status.successfulResult(of: fullName)
        }
        return nil
    }

    public func paramsDump(_ params: Config) -> String? {
        showParams.map { render in
            var lines = render(params).split(separator: "\n", omittingEmptySubsequences: false)
            while lines.last == "" { lines.removeLast() }
            return lines.map { "  " + $0 + "\n" }.joined()
        }
    }

    public func taskSucceeded(_ task: AttemptTask) {
        status?.save(task)
    }

    public func attemptFinished() {
        status?.flush()
    }
}

/// Where successful task results are kept between runs (the status directory).
public protocol StatusStore: Sendable {
    /// The saved result of a task that succeeded earlier, or nil.
    func successfulResult(of fullName: String) -> TaskResult?
    /// Saves a successful task (possibly buffered).
    func save(_ task: AttemptTask)
    /// Writes whatever `save` buffered.
    func flush()
}
