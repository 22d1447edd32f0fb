/// A counting semaphore for operator runs shared by all attempts of a process
/// (`--max-task-threads` in server mode): waiters are served in arrival order.
public actor TaskSlots {
    private var free: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

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

    /// Returns a slot, handing it to the longest waiter.
    public func release() {
        if waiters.isEmpty {
            free += 1
        } else {
            waiters.removeFirst().resume()
            RuntimeMetrics.readyQueueDepth(waiters.count)
        }
    }
}
