import Foundation

/// Programs the script-operator end-to-end tests need.
enum ScriptPrerequisites {
    /// True once `ruby` is on PATH, after running `scripts/install-prerequisites` if it was missing.
    static let ruby: Bool = {
        if onPath("ruby") { return true }
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/install-prerequisites")
        let process = Process()
        process.executableURL = script
        try? process.run()
        process.waitUntilExit()
        return onPath("ruby")
    }()

    private static func onPath(_ program: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
    }

    /// A `docker` stand-in: logs `[arg][arg]...` to `$FAKE_DOCKER_LOG`, then for `run` applies
    /// `-w` and `-e` and runs the command after the image on the host.
    static let fakeDocker = #"""
        #!/bin/bash
        printf '[%s]' "$@" >> "$FAKE_DOCKER_LOG"; echo >> "$FAKE_DOCKER_LOG"
        [ "$1" = run ] || exit 0
        shift
        while [ $# -gt 0 ]; do
          case "$1" in
            --rm) shift ;;
            -v) shift 2 ;;
            -w) cd "$2"; shift 2 ;;
            -e) export "$2"; shift 2 ;;
            -*) shift ;;
            *) shift; break ;;
          esac
        done
        exec "$@"
        """#

    /// Makes `relativePath` in `project` executable.
    static func makeExecutable(_ project: RunProject, _ relativePath: String) throws {
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: project.temp.file(relativePath).path)
    }
}
