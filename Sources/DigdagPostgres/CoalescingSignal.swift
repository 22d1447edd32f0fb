import Synchronization

/// Runs an announcement at most once per `window` however often `signal` is called: the first
/// call opens a window, the calls during it ride along, and the announcement starts after the
/// window closes, so every call is followed by an announcement that begins after it.
final class CoalescingSignal: Sendable {
    private let pending = Mutex(false)
    private let window: Duration

    /// A signal that waits `window` before announcing.
    init(window: Duration) {
        self.window = window
    }

    /// Makes sure `announce` runs once more after this call (shared with the other calls of the
    /// current window).
    func signal(_ announce: @escaping @Sendable () async -> Void) {
        let opens = pending.withLock { pending in
            defer { pending = true }
            return !pending
        }
        guard opens else { return }
        Task {
            try? await Task.sleep(for: window)
            pending.withLock { $0 = false }
            await announce()
        }
    }
}
