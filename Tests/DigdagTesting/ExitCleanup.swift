import Foundation
import Synchronization

/// Commands run when the test process exits (server shutdowns, temporary directories).
public enum ExitCleanup {
    private static let actions = Mutex<[@Sendable () -> Void]>([])
    private static let installed = Mutex(false)

    /// Registers `action` to run at exit, after those registered before it.
    public static func add(_ action: @escaping @Sendable () -> Void) {
        actions.withLock { $0.append(action) }
        let first = installed.withLock { value in
            defer { value = true }
            return !value
        }
        if first { atexit { ExitCleanup.runAll() } }
    }

    /// Runs and forgets every registered action.
    public static func runAll() {
        for action in actions.withLock({ value in defer { value = [] }; return value }) { action() }
    }
}
