import DigdagStorage
import Synchronization

/// The lease under which an attempt running in this process writes. When this node claims the
/// same attempt again (its lease expired during a database outage and nobody else took it),
/// the running execution adopts the new epoch instead of being fenced out by its own node.
final class LeaseHolder: Sendable {
    private let lease: Mutex<AttemptLease>

    init(_ lease: AttemptLease) {
        self.lease = Mutex(lease)
    }

    /// The lease writes check now.
    var current: AttemptLease { lease.withLock { $0 } }

    /// Adopts a newer claim of this node.
    func replace(with newer: AttemptLease) {
        lease.withLock { $0 = newer }
    }
}
