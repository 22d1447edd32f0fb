import Foundation

extension AttemptState {
    /// Rebuilds an attempt from stored tasks (ids 1...n, in id order), e.g. after a restart.
    public init(restoring stored: [AttemptTask], maxTasks: Int = 1000) {
        self.maxTasks = maxTasks
        tasks = stored.sorted { $0.id < $1.id }
        for task in tasks {
            if let parent = task.parentId { childrenByParent[parent, default: []].append(task.id) }
        }
    }

    /// Tasks that were running when the process stopped run again: they go back to `ready`
    /// (operator state kept), except those in `kept` (still running elsewhere, e.g. on another
    /// node of a cluster). Returns their ids.
    @discardableResult
    public mutating func resetRunningTasks(now: Date, except kept: Set<Int64> = []) -> [Int64] {
        var reset: [Int64] = []
        for i in tasks.indices where tasks[i].state == .running && !kept.contains(tasks[i].id) {
            tasks[i].state = .ready
            tasks[i].updatedAt = now
            reset.append(tasks[i].id)
        }
        return reset
    }

    /// A cheap fingerprint of every task's mutable state, to find what changed between two moments.
    public var changeMarks: [TaskChangeMark] {
        tasks.map { TaskChangeMark(state: $0.state, flags: $0.flags, retryCount: $0.retryCount, updatedAt: $0.updatedAt) }
    }

    /// Tasks that differ from `marks` (taken earlier) or were added since, in id order.
    public func changedTasks(since marks: [TaskChangeMark]) -> [AttemptTask] {
        var changed: [AttemptTask] = []
        for i in tasks.indices {
            let t = tasks[i]
            if i >= marks.count
                || marks[i] != TaskChangeMark(state: t.state, flags: t.flags, retryCount: t.retryCount, updatedAt: t.updatedAt)
            {
                changed.append(t)
            }
        }
        return changed
    }
}

/// What `changedTasks(since:)` compares: every transition changes one of these.
public struct TaskChangeMark: Equatable, Sendable {
    let state: TaskState
    let flags: TaskFlags
    let retryCount: Int
    let updatedAt: Date?
}
