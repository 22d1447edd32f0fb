import Foundation

/// Programs the script-operator tests need on this machine.
enum Prerequisites {
    /// True once `ruby` is on PATH, after running `scripts/install-prerequisites` if it was missing.
    static let ruby: Bool = ensure("ruby")

    private static func ensure(_ program: String) -> Bool {
        if onPath(program) { return true }
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/install-prerequisites")
        let process = Process()
        process.executableURL = script
        try? process.run()
        process.waitUntilExit()
        return onPath(program)
    }

    private static func onPath(_ program: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
    }
}

/// Executable shell scripts standing in for `docker` and `embulk`.
enum FakeTools {
    /// Writes an executable `name` script with `body` into `directory`; returns its path.
    @discardableResult
    static func install(_ name: String, body: String, in directory: URL) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(("#!/bin/bash\n" + body).utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url.path
    }

    /// A `docker` that appends `[arg][arg]...` to `$FAKE_DOCKER_LOG` and then: `images` prints a
    /// header and the `repository tag` lines of `$FAKE_DOCKER_LOG.images`; `build -t name:tag`
    /// adds that image there; `run` applies `-w` and `-e` and runs the command after the image
    /// locally. `$FAKE_DOCKER_FAIL` makes that subcommand exit 1.
    static let docker = #"""
        printf '[%s]' "$@" >> "$FAKE_DOCKER_LOG"; echo >> "$FAKE_DOCKER_LOG"
        sub="$1"; shift
        if [ "$sub" = "${FAKE_DOCKER_FAIL:-}" ]; then echo "fake docker: $sub failed"; exit 1; fi
        case "$sub" in
          images)
            echo "REPOSITORY TAG IMAGE ID CREATED SIZE"
            [ -f "$FAKE_DOCKER_LOG.images" ] && cat "$FAKE_DOCKER_LOG.images"
            exit 0 ;;
          build)
            while [ $# -gt 0 ]; do
              if [ "$1" = "-t" ]; then echo "${2%%:*}   ${2#*:}   0123 now 1MB" >> "$FAKE_DOCKER_LOG.images"; fi
              shift
            done
            exit 0 ;;
          pull) echo "pulled $1"; exit 0 ;;
          run)
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
            exec "$@" ;;
        esac
        """#

    /// An `embulk` that writes its arguments and the config file it was given to `$FAKE_EMBULK_LOG`,
    /// prints `embulk ran`, and exits with `$FAKE_EMBULK_EXIT` (default 0).
    static let embulk = #"""
        printf '[%s]' "$@" > "$FAKE_EMBULK_LOG"; echo >> "$FAKE_EMBULK_LOG"
        cat "$2" >> "$FAKE_EMBULK_LOG"
        echo "embulk ran in $(pwd) with MY_ENV=${MY_ENV:-}"
        exit "${FAKE_EMBULK_EXIT:-0}"
        """#
}
