import DigdagStorage
import Synchronization

/// What an attempt's run needs from its workflow definition and revision, read once per
/// definition: both are immutable once stored (a new push is a new revision with new
/// definitions), so every attempt of a definition after the first skips two queries.
final class DefinitionCache: Sendable {
    /// A definition's revision facts.
    struct Definition: Sendable {
        /// The revision's name.
        let revisionName: String
        /// The revision (id, default params, archive); nil when it is gone.
        let revision: StoredRevision?
    }

    /// Entries kept at most; past it the cache starts over.
    private let capacity: Int
    private let entries = Mutex<[Int64: Definition]>([:])

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The definition `id` from the cache or from `storage`; nil when it is not stored.
    func definition(id: Int64, storage: any DigdagStorage) async throws -> Definition? {
        if let known = entries.withLock({ $0[id] }) { return known }
        guard let workflow = try await storage.workflow(id: id) else { return nil }
        let revision = try await storage.revision(projectId: workflow.projectId, name: workflow.revisionName)
        let definition = Definition(revisionName: workflow.revisionName, revision: revision)
        // A revision that is gone is not remembered: only stored rows are immutable.
        if revision != nil {
            entries.withLock { entries in
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
                entries[id] = definition
            }
        }
        return definition
    }
}
