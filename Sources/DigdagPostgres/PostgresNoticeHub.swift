import DigdagStorage
import Synchronization

/// Hands what the storage's one listening connection hears to every subscriber (the attempt
/// executor, the task agent): each gets its own stream, `.connected` first when the connection
/// is up, so that nobody needs a listening connection of its own.
final class PostgresNoticeHub: Sendable {
    private struct State {
        var connected = false
        var nextId = 0
        var subscribers: [Int: AsyncStream<TaskQueueNotice>.Continuation] = [:]
    }

    private let state = Mutex(State())

    /// Notices from now on, until the calling task is cancelled.
    func subscribe() -> AsyncStream<TaskQueueNotice> {
        let (stream, continuation) = AsyncStream<TaskQueueNotice>.makeStream()
        let id = state.withLock { state in
            defer { state.nextId += 1 }
            state.subscribers[state.nextId] = continuation
            if state.connected { continuation.yield(.connected) }
            return state.nextId
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// The listening connection is up (again): announcements may have been missed.
    func connected() {
        publish(.connected, connected: true)
    }

    /// The listening connection is gone.
    func disconnected() {
        state.withLock { $0.connected = false }
    }

    /// Hands `notice` to every subscriber.
    func publish(_ notice: TaskQueueNotice) {
        publish(notice, connected: nil)
    }

    private func publish(_ notice: TaskQueueNotice, connected: Bool?) {
        state.withLock { state in
            if let connected { state.connected = connected }
            for continuation in state.subscribers.values { continuation.yield(notice) }
        }
    }
}
