import Foundation

/// Finds the console's files: `DIGDAG_CONSOLE_DIR` (to work on the console without rebuilding),
/// else the `digdag_DigdagConsole.resources/console` folder that SwiftPM (and so
/// `scripts/build-release`) puts beside the `digdag` binary, else SwiftPM's own resource bundle.
package enum ConsoleLocation {
    /// The SwiftPM resource bundle's folder name.
    static let bundleName = "digdag_DigdagConsole.resources"

    /// The console directory, or nil when this installation has none.
    package static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        var candidates: [URL] = []
        if let override = environment["DIGDAG_CONSOLE_DIR"], !override.isEmpty {
            candidates.append(URL(fileURLWithPath: override))
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        candidates.append(executable.deletingLastPathComponent().appendingPathComponent(bundleName))
        if let main = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() {
            candidates.append(main.appendingPathComponent(bundleName))
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent(bundleName))
        for candidate in candidates {
            let console = candidate.lastPathComponent == bundleName ? candidate.appendingPathComponent("console") : candidate
            if isFile(console.appendingPathComponent("index.html")) { return console }
        }
        return nil
    }

    /// Reads the console's files once; a missing folder gives a page that says so.
    package static func load(environment: [String: String] = ProcessInfo.processInfo.environment) -> ConsoleAssets {
        guard let directory = directory(environment: environment), let assets = try? ConsoleAssets(directory: directory)
        else { return ConsoleAssets(files: [:]) }
        return assets
    }

    private static func isFile(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.path)
    }
}
