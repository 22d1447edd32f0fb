import Dispatch

/// Runs the batched INSERTs on writer connections while the input keeps reading: each
/// connection has one batch in flight on its own queue, batches go to the connections in turn,
/// and buffers are handed back for reuse. A connection is used only by its queue until `drain`.
final class MySQLBatchWriter: @unchecked Sendable {
    private final class Lane: @unchecked Sendable {
        let connection: MySQLConnection
        let queue = DispatchQueue(label: "digdag.transfer.mysql.writer")
        let group = DispatchGroup()
        var spare: [UInt8] = []
        var failure: (any Error)?
        var rows = 0

        init(_ connection: MySQLConnection) { self.connection = connection }
    }

    private let lanes: [Lane]
    private var next = 0

    /// Rows whose batches the server accepted.
    var rows: Int { lanes.reduce(0) { $0 + $1.rows } }

    /// Writes through `connections` (at least one).
    init(connections: [MySQLConnection]) {
        lanes = connections.map(Lane.init)
    }

    /// Sends `buffer` (an INSERT with `count` rows) and gives back an empty buffer to fill next;
    /// throws the error of an earlier batch.
    func submit(_ buffer: inout [UInt8], rows count: Int) throws {
        let lane = lanes[next]
        next = (next + 1) % lanes.count
        lane.group.wait()
        if let failure = lane.failure { throw failure }
        let filled = buffer
        buffer = lane.spare
        buffer.removeAll(keepingCapacity: true)
        lane.spare = []
        lane.queue.async(group: lane.group) {
            var batch = filled
            do {
                let head = String(decoding: filled.prefix(400), as: UTF8.self)
                try lane.connection.execute(bytes: &batch, describe: head)
                lane.rows += count
            } catch {
                lane.failure = error
            }
            lane.spare = batch
        }
    }

    /// Waits for the batches in flight; throws the first error.
    func drain() throws {
        for lane in lanes { lane.group.wait() }
        for lane in lanes { if let failure = lane.failure { throw failure } }
    }
}
