import DigdagAPI
import DigdagClient
import DigdagProject
import Foundation

/// Prints task log files once each, and the new lines of files that grew (`cli:client/TaskLogWatcher.java`).
///
/// Files are grouped by task and the groups ordered by their first file time; without
/// `verbose`, lines below INFO are dropped, and lines without a level follow the previous line.
final class TaskLogWatcher {
    /// How far one task's files have been printed.
    private struct TaskState {
        var lastFile: RestLogFileHandle?
        var lastLineCount = 0
    }

    private let client: DigdagClient
    private let attemptId: Int64
    private let verbose: Bool
    private let write: (String) -> Void
    private var states: [String: TaskState] = [:]

    /// Creates a watcher that writes lines with `write` (stdout by default).
    init(client: DigdagClient, attemptId: Int64, verbose: Bool, write: @escaping (String) -> Void = StandardStreams.out) {
        self.client = client
        self.attemptId = attemptId
        self.verbose = verbose
        self.write = write
    }

    /// Prints what is new in `handles`; true when something was printed.
    func update(_ handles: [RestLogFileHandle]) async throws -> Bool {
        var updated = false
        for (task, files) in Self.grouped(handles) {
            var state = states[task] ?? TaskState()
            var index = 0
            if let last = state.lastFile {
                while index < files.count {
                    let handle = files[index]
                    if last.fileTime > handle.fileTime {
                        index += 1  // shown before
                        continue
                    }
                    if last.fileName == handle.fileName {
                        if handle.fileSize > last.fileSize {
                            try await show(handle, skipping: state.lastLineCount, state: &state)
                            updated = true
                        }
                        index += 1
                    }
                    break
                }
            }
            while index < files.count {
                try await show(files[index], skipping: 0, state: &state)
                updated = true
                index += 1
            }
            states[task] = state
        }
        return updated
    }

    private func show(_ handle: RestLogFileHandle, skipping: Int, state: inout TaskState) async throws {
        let data = try await client.logFile(attemptId: attemptId, handle: handle)
        let text = String(decoding: Gzip.decompressPrefix(Array(data)), as: UTF8.self)
        var offset = skipping
        var lines = 0
        var filtered = false
        for line in Self.lines(text) {
            lines += 1
            if offset > 0 {
                offset -= 1
                continue
            }
            filtered = showOrFilter(line, lastFiltered: filtered)
        }
        state.lastFile = handle
        state.lastLineCount = lines
    }

    /// Prints `line` unless it is below INFO; returns whether it was filtered.
    private func showOrFilter(_ line: String, lastFiltered: Bool) -> Bool {
        if verbose {
            write(line)
            return false
        }
        if let level = Self.level(of: line) {
            if level >= 20 {
                write(line)
                return false
            }
            return true
        }
        if !lastFiltered { write(line) }
        return lastFiltered
    }

    /// The numeric level (ERROR 40 ... TRACE 0) of a line starting with `<time> [LEVEL]`.
    static func level(of line: String) -> Int? {
        var rest = Substring(line)
        while let c = rest.first, c.isASCII, c.isNumber || ": +-.".contains(c) { rest = rest.dropFirst() }
        guard rest.first == "[", let close = rest.firstIndex(of: "]") else { return nil }
        let name = rest[rest.index(after: rest.startIndex)..<close]
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        switch name {
        case "ERROR", "error": return 40
        case "WARN", "warn": return 30
        case "INFO", "info": return 20
        case "DEBUG", "debug": return 10
        case "TRACE", "trace": return 0
        default: return nil
        }
    }

    /// Lines as Java's `BufferedReader.readLine` splits them (`\n`, `\r\n` or `\r`).
    static func lines(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var previousCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if !previousCR { result.append(current) }
                current = ""
                previousCR = false
            } else if scalar == "\r" {
                result.append(current)
                current = ""
                previousCR = true
            } else {
                current.unicodeScalars.append(scalar)
                previousCR = false
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Files grouped by task name, groups ordered by their earliest file time. File times have
    /// second precision, so ties are broken by the nanosecond time in the file names
    /// (`<task>@<8 hex seconds><8 hex nanos>.<agent>.log.gz`), then by first appearance.
    static func grouped(_ handles: [RestLogFileHandle]) -> [(String, [RestLogFileHandle])] {
        var order: [String] = []
        var groups: [String: [RestLogFileHandle]] = [:]
        for handle in handles {
            if groups[handle.taskName] == nil { order.append(handle.taskName) }
            groups[handle.taskName, default: []].append(handle)
        }
        func key(_ handle: RestLogFileHandle) -> (Date, UInt64) { (handle.fileTime, nameTime(handle) ?? 0) }
        let earliest = groups.mapValues { $0.map(key).min { $0 < $1 }! }
        let ranked = order.enumerated().sorted { a, b in
            let (ta, tb) = (earliest[a.element]!, earliest[b.element]!)
            return ta != tb ? ta < tb : a.offset < b.offset
        }
        return ranked.map { ($0.element, groups[$0.element]!) }
    }

    /// The 16 hex digits after `<task>@` in a log file name, as one sortable number.
    static func nameTime(_ handle: RestLogFileHandle) -> UInt64? {
        let prefix = handle.taskName + "@"
        guard handle.fileName.hasPrefix(prefix) else { return nil }
        let hex = handle.fileName.dropFirst(prefix.count).prefix(16)
        guard hex.count == 16 else { return nil }
        return UInt64(hex, radix: 16)
    }
}
