import DigdagCore

/// A ready task an attempt's owner hands to the cluster's task queue.
struct PublishedTask: Sendable {
    let task: AttemptTask
    let params: Config
    let thread: String
}

/// A queued task's completion, recorded by the node that ran it.
struct RemoteCompletion: Sendable {
    let taskId: Int64
    let completion: TaskCompletion
    /// The node that ran the task.
    let node: String
}

/// How an attempt's owner uses the task queue several nodes share (PostgreSQL): ready tasks it
/// has no free task slot for are published for any node to run, and their completions come
/// back as events of the attempt's loop, applied exactly as local ones.
struct RemoteTasks: Sendable {
    /// Publishes tasks; false when they were not stored (the attempt is fenced out or the database
    /// failed): the runner then runs them here.
    let publish: @Sendable ([PublishedTask]) async -> Bool
    /// Completions of this attempt's published tasks (each may arrive more than once).
    let completions: AsyncStream<RemoteCompletion>
    /// Tasks an earlier owner published that still run or wait elsewhere.
    let outstanding: Set<Int64>
    /// Completions recorded for tasks an earlier owner published, applied before anything else.
    let recorded: [RemoteCompletion]
    /// How long a ready task waits for a free slot on this node before it is published
    /// (zero: at once).
    var publishAfter: Duration = .zero
}
