/// Bytes read in chunks: a file, memory, or a decompressor over another source.
package protocol ArchiveByteSource: AnyObject {
    /// Fills the start of `buffer` and returns how many bytes it wrote; 0 only at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ProjectArchiveError) -> Int
}

extension ArchiveByteSource {
    /// Reads until `buffer` is full or the source ends; returns the count read.
    func readFully(into buffer: UnsafeMutableRawBufferPointer) throws(ProjectArchiveError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let count = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if count == 0 { break }
            filled += count
        }
        return filled
    }
}

/// A source over bytes already in memory.
package final class MemoryByteSource: ArchiveByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    /// Creates a source that yields `bytes`.
    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    package func read(into buffer: UnsafeMutableRawBufferPointer) throws(ProjectArchiveError) -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + count)]))
        }
        offset += count
        return count
    }
}
