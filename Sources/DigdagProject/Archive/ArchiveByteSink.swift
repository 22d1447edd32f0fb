/// Bytes written in chunks: a file, memory, or a compressor over another sink.
package protocol ArchiveByteSink: AnyObject {
    /// Writes all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws(ProjectArchiveError)
}

extension ArchiveByteSink {
    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws(ProjectArchiveError) {
        try bytes.withArchiveBytes { (raw) throws(ProjectArchiveError) in try write(raw) }
    }
}

/// A sink that collects the bytes in memory.
package final class MemoryByteSink: ArchiveByteSink {
    /// Everything written so far.
    package private(set) var bytes: [UInt8] = []

    /// Creates an empty sink.
    package init() {}

    package func write(_ bytes: UnsafeRawBufferPointer) throws(ProjectArchiveError) {
        self.bytes.append(contentsOf: bytes)
    }
}
