/// Whole-buffer gzip through zlib (task log files are `.log.gz`, as Digdag's). Archives use the
/// streaming ``GzipCompressor`` and ``GzipDecompressor`` this is built on.
public enum Gzip {
    /// How hard zlib works: `.balanced` is zlib's default (files), `.fastest` level 1 (HTTP
    /// responses, where CPU time matters more than the last few percent of size).
    public enum Level: Sendable {
        case balanced, fastest
    }

    /// The gzip file bytes for `data`.
    public static func compress(_ data: [UInt8], level: Level = .balanced) -> [UInt8] {
        let sink = MemoryByteSink()
        let compressor = GzipCompressor(output: sink, level: level)
        do {
            try compressor.write(data)
            try compressor.finish()
        } catch {
            return []  // a memory sink never fails; zlib fails only on invalid use
        }
        return sink.bytes
    }

    /// The bytes inside gzip data, or nil when it is not valid gzip.
    public static func decompress(_ data: [UInt8]) -> [UInt8]? {
        let (result, complete) = inflate(data)
        return complete ? result : nil
    }

    /// The bytes inside gzip data up to the first damage or early end (Java's `GZIPInputStream`
    /// read until its `EOFException`), for files that may still be being written.
    public static func decompressPrefix(_ data: [UInt8]) -> [UInt8] {
        inflate(data).result
    }

    private static func inflate(_ data: [UInt8]) -> (result: [UInt8], complete: Bool) {
        let decompressor = GzipDecompressor(input: MemoryByteSource(data))
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        do {
            while true {
                let count = try chunk.withMutableArchiveBytes { (buffer) throws(ProjectArchiveError) in
                    try decompressor.read(into: buffer)
                }
                if count == 0 { return (result, true) }
                result.append(contentsOf: chunk[..<count])
            }
        } catch {
            return (result, false)
        }
    }
}
