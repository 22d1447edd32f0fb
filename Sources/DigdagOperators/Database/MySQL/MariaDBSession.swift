import CMariaDB
import Dispatch

/// An error reported by libmariadb: error number, SQLSTATE and message.
struct MariaDBError: Error, Sendable {
    var code: UInt32
    var sqlState: String
    var message: String
}

/// One libmariadb connection. The C API blocks, so every call runs on the session's own serial
/// dispatch queue, never on Swift's cooperative pool; `handle` is touched only there.
final class MariaDBSession: @unchecked Sendable {
    private let queue = DispatchQueue(label: "digdag.mysql.session")
    private let handle: UnsafeMutablePointer<MYSQL>

    private init(handle: UnsafeMutablePointer<MYSQL>) {
        self.handle = handle
    }

    /// Connects over TCP with multi-statement support.
    static func connect(_ settings: DatabaseSettings) async throws -> MariaDBSession {
        let queue = DispatchQueue(label: "digdag.mysql.connect")
        let handle: UncheckedHandle = try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { UncheckedHandle(pointer: try open(settings)) })
            }
        }
        return MariaDBSession(handle: handle.pointer)
    }

    private static func open(_ settings: DatabaseSettings) throws -> UnsafeMutablePointer<MYSQL> {
        guard cmariadb_available() != 0 else {
            throw MariaDBError(
                code: 2059, sqlState: "HY000",
                message: "The MariaDB client library (libmariadb.so.3) could not be loaded: install libmariadb3")
        }
        guard let handle = mysql_init(nil) else {
            throw MariaDBError(code: 2008, sqlState: "HY000", message: "MySQL client ran out of memory")
        }
        cmariadb_set_connection_options(
            handle, UInt32(clamping: settings.connectTimeoutSeconds), UInt32(clamping: settings.socketTimeoutSeconds), settings.ssl ? 1 : 0)
        let flags = UInt(CLIENT_MULTI_STATEMENTS | CLIENT_MULTI_RESULTS)
        guard mysql_real_connect(
            handle, settings.host, settings.user, settings.password, settings.database,
            UInt32(clamping: settings.port), nil, flags) != nil
        else {
            let error = lastError(handle)
            mysql_close(handle)
            throw error
        }
        return handle
    }

    /// Runs `body` with the connection on the session's queue.
    func withHandle<T: Sendable>(_ body: @escaping @Sendable (UnsafeMutablePointer<MYSQL>) throws -> T) async throws -> T {
        let handle = UncheckedHandle(pointer: self.handle)
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body(handle.pointer) })
            }
        }
    }

    /// Closes the connection.
    func close() async {
        let handle = UncheckedHandle(pointer: self.handle)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                mysql_close(handle.pointer)
                continuation.resume()
            }
        }
    }

    /// The connection's last error.
    static func lastError(_ handle: UnsafeMutablePointer<MYSQL>) -> MariaDBError {
        MariaDBError(
            code: mysql_errno(handle), sqlState: String(cString: mysql_sqlstate(handle)),
            message: String(cString: mysql_error(handle)))
    }
}

/// The connection pointer carried to the session's queue (used there only).
private struct UncheckedHandle: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<MYSQL>
}
