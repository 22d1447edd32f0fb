import DigdagCore
import DigdagOperatorKit
import Foundation
import Synchronization

/// Collects `store_last_results` rows with Digdag's limits.
final class LastResultsSink: ResultSink {
    private struct State {
        var columns: [String] = []
        var first: Config?
        var all: [ConfigValue] = []
        var rowCount: Int64 = 0
    }

    private let mode: StoreLastResults
    private let limits: ResultLimits
    private let state = Mutex(State())

    init(mode: StoreLastResults, limits: ResultLimits) {
        self.mode = mode
        self.limits = limits
    }

    func columns(_ names: [String]) throws {
        if names.count > limits.maxColumns {
            throw OperatorError.failed(
                "The number of result columns exceeded the limit: \(names.count) > \(limits.maxColumns)")
        }
        state.withLock { $0.columns = names }
    }

    func row(_ values: [DatabaseValue]) throws {
        try state.withLock { state in
            switch mode {
            case .none:
                return
            case .first:
                if state.first == nil { state.first = try object(state.columns, values) }
            case .all:
                state.rowCount += 1
                if state.rowCount > limits.maxRows {
                    throw OperatorError.failed(
                        "The number of result rows exceeded the limit: \(state.rowCount) > \(limits.maxRows)")
                }
                state.all.append(.object(try object(state.columns, values)))
            }
        }
    }

    /// `{}` or the first row for `first`, the list of rows for `all`.
    var lastResults: ConfigValue {
        state.withLock { state in
            mode == .all ? .array(state.all) : .object(state.first ?? [:])
        }
    }

    private func object(_ columns: [String], _ values: [DatabaseValue]) throws -> Config {
        var pairs: [(String, ConfigValue)] = []
        for (name, value) in zip(columns, values) {
            if case .text(let text) = value, text.utf16.count > limits.maxValueSize {
                throw OperatorError.failed(
                    "The size of result value exceeded the limit: \(text.utf16.count) > \(limits.maxValueSize)")
            }
            pairs.append((name, value.configValue))
        }
        return JavaHashMapOrder.object(pairs)
    }
}

/// Writes a result as CSV (`download_file`), flushing every 64 KiB.
final class CSVFileSink: ResultSink {
    private struct State {
        var handle: FileHandle?
        var writer = CSVWriter()
    }

    private let url: URL
    private let state = Mutex(State())

    init(url: URL) {
        self.url = url
    }

    func columns(_ names: [String]) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw OperatorError.runtime("java.nio.file.NoSuchFileException: \(url.path)")
        }
        let handle = try FileHandle(forWritingTo: url)
        try state.withLock { state in
            state.handle = handle
            state.writer.addRow(names)
            try flush(&state, force: false)
        }
    }

    func row(_ values: [DatabaseValue]) throws {
        try state.withLock { state in
            state.writer.addRow(values.map(\.csvText))
            try flush(&state, force: false)
        }
    }

    /// Writes what is buffered and closes the file.
    func finish() throws {
        try state.withLock { state in
            try flush(&state, force: true)
            try state.handle?.close()
            state.handle = nil
        }
    }

    private func flush(_ state: inout State, force: Bool) throws {
        guard force || state.writer.text.utf8.count >= 65_536, let handle = state.handle else { return }
        try handle.write(contentsOf: Data(state.writer.text.utf8))
        state.writer = CSVWriter()
    }
}

/// Reads and drops every row (a read-only query with no output option).
struct DiscardingSink: ResultSink {
    func columns(_ names: [String]) throws {}
    func row(_ values: [DatabaseValue]) throws {}
}
