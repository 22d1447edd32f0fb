/// Group commit: items submitted while a batch is being written wait and are written together
/// in the next batch, so that concurrent writers share one transaction (one WAL flush on
/// PostgreSQL) instead of one each. No task of its own: the caller that finds nothing in flight
/// writes the batch, then hands the turn to a waiting caller.
actor GroupCommit<Item: Sendable, Outcome: Sendable> {
    private enum Turn {
        case done(Outcome)
        case lead
    }

    /// Writes a batch; returns one outcome per item, in order.
    private let write: @Sendable ([Item]) async -> [Outcome]
    private var pending: [(id: Int, item: Item)] = []
    private var waiters: [Int: CheckedContinuation<Turn, Never>] = [:]
    private var writing = false
    private var nextId = 0

    init(write: @escaping @Sendable ([Item]) async -> [Outcome]) {
        self.write = write
    }

    /// Writes `item` in the next batch and returns its outcome once the batch is written.
    func submit(_ item: Item) async -> Outcome {
        let id = nextId
        nextId += 1
        pending.append((id, item))
        if writing {
            if case .done(let outcome) = await withCheckedContinuation({ waiters[id] = $0 }) { return outcome }
        }
        writing = true
        let batch = pending
        pending.removeAll()
        let outcomes = await write(batch.map(\.item))
        var own: Outcome?
        for (entry, outcome) in zip(batch, outcomes) {
            if entry.id == id {
                own = outcome
            } else {
                waiters.removeValue(forKey: entry.id)?.resume(returning: .done(outcome))
            }
        }
        if let next = pending.first {
            waiters.removeValue(forKey: next.id)?.resume(returning: .lead)
        } else {
            writing = false
        }
        guard let own else { preconditionFailure("a group commit's write returned fewer outcomes than items") }
        return own
    }
}
