import DigdagStorage
import Logging

/// The owner's side of the task queue: routes the completions of queued tasks to the loops of
/// the attempts this node owns. A completion's NOTIFY names its attempt; the heartbeat takes
/// any completion a lost notification left behind.
actor QueuedTaskRouter {
    private let storage: any DigdagStorage
    private let node: String
    private let logger: Logger
    private var attempts: [Int64: AsyncStream<RemoteCompletion>.Continuation] = [:]

    init(storage: any DigdagStorage, node: String, logger: Logger) {
        self.storage = storage
        self.node = node
        self.logger = logger
    }

    /// The completions of attempt `id`'s queued tasks, until `unregister`.
    func register(_ id: Int64) -> AsyncStream<RemoteCompletion> {
        let (stream, continuation) = AsyncStream<RemoteCompletion>.makeStream()
        attempts[id]?.finish()
        attempts[id] = continuation
        return stream
    }

    /// Stops routing attempt `id`'s completions.
    func unregister(_ id: Int64) {
        attempts.removeValue(forKey: id)?.finish()
    }

    /// Takes the new completions of attempts `ids` (those running here) and delivers them.
    func deliver(_ ids: [Int64]) async {
        let wanted = ids.filter { attempts[$0] != nil }
        guard !wanted.isEmpty else { return }
        let records: [QueuedTaskRecord]
        do {
            records = try await storage.takeQueuedTaskCompletions(attemptIds: wanted, owner: node)
        } catch {
            logger.error("Failed to read completions of queued tasks: \(error)")
            return
        }
        for record in records {
            guard let continuation = attempts[record.attemptId], let completion = Self.completion(record, logger)
            else { continue }
            continuation.yield(completion)
        }
    }

    /// Delivers the new completions of every attempt running here (the heartbeat's safety net).
    func deliverAll() async {
        await deliver(Array(attempts.keys))
    }

    /// Decodes a stored completion; a broken one fails the task rather than leaving it running.
    static func completion(_ record: QueuedTaskRecord, _ logger: Logger) -> RemoteCompletion? {
        guard let text = record.completion else { return nil }
        let completion: TaskCompletion
        do {
            completion = try QueuedTaskCoding.completion(text)
        } catch {
            logger.error("Broken completion of queued task \(record.taskId) of attempt \(record.attemptId): \(error)")
            completion = .failed(error: ["message": .string("broken completion stored by node \(record.completedBy ?? "")")])
        }
        return RemoteCompletion(taskId: record.taskId, completion: completion, node: record.completedBy ?? "")
    }
}
