import Synchronization

/// Hands out Digdag-style task thread numbers (`0016@...`): the lowest free number from 16 up,
/// as a pool of worker threads would.
final class ThreadNumbers: Sendable {
    /// One pool per process, shared by every attempt (as Digdag's task threads are).
    static let shared = ThreadNumbers()

    private let state = Mutex<Set<Int>>([])

    func acquire() -> Int {
        state.withLock { used in
            var n = 16
            while used.contains(n) { n += 1 }
            used.insert(n)
            return n
        }
    }

    func release(_ n: Int) {
        _ = state.withLock { $0.remove(n) }
    }

    /// `0016@[0:default:1:1]+wf+task`.
    static func threadName(number: Int, prefix: String, taskName: String) -> String {
        let digits = String(number)
        let padded = digits.count >= 4 ? digits : String(repeating: "0", count: 4 - digits.count) + digits
        return "\(padded)@\(prefix)\(taskName)"
    }
}
