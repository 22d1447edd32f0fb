import Synchronization

/// A flag set once, read from any task (the server's graceful shutdown).
final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Creates an unset signal.
    init() {}

    /// Sets the flag.
    func set() { flag.store(true, ordering: .relaxed) }

    /// True once set.
    var isSet: Bool { flag.load(ordering: .relaxed) }
}
