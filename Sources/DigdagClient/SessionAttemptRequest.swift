import DigdagAPI
import DigdagCore
import Foundation

/// The body of `PUT /api/attempts` (`RestSessionAttemptRequest`).
package struct SessionAttemptRequest: Sendable, Equatable {
    /// Which tasks of an earlier attempt a retry reuses.
    package enum Resume: Sendable, Equatable {
        /// Reuse every successful task (`--resume`).
        case failed(attemptId: Int64)
        /// Reuse the tasks before `from` (`--resume-from +TASK`).
        case from(attemptId: Int64, task: String)
    }

    /// The workflow definition to run.
    package var workflowId: Int64
    /// The session time.
    package var sessionTime: Date
    /// The retry attempt name, if any.
    package var retryAttemptName: String?
    /// Resume settings of a retry.
    package var resume: Resume?
    /// Session parameters.
    package var params: Config

    /// Creates a request.
    package init(workflowId: Int64, sessionTime: Date, retryAttemptName: String?, resume: Resume? = nil, params: Config) {
        self.workflowId = workflowId
        self.sessionTime = sessionTime
        self.retryAttemptName = retryAttemptName
        self.resume = resume
        self.params = params
    }

    /// The JSON body, in Digdag's field order.
    package var json: ConfigValue {
        var b = JSONObjectBuilder()
        b.id("workflowId", workflowId)
        b.instant("sessionTime", sessionTime)
        b.string("retryAttemptName", retryAttemptName)
        switch resume {
        case .failed(let attemptId)?:
            b.value("resume", .object(["mode": "failed", "attemptId": .string(String(attemptId))]))
        case .from(let attemptId, let task)?:
            b.value("resume", .object(["mode": "from", "attemptId": .string(String(attemptId)), "from": .string(task)]))
        case nil:
            b.value("resume", .null)
        }
        b.config("params", params)
        return b.json
    }
}
