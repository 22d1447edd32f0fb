import Foundation

/// Which session waits for which through `require>` on this server, so that a cycle between
/// workflows (`a` requires `b` requires `a`) fails at once instead of waiting forever (Digdag
/// waits forever). An edge is recorded while the requester's `require>` reports `.running` and
/// dropped when it finishes; an edge left by an attempt that ended otherwise (killed) is checked
/// against the database before a cycle is reported.
public actor RequireWaitGraph {
    /// A session: project, workflow and session time.
    public struct Key: Hashable, Sendable {
        /// Project id.
        public var projectId: Int
        /// Workflow name.
        public var workflow: String
        /// Session time, epoch seconds.
        public var sessionTime: Int64
    }

    private var waitsFor: [Key: Key] = [:]

    /// Creates an empty graph.
    public init() {}

    /// The chain `requester -> target -> ... -> requester` if waiting would close a cycle through
    /// sessions still waiting (`isWaiting` confirms each from the database); otherwise records
    /// the wait and returns nil.
    func wait(
        _ requester: Key, for target: Key, isWaiting: @Sendable (Key) async -> Bool
    ) async -> [Key]? {
        if let chain = cycle(from: requester, to: target) {
            var stale: [Key] = []
            for key in chain.dropFirst().dropLast() where !(await isWaiting(key)) { stale.append(key) }
            if stale.isEmpty { return chain }
            for key in stale { waitsFor[key] = nil }
            if let chain = cycle(from: requester, to: target) { return chain }
        }
        waitsFor[requester] = target
        return nil
    }

    /// The requester's `require>` finished: it waits no more.
    func finished(_ requester: Key) {
        waitsFor[requester] = nil
    }

    private func cycle(from requester: Key, to target: Key) -> [Key]? {
        WaitCycle.find(from: requester, to: target, in: waitsFor)
    }
}
