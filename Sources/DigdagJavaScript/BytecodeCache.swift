import CDuktape
import DigdagExpression
import Foundation

/// Compiled library scripts kept on disk, so that a new `digdag` process loads moment.js as
/// Duktape bytecode (~1 ms) instead of compiling it again (~100 ms on this machine).
///
/// Files live in `$DIGDAG_CACHE_DIR`, else `$XDG_CACHE_HOME/digdag`, else `~/.cache/digdag`, named
/// after the script, its size and hash and the Duktape version. Each file starts with a checksum of
/// its bytecode; a file that does not match is ignored and rewritten. When the directory cannot be
/// written the scripts are simply compiled every time.
struct BytecodeCache: Sendable {
    let directory: URL?

    /// The cache for this process's environment.
    static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> BytecodeCache {
        if let dir = environment["DIGDAG_CACHE_DIR"], !dir.isEmpty {
            return BytecodeCache(directory: URL(fileURLWithPath: dir))
        }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return BytecodeCache(directory: URL(fileURLWithPath: xdg).appendingPathComponent("digdag"))
        }
        guard let home = environment["HOME"], !home.isEmpty else { return BytecodeCache(directory: nil) }
        return BytecodeCache(directory: URL(fileURLWithPath: home).appendingPathComponent(".cache/digdag"))
    }

    /// Runs `source` in `heap`, from cached bytecode when there is valid one.
    func run(_ source: String, name: String, in heap: DuktapeHeap) throws(ExpressionError) {
        try run(Array(source.utf8), name: name, in: heap)
    }

    /// Runs the UTF-8 script `bytes` in `heap`, from cached bytecode when there is valid one.
    func run(_ bytes: [UInt8], name: String, in heap: DuktapeHeap) throws(ExpressionError) {
        let hash = Self.fnv1a(bytes)
        let fileName = "\(name)-\(bytes.count)-\(String(hash, radix: 16))-duk\(cdk_duktape_version()).bytecode"
        let file = directory?.appendingPathComponent(fileName)
        if let file, let bytecode = read(file) {
            do {
                try heap.runBytecode(bytecode)
                return
            } catch {
                // fall through: compile from source
            }
        }
        let bytecode = try heap.compileBytecode(String(decoding: bytes, as: UTF8.self), name: name)
        try heap.runBytecode(bytecode)
        if let file { write(bytecode, to: file) }
    }

    private func read(_ file: URL) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: file.path), data.count > 8 else { return nil }
        let bytes = [UInt8](data)
        let stored = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        let payload = Array(bytes[8...])
        return Self.fnv1a(payload) == stored ? payload : nil
    }

    private func write(_ bytecode: [UInt8], to file: URL) {
        let sum = Self.fnv1a(bytecode)
        let header = (0..<8).map { UInt8(truncatingIfNeeded: sum >> (8 * UInt64($0))) }
        let temporary = file.appendingPathExtension("tmp-\(getpid())")
        do {
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(header + bytecode).write(to: temporary)
            guard rename(temporary.path, file.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
        }
    }

    /// 64-bit FNV-1a.
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
