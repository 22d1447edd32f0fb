import CZlib

/// Streaming gzip decompression (zlib): reads compressed bytes from `input` on demand, so a caller
/// can check limits while the data is inflated instead of inflating everything first.
///
/// Only the first gzip member is read and whatever follows it is ignored, as Digdag's
/// `GzipCompressorInputStream` does by default.
package final class GzipDecompressor: ArchiveByteSource {
    private let input: any ArchiveByteSource
    // zlib keeps a pointer back to the stream, so it must not move: it lives on the heap.
    private let stream: UnsafeMutablePointer<z_stream>
    private let inputChunk: UnsafeMutableRawBufferPointer
    private var inputEnded = false
    private var started = false
    private var ended = false

    /// Creates a decompressor over gzip bytes from `input`.
    package init(input: any ArchiveByteSource) {
        self.input = input
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        inputChunk = .allocate(byteCount: 64 * 1024, alignment: 1)
        let windowBits: Int32 = 15 + 16  // gzip only: a zlib or raw stream is not an archive
        let status = inflateInit2_(stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "inflateInit2 failed: \(status)")
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        inputChunk.deallocate()
    }

    package func read(into buffer: UnsafeMutableRawBufferPointer) throws(ProjectArchiveError) -> Int {
        guard !ended, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        if !started { try start() }
        while true {
            if stream.pointee.avail_in == 0 && !inputEnded { try refill(keeping: 0) }
            stream.pointee.next_out = base.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = UInt32(buffer.count)
            let status = inflate(stream, Z_NO_FLUSH)
            let produced = buffer.count - Int(stream.pointee.avail_out)
            switch status {
            case Z_STREAM_END:
                ended = true
                return produced
            case Z_OK, Z_BUF_ERROR:
                if produced > 0 { return produced }
                if inputEnded && stream.pointee.avail_in == 0 {
                    throw ProjectArchiveError(.corruptedGzip, "Unexpected end of gzip data")
                }
            default:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw ProjectArchiveError(.corruptedGzip, "Corrupted gzip data", cause: detail)
            }
        }
    }

    /// Reads and discards up to `limit` more bytes, so that the gzip trailer (CRC-32 and
    /// length) is checked when the stream ends within them.
    package func drain(upTo limit: Int) throws(ProjectArchiveError) {
        var scratch = [UInt8](repeating: 0, count: 16 * 1024)
        var total = 0
        while total < limit {
            let count = try scratch.withMutableArchiveBytes { (buffer) throws(ProjectArchiveError) in try read(into: buffer) }
            if count == 0 { return }
            total += count
        }
    }

    /// Reads the first bytes and checks the gzip magic number (1f 8b).
    private func start() throws(ProjectArchiveError) {
        started = true
        while stream.pointee.avail_in < 2 && !inputEnded {
            try refill(keeping: Int(stream.pointee.avail_in))
        }
        let head = UnsafeRawBufferPointer(start: inputChunk.baseAddress, count: Int(stream.pointee.avail_in))
        guard head.count >= 2, head[0] == 0x1f, head[1] == 0x8b else {
            throw ProjectArchiveError(.notGzip, "Input is not in the .gz format")
        }
    }

    /// Reads more input after the first `kept` bytes of the chunk (which stay in place).
    private func refill(keeping kept: Int) throws(ProjectArchiveError) {
        let free = UnsafeMutableRawBufferPointer(rebasing: inputChunk[kept...])
        let count = try input.read(into: free)
        if count == 0 { inputEnded = true }
        stream.pointee.next_in = inputChunk.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = UInt32(kept + count)
    }
}
