import Synchronization

/// Attempts whose logs someone is watching live (the web console): their running tasks' first
/// output is stored at once and later output at most ``watchedFlushInterval`` after it was
/// printed, instead of every second, so a line reaches an open log view well within a second.
/// Costs nothing when nobody watches.
public final class LogWatchers: Sendable {
    private let counts = Mutex<[Int64: Int]>([:])
    /// How often a watched task's output is stored.
    public let watchedFlushInterval: Double = 0.2

    /// Creates an empty set.
    public init() {}

    /// Starts watching `attemptId`; pair with ``unwatch(_:)``.
    public func watch(_ attemptId: Int64) {
        counts.withLock { $0[attemptId, default: 0] += 1 }
    }

    /// Stops one watch of `attemptId`.
    public func unwatch(_ attemptId: Int64) {
        counts.withLock { counts in
            let left = (counts[attemptId] ?? 1) - 1
            counts[attemptId] = left > 0 ? left : nil
        }
    }

    /// Whether someone watches `attemptId`.
    func isWatched(_ attemptId: Int64) -> Bool { counts.withLock { $0[attemptId] != nil } }

    /// Whether anyone watches anything.
    var any: Bool { counts.withLock { !$0.isEmpty } }
}
