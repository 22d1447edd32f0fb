import Synchronization

/// An attempt's kill, fired once, that cancels each of its running tasks (a command gets
/// SIGTERM, then SIGKILL after the grace period) instead of letting it run to its end, as
/// Digdag's kill does (its issue 1766).
final class KillSignal: Sendable {
    private struct State {
        var fired = false
        var nextId = 0
        /// What cancels each running body.
        var running: [Int: @Sendable () -> Void] = [:]
    }

    private let state = Mutex(State())

    /// Fires the signal: every running body is cancelled, and every later one at once.
    func fire() {
        let running = state.withLock { state in
            state.fired = true
            return state.running.values
        }
        for cancel in running { cancel() }
    }

    /// Runs `body`, stopped by `signal` when there is one.
    static func run<T: Sendable>(stoppedBy signal: KillSignal?, _ body: @escaping @Sendable () async -> T) async -> T {
        guard let signal else { return await body() }
        return await signal.run(body)
    }

    /// Runs `body` until it ends; once the signal fires, `body` is cancelled and its answer to
    /// the cancellation is returned.
    func run<T: Sendable>(_ body: @escaping @Sendable () async -> T) async -> T {
        let work = Task { await body() }
        let id = state.withLock { state in
            defer { state.nextId += 1 }
            if state.fired { work.cancel() } else { state.running[state.nextId] = { work.cancel() } }
            return state.nextId
        }
        defer { _ = state.withLock { $0.running.removeValue(forKey: id) } }
        return await withTaskCancellationHandler { await work.value } onCancel: { work.cancel() }
    }
}
