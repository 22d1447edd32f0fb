import Synchronization

/// An attempt's kill, fired once and awaited by each of its running tasks: a task that hears it
/// is cancelled (its command gets SIGTERM, then SIGKILL after the grace period) instead of
/// running to its end, as Digdag's kill does (its issue 1766).
final class KillSignal: Sendable {
    private struct State {
        var fired = false
        var waiters: [AsyncStream<Void>.Continuation] = []
    }

    private let state = Mutex(State())

    /// Fires the signal: every waiter hears it, and every later one at once.
    func fire() {
        let waiters = state.withLock { state in
            state.fired = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.finish() }
    }

    /// Returns once the signal fired, or when the calling task is cancelled.
    func wait() async {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let fired = state.withLock { state in
            if !state.fired { state.waiters.append(continuation) }
            return state.fired
        }
        if fired { return }
        for await _ in stream {}
    }

    /// Runs `body`, stopped by `signal` when there is one.
    static func run<T: Sendable>(stoppedBy signal: KillSignal?, _ body: @escaping @Sendable () async -> T) async -> T {
        guard let signal else { return await body() }
        return await signal.run(body)
    }

    /// Runs `body` until it ends, or until the signal fires: then `body` is cancelled and its
    /// answer to the cancellation is returned.
    func run<T: Sendable>(_ body: @escaping @Sendable () async -> T) async -> T {
        await withTaskGroup(of: T?.self) { group in
            group.addTask { await body() }
            group.addTask {
                await self.wait()
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            if let first { return first }
            while let next = await group.next() {
                if let next { return next }
            }
            preconditionFailure("the body's task always answers")
        }
    }
}
