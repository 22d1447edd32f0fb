import DigdagPostgres
import DigdagSQLite
import DigdagStorage
import DigdagTesting
import Foundation
import Logging

/// The stores the conformance suite runs against; every test gets a fresh, empty database.
enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case sqliteInMemory
    case postgresql

    var description: String { rawValue }

    /// A new store on an empty database (SQLite: a temporary file, or a private in-memory database;
    /// PostgreSQL: a new database on the temporary cluster), migrated unless `migrated` is false.
    func makeStore(migrated: Bool = true) async throws -> TestStore {
        let store: any DigdagStorage
        var cleanup: @Sendable () -> Void = {}
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("digdag-storage-test-\(UUID().uuidString)", isDirectory: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            store = try SQLiteStorage(path: directory.appendingPathComponent("digdag.db").path)
            cleanup = { try? FileManager.default.removeItem(at: directory) }
        case .sqliteInMemory:
            store = try SQLiteStorage(inMemory: nil)
        case .postgresql:
            let server = try TemporaryPostgres.freshDatabase()
            let configuration = PostgresStorageConfiguration(
                host: server.host, port: server.port, user: server.user, password: server.password,
                database: server.database, maximumPoolSize: 4)
            store = try await PostgresStorage.connect(configuration, logger: Logger(label: "digdag.storage.test"))
        }
        if migrated { _ = try await store.migrate() }
        return TestStore(store: store, cleanup: cleanup)
    }
}

/// A store under test and what removes it.
struct TestStore {
    let store: any DigdagStorage
    let cleanup: @Sendable () -> Void

    /// Closes the store and removes its files.
    func close() async {
        await store.close()
        cleanup()
    }
}

/// Runs `body` with a fresh store of `backend`, closing it afterwards whatever happens.
func withStore(
    _ backend: Backend, migrated: Bool = true, _ body: (any DigdagStorage) async throws -> Void
) async throws {
    let test = try await backend.makeStore(migrated: migrated)
    do {
        try await body(test.store)
    } catch {
        await test.close()
        throw error
    }
    await test.close()
}
