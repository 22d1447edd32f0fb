/// A counting semaphore for operator runs shared by all attempts of a process
/// (`--max-task-threads` in server mode): waiters are served in arrival order.
public actor TaskSlots {
    private var free: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var freed: (@Sendable () -> Void)?

    /// Creates `limit` slots (at least one).
    public init(limit: Int) {
        free = max(1, limit)
    }

    /// Takes a slot, waiting for one if none is free.
    public func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation {
            waiters.append($0)
            RuntimeMetrics.readyQueueDepth(waiters.count)
        }
    }

    /// Takes a slot if one is free now (nobody waits); false otherwise.
    public func tryAcquire() -> Bool {
        guard free > 0 else { return false }
        free -= 1
        return true
    }

    /// Calls `observer` whenever a slot becomes free (not handed to a waiter): a node's queue
    /// agent then claims queued tasks for it.
    public func observeFreedSlots(_ observer: @escaping @Sendable () -> Void) {
        freed = observer
    }

    /// Returns a slot, handing it to the longest waiter.
    public func release() {
        if waiters.isEmpty {
            free += 1
            freed?()
        } else {
            waiters.removeFirst().resume()
            RuntimeMetrics.readyQueueDepth(waiters.count)
        }
    }
}
