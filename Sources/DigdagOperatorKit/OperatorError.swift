import DigdagCore

/// Why an operator did not succeed. The runtime turns each case into Digdag's log line and
/// `error.message`.
public enum OperatorError: Error, Sendable, Equatable {
    /// An expected failure (Digdag's `TaskExecutionException`): `error.message` is the message as is;
    /// logged as `Task +wf+t failed.\n<message>`.
    case failed(String)
    /// A configuration problem: `error.message` is `<message> (config)`;
    /// logged as `Configuration error at task +wf+t: <message> (config)`.
    case config(String)
    /// An unexpected failure such as `Command failed with code 1`: `error.message` is
    /// `<message> (runtime)`; logged as `Task failed with unexpected error: <message>`.
    case runtime(String)
    /// Not finished: call the operator again after `seconds` with `stateParams` as
    /// the request's `lastStateParams` (Digdag's polling).
    case poll(afterSeconds: Int, stateParams: Config)

    /// The `error.message` value Digdag exports to `_error` tasks.
    public var errorMessage: String {
        switch self {
        case .failed(let m): m
        case .config(let m): "\(m) (config)"
        case .runtime(let m): "\(m) (runtime)"
        case .poll: ""
        }
    }
}

extension ConfigError {
    /// This config error as an operator failure.
    public var operatorError: OperatorError { .config(message) }
}
