import Dispatch

/// Runs the batched INSERTs on a writer queue while the input keeps reading: one batch in
/// flight, its buffer handed back for reuse. The connection is used only by the queue until
/// `drain` returns.
final class MySQLBatchWriter: @unchecked Sendable {
    private let connection: MySQLConnection
    private let queue = DispatchQueue(label: "digdag.transfer.mysql.writer")
    private let group = DispatchGroup()
    private var spare: [UInt8] = []
    private var failure: (any Error)?
    /// Rows whose batches the server accepted.
    private(set) var rows = 0

    init(connection: MySQLConnection) {
        self.connection = connection
    }

    /// Sends `buffer` (an INSERT with `count` rows) and gives back an empty buffer to fill next;
    /// throws the error of an earlier batch.
    func submit(_ buffer: inout [UInt8], rows count: Int) throws {
        group.wait()
        if let failure { throw failure }
        let filled = buffer
        buffer = spare
        buffer.removeAll(keepingCapacity: true)
        spare = []
        queue.async(group: group) { [self] in
            var batch = filled
            do {
                let head = String(decoding: filled.prefix(400), as: UTF8.self)
                try connection.execute(bytes: &batch, describe: head)
                rows += count
            } catch {
                failure = error
            }
            spare = batch
        }
    }

    /// Waits for the batch in flight; throws its error.
    func drain() throws {
        group.wait()
        if let failure { throw failure }
    }
}
