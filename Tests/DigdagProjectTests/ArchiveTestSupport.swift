@testable import DigdagProject
import Foundation
import Testing

extension TemporaryDirectory {
    /// The absolute path of a file in the directory.
    func path(_ relativePath: String) -> String {
        url.appendingPathComponent(relativePath).path
    }

    /// Creates a symlink (and its parent directories) pointing to `target` as written.
    func symlink(_ relativePath: String, to target: String) throws {
        let link = url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: target)
    }

    /// Sets a file's permission bits.
    func chmod(_ relativePath: String, _ mode: Int) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path(relativePath))
    }

    /// A file's permission bits.
    func mode(_ relativePath: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path(relativePath))[.posixPermissions] as? Int) ?? -1
    }

    /// The text of a file.
    func read(_ relativePath: String) throws -> String {
        try String(contentsOfFile: path(relativePath), encoding: .utf8)
    }

    /// The target of a symlink, or nil when the path is not one.
    func linkTarget(_ relativePath: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: path(relativePath))
    }
}

/// Output of a command run in tests.
struct CommandOutput {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a command (tests only) and waits for it.
func runCommand(_ arguments: [String], in directory: URL) throws -> CommandOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandOutput(
        status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
        stderr: String(decoding: stderr, as: UTF8.self))
}

/// A tar.gz made with our writer from members and their contents (files only have contents).
func makeTarGz(_ members: [(TarEntry, String)]) throws -> [UInt8] {
    let sink = MemoryByteSink()
    var writer = TarWriter(output: sink)
    for (entry, contents) in members {
        if entry.kind == .file {
            try writer.append(entry, contents: Array(contents.utf8))
        } else {
            try writer.append(entry)
        }
    }
    try writer.finish()
    return Gzip.compress(sink.bytes)
}

/// A file member.
func file(_ path: String, _ contents: String, mode: UInt32 = 0o644) -> (TarEntry, String) {
    (TarEntry(path: path, kind: .file, mode: mode, size: Int64(contents.utf8.count)), contents)
}

/// A symlink member.
func link(_ path: String, _ target: String) -> (TarEntry, String) {
    (TarEntry(path: path, kind: .symlink, mode: 0o777, linkTarget: target), "")
}

/// A directory member.
func directory(_ path: String) -> (TarEntry, String) {
    (TarEntry(path: path, kind: .directory, mode: 0o755), "")
}
