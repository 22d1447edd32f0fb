import CoreMetrics
import Foundation
import Synchronization

/// The runtime's metrics through swift-metrics: the server bootstraps a Prometheus backend and
/// serves them on `GET /metrics`; without a backend (`digdag run`) they cost nothing. Each is
/// recorded once per task or attempt, never inside a loop over tasks.
enum RuntimeMetrics {
    /// The per-task counters by label values, made once: making a metric goes through the
    /// backend's registry (a lock, name and label checks), which cost far more than counting.
    private static let taskCounters = Mutex<[TaskCounterKey: Counter]>([:])

    private struct TaskCounterKey: Hashable {
        let finished: Bool
        let operatorName: String
        let state: String
    }

    private static func taskCounter(finished: Bool, operator name: String, state: String) -> Counter {
        let key = TaskCounterKey(finished: finished, operatorName: name, state: state)
        return taskCounters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter =
                finished
                ? Counter(label: "digdag_tasks_finished_total", dimensions: [("operator", name), ("state", state)])
                : Counter(label: "digdag_tasks_started_total", dimensions: [("operator", name)])
            counters[key] = counter
            return counter
        }
    }

    /// `digdag_tasks_started_total{operator}`: operator runs started on this node.
    static func taskStarted(operator name: String) {
        taskCounter(finished: false, operator: name, state: "").increment()
    }

    /// `digdag_tasks_finished_total{operator,state}`: runs ended as `success`, `error` or `retry`.
    static func taskFinished(operator name: String, state: String) {
        taskCounter(finished: true, operator: name, state: state).increment()
    }

    /// `digdag_ready_queue_depth`: ready tasks of this node waiting for a free task slot.
    static func readyQueueDepth(_ depth: Int) {
        Gauge(label: "digdag_ready_queue_depth").record(depth)
    }

    /// `digdag_attempt_duration_seconds{status}`: from creation to the end, for attempts that end here.
    static func attemptFinished(success: Bool, duration: TimeInterval) {
        Timer(label: "digdag_attempt_duration_seconds", dimensions: [("status", success ? "success" : "error")])
            .recordNanoseconds(Int64(max(0, duration) * 1e9))
    }

    /// `digdag_task_state_commits_total`: transactions that stored task states (group commits:
    /// each holds the changes of every attempt of this node that asked meanwhile).
    static func stateCommitted() {
        Counter(label: "digdag_task_state_commits_total").increment()
    }

    /// `digdag_attempt_takeovers_total`: attempts this node claimed from another, dead or stalled, node.
    static func takenOver(_ count: Int) {
        Counter(label: "digdag_attempt_takeovers_total").increment(by: count)
    }

    /// `digdag_attempt_leases_lost_total`: attempts this node was fenced out of.
    static func leaseLost() {
        Counter(label: "digdag_attempt_leases_lost_total").increment()
    }

    /// `digdag_schedule_lateness_seconds`: how long after its run time a schedule slot started.
    static func scheduleSlotStarted(lateness: TimeInterval) {
        Timer(label: "digdag_schedule_lateness_seconds").recordNanoseconds(Int64(max(0, lateness) * 1e9))
    }
}

extension RuntimeMetrics {
    /// `digdag_task_queue_depth`: queued tasks of the cluster waiting for a node or running on one.
    static func taskQueueDepth(_ depth: Int) {
        Gauge(label: "digdag_task_queue_depth").record(depth)
    }

    /// `digdag_tasks_published_total`: ready tasks this node handed to the cluster's task queue.
    static func published(_ count: Int) {
        Counter(label: "digdag_tasks_published_total").increment(by: count)
    }

    /// `digdag_tasks_claimed_from_queue_total`: queued tasks this node claimed and ran.
    static func claimedFromQueue() {
        Counter(label: "digdag_tasks_claimed_from_queue_total").increment()
    }

    /// `digdag_task_claims_lost_total`: queued tasks this node lost to another node (not recorded).
    static func taskClaimLost() {
        Counter(label: "digdag_task_claims_lost_total").increment()
    }
}
