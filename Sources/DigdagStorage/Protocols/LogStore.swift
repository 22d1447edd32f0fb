import Foundation

/// Task log files (gzip), readable by any server of the cluster.
public protocol LogStore: Sendable {
    /// Stores one gzip log file of a task.
    func putLogFile(_ file: StoredLogFile, data: Data) async throws(StoreError)

    /// Stores several log files in one transaction (one commit); a file named twice keeps the last.
    func putLogFiles(_ files: [(file: StoredLogFile, data: Data)]) async throws(StoreError)

    /// Log files of an attempt, by file name; `taskPrefix` filters by task name prefix.
    func logFiles(attemptId: Int64, taskPrefix: String?) async throws(StoreError) -> [StoredLogFile]

    /// The gzip bytes of one file, nil if missing.
    func logFile(attemptId: Int64, fileName: String) async throws(StoreError) -> Data?
}

extension LogStore {
    /// One `putLogFile` per file (embedded databases, whose commits are cheap).
    public func putLogFiles(_ files: [(file: StoredLogFile, data: Data)]) async throws(StoreError) {
        for (file, data) in files { try await putLogFile(file, data: data) }
    }
}
