import CBzip2
import CZlib

/// One of `in: file`'s `decoders: [{type: gzip}]` (Embulk's embulk-decoder-gzip and -bzip2):
/// applied in order to each file's bytes before the parser sees them. Concatenated members
/// (as `cat a.gz b.gz` makes) are all read.
enum FileDecoder: String, CaseIterable {
    case gzip, bzip2

    /// The decoders of `config` (`decoders:`), in order.
    static func list(_ config: PluginConfig) throws -> [FileDecoder] {
        try config.sections("decoders").map { section in
            let type = try section.string("type")
            guard let decoder = FileDecoder(rawValue: type) else {
                throw TransferError(.plugin,
                    "Unknown decoder type '\(type)' (in \(section.path):); the built-in decoders are gzip, bzip2")
            }
            return decoder
        }
    }

    /// The decoded bytes of `bytes` (the contents of `file`, named in errors).
    func decode(_ bytes: [UInt8], file: String) throws -> [UInt8] {
        switch self {
        case .gzip: try Self.gunzip(bytes, file: file)
        case .bzip2: try Self.bunzip2(bytes, file: file)
        }
    }

    private static func gunzip(_ bytes: [UInt8], file: String) throws -> [UInt8] {
        guard bytes.count >= 2, bytes[0] == 0x1f, bytes[1] == 0x8b else {
            throw TransferError(.data, "File \(file) is not in the gzip format (decoders: gzip)")
        }
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw TransferError(.data, "zlib could not start decompressing \(file)")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 256 << 10)
        // zlib only reads the input; it is not copied.
        try bytes.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = UInt32(source.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    return (status, out.count - Int(stream.avail_out))
                }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_STREAM_END:
                    // Another member may follow (skip padding zeros some tools add).
                    while stream.avail_in > 0 && stream.next_in.pointee == 0 {
                        stream.next_in += 1
                        stream.avail_in -= 1
                    }
                    if stream.avail_in == 0 { return }
                    inflateReset(&stream)
                case Z_OK:
                    continue
                case Z_BUF_ERROR where produced > 0:
                    continue
                default:
                    let detail = stream.msg.map { String(cString: $0) } ?? (status == Z_BUF_ERROR ? "unexpected end of data" : "zlib status \(status)")
                    throw TransferError(.data, "Corrupted gzip data in \(file): \(detail)")
                }
            }
        }
        return output
    }

    private static func bunzip2(_ bytes: [UInt8], file: String) throws -> [UInt8] {
        guard bytes.count >= 3, bytes[0] == 0x42, bytes[1] == 0x5a, bytes[2] == 0x68 else {
            throw TransferError(.data, "File \(file) is not in the bzip2 format (decoders: bzip2)")
        }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 256 << 10)
        // libbz2 only reads the input; it is not copied.
        try bytes.withUnsafeBufferPointer { source in
            var next = UnsafeMutableRawPointer(mutating: source.baseAddress!).assumingMemoryBound(to: CChar.self)
            var remaining = source.count
            while remaining > 0 {
                var stream = bz_stream()
                guard BZ2_bzDecompressInit(&stream, 0, 0) == BZ_OK else {
                    throw TransferError(.data, "libbz2 could not start decompressing \(file)")
                }
                defer { BZ2_bzDecompressEnd(&stream) }
                stream.next_in = next
                stream.avail_in = UInt32(remaining)
                while true {
                    let (status, produced) = chunk.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                        out.baseAddress!.withMemoryRebound(to: CChar.self, capacity: out.count) { stream.next_out = $0 }
                        stream.avail_out = UInt32(out.count)
                        let status = BZ2_bzDecompress(&stream)
                        return (status, out.count - Int(stream.avail_out))
                    }
                    output.append(contentsOf: chunk[0..<produced])
                    if status == BZ_STREAM_END { break }
                    guard status == BZ_OK else {
                        throw TransferError(.data, "Corrupted bzip2 data in \(file) (libbz2 status \(status))")
                    }
                    if stream.avail_in == 0 && produced == 0 {
                        throw TransferError(.data, "Corrupted bzip2 data in \(file): unexpected end of data")
                    }
                }
                next = stream.next_in
                remaining = Int(stream.avail_in)
            }
        }
        return output
    }
}
