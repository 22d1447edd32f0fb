import DigdagCore
import DigdagOperatorKit
import DigdagStorage
import Logging

/// Records an attempt's task changes in the database.
struct StorageAttemptJournal: AttemptJournal {
    let storage: any DigdagStorage
    let attemptId: Int64
    let logger: Logger

    func record(_ changed: [AttemptTask], finish: AttemptFinish?) async {
        // A failed write is retried: losing it would make the attempt diverge from the database.
        var delay: Duration = .milliseconds(100)
        while true {
            do {
                try await storage.saveTasks(attemptId: attemptId, changed: changed, finish: finish)
                return
            } catch {
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
