import DigdagCore

/// How one run of a task ended, as reported to the attempt's state machine.
enum TaskCompletion: Sendable {
    case succeeded(TaskOutcome)
    case failed(error: Config)
    case retry(afterSeconds: Int, stateParams: Config, error: Config?)
}
