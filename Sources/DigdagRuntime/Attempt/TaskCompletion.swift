import DigdagCore

/// How one run of a task ended, as reported to the attempt's state machine.
enum TaskCompletion: Sendable {
    case succeeded(TaskOutcome)
    case failed(error: Config)
    case retry(afterSeconds: Int, stateParams: Config, error: Config?)

    /// `success`, `error` or `retry` (the `state` label of `digdag_tasks_finished_total`).
    var metricState: String {
        switch self {
        case .succeeded: "success"
        case .failed: "error"
        case .retry: "retry"
        }
    }
}
