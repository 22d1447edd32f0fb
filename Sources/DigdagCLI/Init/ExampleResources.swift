import Foundation

/// Locates the `init_examples` resource directory shipped with the binary.
///
/// SwiftPM's generated `Bundle.module` aborts the process when the bundle is missing, so the
/// usual locations are probed first and `Bundle.module` is only the last resort.
enum ExampleResources {
    /// The resource directory name inside the bundle.
    static let directoryName = "init_examples"

    /// The absolute path of the `init_examples` directory.
    static func directory() throws -> String {
        let bundleName = "digdag_DigdagCLI.resources"
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["DIGDAG_INIT_EXAMPLES"] {
            candidates.append(override)
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let executableDirectory = executable.deletingLastPathComponent()
        candidates.append(executableDirectory.appendingPathComponent(bundleName).appendingPathComponent(directoryName).path)
        if let main = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() {
            candidates.append(main.appendingPathComponent(bundleName).appendingPathComponent(directoryName).path)
        }
        for candidate in candidates where isDirectory(candidate) {
            return candidate
        }
        if let url = Bundle.module.url(forResource: directoryName, withExtension: nil), isDirectory(url.path) {
            return url.path
        }
        throw CLIError("Resource does not exist: \(directoryName)")
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
