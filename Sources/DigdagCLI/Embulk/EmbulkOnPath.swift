import Foundation

/// Makes `embulk` callable by tasks (`sh>: embulk run ...`, `embulk>`) when no real Embulk is
/// installed: an `embulk` symlink next to the digdag binary (made by the install script, or
/// here when the directory is writable) is put at the end of `PATH`, so a real Embulk on
/// `PATH` always wins.
enum EmbulkOnPath {
    /// Commands (and aliases) whose tasks may call `embulk`.
    static let taskRunningCommands: Set<String> = ["run", "r", "server", "scheduler", "sched"]

    /// Appends the binary's directory to `PATH` when it holds the `embulk` link and `PATH` has no `embulk`.
    static func ensure() {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let directories = path.split(separator: ":").map(String.init)
        for directory in directories where FileManager.default.isExecutableFile(atPath: directory + "/embulk") {
            return
        }
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return }
        let directory = (executable as NSString).deletingLastPathComponent
        let link = directory + "/embulk"
        if (try? FileManager.default.attributesOfItem(atPath: link)) == nil {
            try? FileManager.default.createSymbolicLink(
                atPath: link, withDestinationPath: (executable as NSString).lastPathComponent)
        }
        guard FileManager.default.isExecutableFile(atPath: link) else { return }
        setenv("PATH", path.isEmpty ? directory : path + ":" + directory, 1)
    }
}
