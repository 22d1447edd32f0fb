import Synchronization

/// Results of repeated reads kept in memory for as long as a watcher of the database's changes
/// vouches that nothing they show has changed (a shared database's `LISTEN` connection).
///
/// - Nothing is kept while no watcher listens (`watching(_:)`): changes would go unheard.
/// - A change (`invalidate()`) drops every kept value; a read that began before it cannot keep
///   what it read (its `Ticket` is of an older generation), whichever finishes first.
/// - A value older than `maxAge` is read again: it bounds how long a listener that silently
///   stopped hearing (a network black hole) can leave a value unrefreshed.
public final class ChangeWatchedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// Permission to keep one read's result: valid while no change came after it was taken.
    public struct Ticket: Sendable {
        fileprivate let generation: UInt64
    }

    /// What `lookup` found.
    public enum Lookup: Sendable {
        /// A value nothing has changed since it was read.
        case hit(Value)
        /// Nothing usable: read, then `keep` the result with the ticket (nil: do not keep it).
        case miss(Ticket?)
    }

    private struct Kept {
        let value: Value
        let readAt: ContinuousClock.Instant
    }

    private struct State {
        var watching = false
        var generation: UInt64 = 0
        var kept: [Key: Kept] = [:]

        mutating func dropAll() {
            generation &+= 1
            kept.removeAll(keepingCapacity: true)
        }
    }

    private let state = Mutex(State())
    private let maxAge: Duration
    private let capacity: Int

    /// A cache of at most `capacity` values, each used for at most `maxAge`.
    public init(maxAge: Duration = .seconds(1), capacity: Int = 64) {
        self.maxAge = maxAge
        self.capacity = capacity
    }

    /// The kept value for `key`, or a ticket to keep what the caller reads now.
    public func lookup(_ key: Key, now: ContinuousClock.Instant = .now) -> Lookup {
        state.withLock { state in
            guard state.watching else { return .miss(nil) }
            if let kept = state.kept[key], now - kept.readAt < maxAge { return .hit(kept.value) }
            return .miss(Ticket(generation: state.generation))
        }
    }

    /// Keeps `value` for `key` unless a change came after `ticket` was taken.
    public func keep(_ value: Value, for key: Key, ticket: Ticket, readAt: ContinuousClock.Instant = .now) {
        state.withLock { state in
            guard state.watching, state.generation == ticket.generation else { return }
            if state.kept.count >= capacity, state.kept[key] == nil { state.kept.removeAll(keepingCapacity: true) }
            state.kept[key] = Kept(value: value, readAt: readAt)
        }
    }

    /// The kept value for `key`, or what `read` returns (kept when nothing changed meanwhile).
    public func value<E: Error>(for key: Key, orRead read: () async throws(E) -> Value) async throws(E) -> Value {
        let readAt = ContinuousClock.now
        switch lookup(key, now: readAt) {
        case .hit(let value):
            return value
        case .miss(let ticket):
            let value = try await read()
            if let ticket { keep(value, for: key, ticket: ticket, readAt: readAt) }
            return value
        }
    }

    /// Something the kept values may show has changed: drops them all.
    public func invalidate() {
        state.withLock { $0.dropAll() }
    }

    /// Whether a watcher listens for changes now; either way the kept values are dropped (while
    /// it was away, changes went unheard).
    public func watching(_ watching: Bool) {
        state.withLock { state in
            state.watching = watching
            state.dropAll()
        }
    }
}
