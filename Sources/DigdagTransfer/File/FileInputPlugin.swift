import DigdagCore
import Foundation

/// `in: {type: file, path_prefix: ..., decoders: [{type: gzip}], parser: {type: csv, ...}}`: every
/// file whose path starts with `path_prefix` (sorted), after `last_path` when given.
final class FileInputPlugin: InputPlugin {
    private let prefix: String
    private let lastPath: String?
    private let parser: CSVParser
    private let decoders: [FileDecoder]
    private var files: [String] = []

    init(_ config: PluginConfig) throws {
        prefix = try config.string("path_prefix")
        lastPath = try config.optionalString("last_path")
        decoders = try FileDecoder.list(config)
        parser = try CSVParser(config.section("parser"))
    }

    func open(log: TransferLog) throws {
        files = try Self.list(prefix: prefix, lastPath: lastPath, log: log)
    }

    /// The files whose path starts with `prefix`, sorted, after `lastPath` when given.
    static func list(prefix: String, lastPath: String?, log: TransferLog) throws -> [String] {
        let directory = prefix.hasSuffix("/") ? prefix : (prefix as NSString).deletingLastPathComponent
        let start = prefix.hasSuffix("/") ? "" : (prefix as NSString).lastPathComponent
        let base = directory.isEmpty ? "." : directory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: base) else {
            throw TransferError(.connection, "Directory \(base) of path_prefix '\(prefix)' cannot be read")
        }
        var files = names.filter { $0.hasPrefix(start) }.sorted().map { directory.isEmpty ? $0 : (directory as NSString).appendingPathComponent($0) }
            .filter { path in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            }
        if let lastPath { files = files.filter { $0 > lastPath } }
        log.info("Listing local files at directory '\(base)' filtering filename by prefix '\(start)': \(files.count) files")
        return files
    }

    func read(log: TransferLog, begin: (Schema) throws -> any RecordSink) throws -> Int {
        let sink = try begin(parser.schema)
        var total = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw TransferError(.connection, "File \(file) cannot be read")
            }
            log.info("Loading files [\(file)]")
            var bytes = Array(data)
            for decoder in decoders { bytes = try decoder.decode(bytes, file: file) }
            let (sent, skipped) = try parser.parse(bytes, file: file, sink: sink, log: log)
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
