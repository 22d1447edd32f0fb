import DigdagCore
import Foundation

/// `out: {type: file, path_prefix, file_ext, formatter: {type: csv, ...}}`: one file
/// `<path_prefix>000.00.<file_ext>`, written to a temporary name and renamed at commit.
final class FileOutputPlugin: OutputPlugin {
    private let path: String
    private var formatter: CSVFormatter
    private var buffer: [UInt8] = []
    private var handle: FileHandle?
    private var count = 0

    init(_ config: PluginConfig) throws {
        let prefix = try config.string("path_prefix")
        let ext = try config.string("file_ext", default: "")
        let sequence = try config.string("sequence_format", default: "%03d.%02d.")
        let formatted = sequence.replacingOccurrences(of: "%03d", with: "000").replacingOccurrences(of: "%02d", with: "00")
            .replacingOccurrences(of: "%d", with: "0")
        path = prefix + formatted + (ext.hasPrefix(".") ? String(ext.dropFirst()) : ext)
        formatter = try CSVFormatter(config.section("formatter"))
    }

    private var temporaryPath: String { path + ".embulk-tmp" }

    func begin(schema: Schema, log: TransferLog) throws {
        guard FileManager.default.createFile(atPath: temporaryPath, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporaryPath)
        else { throw TransferError(.connection, "Cannot create \(temporaryPath)") }
        self.handle = handle
        formatter.begin(schema: schema, into: &buffer)
    }

    func add(_ record: [TransferValue]) throws {
        formatter.append(record, into: &buffer)
        count += 1
        if buffer.count > 1 << 20 { try flush() }
    }

    private func flush() throws {
        try handle?.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func finish(log: TransferLog) throws {
        try flush()
        try handle?.close()
        handle = nil
    }

    func commit(log: TransferLog) throws -> Int {
        _ = try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: temporaryPath, toPath: path)
        log.info("Wrote \(count) records to \(path)")
        return count
    }

    func abort(log: TransferLog) {
        try? handle?.close()
        try? FileManager.default.removeItem(atPath: temporaryPath)
    }
}
