import Synchronization

/// Set when the task that waits for a blocking libcurl transfer is cancelled; the transfer's
/// progress callback reads it and aborts.
package final class CancelFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Creates a flag that is not set.
    package init() {}

    /// Sets the flag.
    package func cancel() { flag.store(true, ordering: .relaxed) }

    /// True once ``cancel()`` was called.
    package var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
