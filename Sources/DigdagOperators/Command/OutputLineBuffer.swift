/// Cuts a child process's output into text made of whole lines.
///
/// Each chunk read from the pipe yields everything up to its last newline in one string, so a
/// chatty process is forwarded line by line while bulk output is forwarded in pipe-sized batches.
/// A partial line is held back until its newline arrives, until it grows past `maxPendingBytes`
/// (then it is cut at a UTF-8 character boundary), or until the end of the stream.
struct OutputLineBuffer: Sendable {
    /// How many bytes of an unfinished line are held back at most.
    let maxPendingBytes: Int
    private var pending: [UInt8] = []

    /// Creates an empty buffer.
    init(maxPendingBytes: Int = 64 * 1024) {
        self.maxPendingBytes = maxPendingBytes
    }

    /// Adds a chunk; returns the text that is ready to be written, if any.
    mutating func append(_ chunk: UnsafeRawBufferPointer) -> String? {
        guard !chunk.isEmpty else { return nil }
        guard let lastNewline = chunk.lastIndex(of: UInt8(ascii: "\n")) else {
            pending.append(contentsOf: chunk)
            return pending.count > maxPendingBytes ? takeOversizedLine() : nil
        }
        let ready: String
        if pending.isEmpty {
            ready = String(decoding: UnsafeRawBufferPointer(rebasing: chunk[...lastNewline]), as: UTF8.self)
        } else {
            pending.append(contentsOf: chunk[...lastNewline])
            ready = String(decoding: pending, as: UTF8.self)
            pending.removeAll(keepingCapacity: true)
        }
        pending.append(contentsOf: chunk[(lastNewline + 1)...])
        return ready
    }

    /// Returns whatever is left at the end of the stream.
    mutating func finish() -> String? {
        guard !pending.isEmpty else { return nil }
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    /// Emits the long unfinished line up to a character boundary, keeping a split character.
    private mutating func takeOversizedLine() -> String? {
        var cut = pending.count
        // Step back over at most 3 continuation bytes (10xxxxxx) plus their lead byte.
        var back = 0
        while back < 4, cut > 0, pending[cut - 1] & 0xC0 == 0x80 {
            cut -= 1
            back += 1
        }
        if cut > 0, pending[cut - 1] >= 0xC0 {
            let lead = pending[cut - 1]
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            if back + 1 < length {
                cut -= 1  // the character is incomplete: keep it for the next chunk
            } else {
                cut = pending.count
            }
        } else {
            cut = pending.count
        }
        guard cut > 0 else { return nil }
        let text = String(decoding: pending[..<cut], as: UTF8.self)
        pending.removeFirst(cut)
        return text
    }
}
