import CMariaDB
import Dispatch
import Foundation

/// Streams rows into one `LOAD DATA LOCAL INFILE` statement: the input's thread fills chunks of
/// tab-separated rows (`push`), a writer queue runs the statement, and libmariadb's local-infile
/// read callback hands it the chunks as they come. At most `depth` chunks wait, so reading and
/// writing overlap without buffering the whole transfer. The connection belongs to the writer
/// queue from `start` until `wait` returns.
final class MySQLLoadStream: @unchecked Sendable {
    /// What the finished statement reported.
    struct Outcome {
        /// Rows the server loaded (affected rows).
        var rows: Int
        /// `Records: N  Deleted: 0  Skipped: 0  Warnings: 0`.
        var info: String
        /// Warnings the statement left (data-interpretation problems become warnings with LOCAL).
        var warnings: Int
    }

    private let condition = NSCondition()
    private let depth: Int
    private var ready: [[UInt8]] = []
    private var spare: [[UInt8]] = []
    private var closed = false
    private var aborted = false
    private var finished = false
    private var result: Result<Outcome, any Error>?
    private let group = DispatchGroup()
    private let queue = DispatchQueue(label: "digdag.transfer.mysql.load")
    // Only the writer queue (inside the read callback) touches these.
    private var current: [UInt8] = []
    private var offset = 0
    private var connection: MySQLConnection?

    /// A stream that lets `depth` filled chunks wait for the server.
    init(depth: Int = 4) { self.depth = max(1, depth) }

    /// Runs `sql` (a `LOAD DATA LOCAL INFILE` statement) on `connection` in the background,
    /// feeding it what `push` sends until `close`.
    func start(_ connection: MySQLConnection, sql: String) {
        let context = Unmanaged.passRetained(self)
        self.connection = connection
        queue.async(group: group) {
            defer { context.release() }
            guard let connection = self.connection else { return }
            var bytes = Array(sql.utf8)
            let outcome: Result<Outcome, any Error>
            do {
                mysql_set_local_infile_handler(
                    connection.handle, Self.initCallback, Self.readCallback, Self.endCallback, Self.errorCallback,
                    context.toOpaque())
                let rows = try connection.execute(bytes: &bytes, describe: sql)
                let info = mysql_info(connection.handle).map { String(cString: $0) } ?? ""
                outcome = .success(Outcome(rows: rows, info: info, warnings: Int(mysql_warning_count(connection.handle))))
            } catch {
                outcome = .failure(error)
            }
            mysql_set_local_infile_handler(
                connection.handle, Self.initCallback, Self.readCallback, Self.endCallback, Self.errorCallback, nil)
            self.condition.lock()
            self.result = outcome
            self.finished = true
            self.condition.broadcast()
            self.condition.unlock()
        }
    }

    /// Hands a filled chunk to the statement and gives back an empty buffer to fill next; waits
    /// while `depth` chunks are queued. Throws when the statement already ended (its error).
    func push(_ chunk: inout [UInt8]) throws {
        condition.lock()
        defer { condition.unlock() }
        while ready.count >= depth && !finished { condition.wait() }
        if finished {
            if case .failure(let error)? = result { throw error }
            throw TransferError(.data, "LOAD DATA LOCAL INFILE ended before all rows were sent")
        }
        ready.append(chunk)
        chunk = spare.popLast() ?? []
        chunk.removeAll(keepingCapacity: true)
        condition.broadcast()
    }

    /// Ends the data (the statement then completes) and waits for the statement's outcome.
    func finish() throws -> Outcome {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
        group.wait()
        switch result {
        case .success(let outcome)?: return outcome
        case .failure(let error)?: throw error
        case nil: throw TransferError(.data, "LOAD DATA LOCAL INFILE did not finish")
        }
    }

    /// Stops sending (the statement fails) and waits for it to end. Never throws.
    func abort() {
        condition.lock()
        aborted = true
        condition.broadcast()
        condition.unlock()
        group.wait()
    }

    /// Copies the next bytes for the server into `buffer`: the count, 0 at the end, -1 when aborted.
    private func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int32 {
        if offset == current.count {
            condition.lock()
            if current.capacity > 0 {
                current.removeAll(keepingCapacity: true)
                spare.append(current)
                current = []
            }
            while ready.isEmpty && !closed && !aborted { condition.wait() }
            if aborted {
                condition.unlock()
                return -1
            }
            if ready.isEmpty {
                condition.unlock()
                return 0
            }
            current = ready.removeFirst()
            offset = 0
            condition.broadcast()
            condition.unlock()
        }
        let count = min(capacity, current.count - offset)
        current.withUnsafeBufferPointer { source in
            UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return Int32(count)
    }

    /// Sets our callbacks on a connection (`userdata` nil: every LOAD DATA LOCAL is refused).
    static func installHandler(_ handle: UnsafeMutablePointer<MYSQL>) {
        mysql_set_local_infile_handler(handle, initCallback, readCallback, endCallback, errorCallback, nil)
    }

    private static let initCallback: @convention(c) (
        UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafePointer<CChar>?, UnsafeMutableRawPointer?
    ) -> Int32 = { pointer, _, userdata in
        pointer?.pointee = userdata
        return userdata == nil ? 1 : 0
    }

    private static let readCallback: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<CChar>?, UInt32) -> Int32 = {
        context, buffer, capacity in
        guard let context, let buffer else { return -1 }
        return Unmanaged<MySQLLoadStream>.fromOpaque(context).takeUnretainedValue().read(into: buffer, capacity: Int(capacity))
    }

    private static let endCallback: @convention(c) (UnsafeMutableRawPointer?) -> Void = { _ in }

    private static let errorCallback: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<CChar>?, UInt32) -> Int32 = {
        context, message, capacity in
        let text = context == nil ? "refused the server's request to read a local file (LOAD DATA LOCAL INFILE only sends the transfer's own rows)" : "the transfer was aborted"
        if let message, capacity > 0 {
            let bytes = Array(text.utf8.prefix(Int(capacity) - 1)) + [0]
            bytes.withUnsafeBufferPointer { UnsafeMutableRawPointer(message).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        }
        return 2000
    }
}
