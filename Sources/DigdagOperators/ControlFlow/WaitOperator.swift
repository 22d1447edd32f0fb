import DigdagCore
import DigdagOperatorKit
import Foundation

/// `wait>: DURATION`: succeeds once the duration has passed since the task first ran. By default
/// it does not hold a worker: it asks to be polled again (`poll_interval`, or the remaining time,
/// at least one second). `blocking: true` sleeps instead.
public struct WaitOperator: Operator {
    public let type = "wait"
    public var knownOptions: Set<String>? { ["blocking", "poll_interval"] }
    public var honorsRetry: Bool { false }
    public var readsProjectFiles: Bool { false }
    public var isInstant: Bool { true }
    static let startKey = "wait_start_time_millis"

    /// Creates the operator.
    public init() {}

    public func run(_ context: OperatorContext) async throws -> TaskResult {
        let config = context.request.config
        guard let duration = DurationText.seconds(context.request.command?.textValue ?? "") else {
            throw OperatorError.config("Invalid configuration")
        }
        let blocking = try config["blocking"].map { value -> Bool in
            guard let b = ConfigCoercion.bool(value) else { throw OperatorError.config("Invalid configuration") }
            return b
        } ?? false
        let pollInterval = try config["poll_interval"].map { value -> Int64 in
            guard let seconds = DurationText.seconds(value.textValue) else {
                throw OperatorError.config("Invalid configuration")
            }
            return seconds
        }
        if blocking && pollInterval != nil {
            throw OperatorError.config("poll_interval can't be specified with blocking:true")
        }
        let nowMillis = Int64(Date().timeIntervalSince1970 * 1000)
        let startMillis = context.request.lastStateParams[Self.startKey].flatMap(ConfigCoercion.int) ?? nowMillis
        let endMillis = startMillis + duration * 1000
        if nowMillis > endMillis {
            context.logger.log(.info, "wait finished. start:\(ZonedTime.instantText(Date(timeIntervalSince1970: Double(startMillis) / 1000)))")
            return .empty
        }
        let remaining = max((endMillis - nowMillis) / 1000, 1)
        if blocking {
            try await Task.sleep(for: .seconds(remaining))
            return .empty
        }
        var state = context.request.lastStateParams
        state[Self.startKey] = .int(startMillis)
        throw OperatorError.poll(afterSeconds: Int(pollInterval ?? remaining), stateParams: state)
    }
}
