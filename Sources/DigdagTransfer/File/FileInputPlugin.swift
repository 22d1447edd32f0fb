import DigdagCore
import Foundation

/// `in: {type: file, path_prefix: ..., parser: {type: csv, ...}}`: every file whose path starts
/// with `path_prefix` (sorted), after `last_path` when given.
final class FileInputPlugin: InputPlugin {
    private let prefix: String
    private let lastPath: String?
    private let parser: CSVParser
    private var files: [String] = []

    init(_ config: PluginConfig) throws {
        prefix = try config.string("path_prefix")
        lastPath = try config.optionalString("last_path")
        if let decoders = config["decoders"]?.arrayValue, !decoders.isEmpty {
            throw TransferError(.plugin, "Decoders are not built in (in.decoders); decompress the files first")
        }
        parser = try CSVParser(config.section("parser"))
    }

    func open(log: TransferLog) throws {
        let directory = prefix.hasSuffix("/") ? prefix : (prefix as NSString).deletingLastPathComponent
        let start = prefix.hasSuffix("/") ? "" : (prefix as NSString).lastPathComponent
        let base = directory.isEmpty ? "." : directory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: base) else {
            throw TransferError(.connection, "Directory \(base) of path_prefix '\(prefix)' cannot be read")
        }
        files = names.filter { $0.hasPrefix(start) }.sorted().map { directory.isEmpty ? $0 : (directory as NSString).appendingPathComponent($0) }
            .filter { path in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            }
        if let lastPath { files = files.filter { $0 > lastPath } }
        log.info("Listing local files at directory '\(base)' filtering filename by prefix '\(start)': \(files.count) files")
    }

    func read(log: TransferLog, begin: (Schema) throws -> any RecordSink) throws -> Int {
        let sink = try begin(parser.schema)
        var total = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw TransferError(.connection, "File \(file) cannot be read")
            }
            log.info("Loading files [\(file)]")
            let (sent, skipped) = try parser.parse(Array(data), file: file, sink: sink, log: log)
            total += sent
            if skipped > 0 { log.warn("\(skipped) invalid records were skipped in \(file)") }
        }
        return total
    }

    func configDiff() -> Config {
        guard let last = files.last ?? lastPath else { return [:] }
        return ["last_path": .string(last)]
    }

    func close() {}
}
