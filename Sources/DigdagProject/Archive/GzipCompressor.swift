import CZlib

/// Streaming gzip compression (zlib, default level unless told otherwise): bytes written here reach `output` compressed;
/// ``finish()`` writes the rest and the gzip trailer.
package final class GzipCompressor: ArchiveByteSink {
    private let output: any ArchiveByteSink
    // zlib keeps a pointer back to the stream, so it must not move: it lives on the heap.
    private let stream: UnsafeMutablePointer<z_stream>
    private let chunk: UnsafeMutableRawBufferPointer
    private var finished = false

    /// Starts a gzip stream that writes to `output`.
    package init(output: any ArchiveByteSink, level: Gzip.Level = .balanced) {
        self.output = output
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        chunk = .allocate(byteCount: 64 * 1024, alignment: 1)
        let windowBits: Int32 = 15 + 16  // +16: gzip header and trailer
        let status = deflateInit2_(
            stream, level == .fastest ? Z_BEST_SPEED : Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size))
        // Only a bad parameter or out-of-memory fails here, and neither can be recovered from.
        precondition(status == Z_OK, "deflateInit2 failed: \(status)")
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        chunk.deallocate()
    }

    package func write(_ bytes: UnsafeRawBufferPointer) throws(ProjectArchiveError) {
        precondition(!finished, "write after finish")
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = UInt32(bytes.count)
        while stream.pointee.avail_in > 0 {
            _ = try deflateChunk(flush: Z_NO_FLUSH)
        }
    }

    /// Flushes the compressor and writes the gzip trailer.
    package func finish() throws(ProjectArchiveError) {
        guard !finished else { return }
        finished = true
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        while try deflateChunk(flush: Z_FINISH) != Z_STREAM_END {}
    }

    private func deflateChunk(flush: Int32) throws(ProjectArchiveError) -> Int32 {
        stream.pointee.next_out = chunk.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = UInt32(chunk.count)
        let status = deflate(stream, flush)
        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
            throw ProjectArchiveError(.fileSystem, "gzip compression failed (zlib status \(status))")
        }
        let produced = chunk.count - Int(stream.pointee.avail_out)
        if produced > 0 {
            try output.write(UnsafeRawBufferPointer(rebasing: chunk[..<produced]))
        }
        return status
    }
}
