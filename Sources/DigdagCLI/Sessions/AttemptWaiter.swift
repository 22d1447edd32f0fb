import DigdagClient
import Foundation

/// Waits until an attempt is done (`start --wait`, `retry --wait`, beyond Digdag): polls
/// `GET /api/attempts/{id}` every 200 ms, slowing down to every 2 s.
struct AttemptWaiter {
    /// The client to poll with.
    let client: DigdagClient

    /// Returns when the attempt succeeded; throws an exit with status 1 when it failed or was killed.
    func wait(for id: Int64) async throws {
        var interval = 200
        while true {
            let attempt = try await client.attempt(id: id)
            if attempt.done {
                if attempt.success {
                    StandardStreams.err("Session attempt \(id) finished with status: success")
                    return
                }
                throw CLIError("Session attempt \(id) finished with status: \(attempt.status)")
            }
            try await Task.sleep(for: .milliseconds(interval))
            interval = min(interval * 2, 2000)
        }
    }
}
