import DigdagCore
import DigdagOperatorKit
import DigdagStorage
import Foundation
import Logging

/// Records an attempt's task changes in the database, fenced by this node's lease, batched with
/// the other attempts' changes of this node.
struct StorageAttemptJournal: AttemptJournal {
    let batcher: TaskSaveBatcher
    let attemptId: Int64
    let lease: LeaseHolder
    /// When the attempt was created (for `digdag_attempt_duration_seconds`).
    let createdAt: Date
    /// Set when the server shuts down: then a write that fails is not retried forever.
    let stopping: StopSignal
    let logger: Logger

    func record(_ changed: [AttemptTask], finish: AttemptFinish?) async -> Bool {
        // A failed write is retried: losing it would make the attempt diverge from the database.
        // Once the server shuts down it stops here instead, as after a crash: the attempt
        // continues from its last stored state when this node or another one claims it again.
        var delay: Duration = .milliseconds(100)
        while true {
            let held = lease.current
            switch await batcher.save(TaskSave(attemptId: attemptId, changed: changed, finish: finish, lease: held)) {
            case .success(true):
                if let finish {
                    RuntimeMetrics.attemptFinished(
                        success: finish.success, duration: finish.finishedAt.timeIntervalSince(createdAt))
                }
                return true
            case .success(false) where lease.current != held:
                continue  // this node claimed the attempt again meanwhile: write under the new epoch
            case .success(false):
                logger.warning(
                    "Lost the lease on this session attempt to another node; stopping it here without recording",
                    metadata: ["digdag.attempt.id": "\(attemptId)", "digdag.lease.epoch": "\(held.epoch)"])
                RuntimeMetrics.leaseLost()
                return false
            case .failure(let error) where stopping.isSet:
                logger.error(
                    "Failed to store task states while shutting down; stopping this session attempt here, it continues from its last stored state when claimed again",
                    metadata: ["digdag.attempt.id": "\(attemptId)", "error": "\(error)"])
                return false
            case .failure(let error):
                logger.error(
                    "Failed to store task states, retrying", metadata: ["digdag.attempt.id": "\(attemptId)", "error": "\(error)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(10))
            }
        }
    }
}

/// Skips tasks whose results a resumed attempt reuses.
struct ResumeGate: TaskGate {
    let results: [String: TaskOutcome]

    func skipResult(forTask fullName: String) -> TaskResult? { results[fullName] }
}
