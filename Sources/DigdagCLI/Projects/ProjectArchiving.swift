import DigdagProject
import Foundation

/// Builds a project archive the way `push` and `archive` do (`cli:client/Archiver.java`):
/// `Creating <file>...`, the project's workflows loaded and validated, then one
/// `  Archiving <path>` line per entry (and `    symlink -> <target>` for kept symlinks).
struct ProjectArchiving {
    /// `--project DIR`, or nil for the current directory.
    let projectDirectory: String?
    /// `--copy-outgoing-symlinks`.
    let copyOutgoingSymlinks: Bool

    /// The absolute, normalized project directory.
    var projectURL: URL {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return projectDirectory.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL } ?? cwd
    }

    /// Writes the archive to `file`, shown as `displayPath`; returns the workflow resource names.
    func write(to file: URL, displayPath: String) throws -> [String] {
        StandardStreams.out("Creating \(displayPath)...")
        _ = try ProjectLoader.load(projectDirectory: projectURL)
        let builder = ProjectArchiveBuilder(projectDirectory: projectURL, copyOutgoingSymlinks: copyOutgoingSymlinks)
        do {
            let contents = try builder.write(to: file) { entry in
                StandardStreams.out("  Archiving \(entry.path)")
                if let target = entry.symlinkTarget {
                    StandardStreams.out("    symlink -> \(target)")
                }
            }
            return contents.workflowResources
        } catch {
            throw CLIError(Self.message(error))
        }
    }

    /// Digdag's text: an outgoing symlink is an `IllegalArgumentException`.
    static func message(_ error: ProjectArchiveError) -> String {
        error.code == .outgoingSymlink ? "\(error.message) (illegal argument)" : error.description
    }
}
