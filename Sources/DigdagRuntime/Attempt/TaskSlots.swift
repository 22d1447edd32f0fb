/// A counting semaphore for operator runs shared by all attempts of a process
/// (`--max-task-threads` in server mode): waiters are served in arrival order.
public actor TaskSlots {
    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<Bool, Never>
    }

    private var free: Int
    private var waiters: [Waiter] = []
    private var nextWaiterId = 0
    /// Waiters that have an id and no answer yet.
    private var unanswered: Set<Int> = []
    /// Timed waiters whose time ran out before they got in line.
    private var expiredEarly: Set<Int> = []
    private var freed: (@Sendable () -> Void)?

    /// Creates `limit` slots (at least one).
    public init(limit: Int) {
        free = max(1, limit)
    }

    /// Takes a slot, waiting for one if none is free.
    public func acquire() async {
        _ = await wait(id: enqueueId())
    }

    /// Takes a slot if one is free now (nobody waits); false otherwise.
    public func tryAcquire() -> Bool {
        guard free > 0 else { return false }
        free -= 1
        return true
    }

    /// Takes a slot, waiting at most `timeout` for one; false when none came in time.
    public func acquire(within timeout: Duration) async -> Bool {
        if tryAcquire() { return true }
        let id = enqueueId()
        return await withTaskGroup(of: Bool?.self) { group in
            group.addTask { await self.wait(id: id) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled { await self.expire(id) }
                return nil
            }
            var granted = false
            for await result in group {
                guard let result else { continue }
                granted = result
                group.cancelAll()
            }
            return granted
        }
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
            let waiter = waiters.removeFirst()
            unanswered.remove(waiter.id)
            waiter.continuation.resume(returning: true)
            RuntimeMetrics.readyQueueDepth(waiters.count)
        }
    }

    private func enqueueId() -> Int {
        defer { nextWaiterId += 1 }
        unanswered.insert(nextWaiterId)
        return nextWaiterId
    }

    /// Waits in line as `id`: true when handed a slot (at once when one is free), false when expired.
    private func wait(id: Int) async -> Bool {
        if expiredEarly.remove(id) != nil { return false }
        if free > 0, waiters.isEmpty {
            unanswered.remove(id)
            free -= 1
            return true
        }
        return await withCheckedContinuation {
            waiters.append(Waiter(id: id, continuation: $0))
            RuntimeMetrics.readyQueueDepth(waiters.count)
        }
    }

    /// Gives up waiter `id` if it still waits.
    private func expire(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else {
            if unanswered.remove(id) != nil { expiredEarly.insert(id) }  // not in line yet
            return
        }
        unanswered.remove(id)
        waiters.remove(at: index).continuation.resume(returning: false)
        RuntimeMetrics.readyQueueDepth(waiters.count)
    }
}
