/// Cycles in a "who waits for whom" map (`require>` between sessions).
enum WaitCycle {
    /// The chain `requester -> target -> ... -> requester` if `requester` waiting for `target`
    /// would close a cycle through `waitsFor`; nil otherwise.
    static func find<Key: Hashable>(from requester: Key, to target: Key, in waitsFor: [Key: Key]) -> [Key]? {
        var chain = [requester, target]
        var current = target
        while current != requester {
            guard let next = waitsFor[current], chain.count <= waitsFor.count + 2 else { return nil }
            chain.append(next)
            current = next
        }
        return chain
    }
}
