import DigdagCore
import Foundation

/// The workflows of a project directory.
public struct LoadedProject: Equatable, Sendable {
    /// The absolute, normalized project directory.
    public var directory: URL
    /// Every top-level workflow, sorted by name.
    public var workflows: [WorkflowFile]

    /// The workflow with this name, if any.
    public func workflow(named name: String) -> WorkflowFile? {
        workflows.first { $0.name == name }
    }
}

/// Loads a project the way `digdag run`/`check` do: every regular top-level `*.dig` file, skipping
/// dot files and paths matched by `.digdagignore`.
///
/// A syntax or validation error in any file fails the whole project with Digdag's text:
///
/// ```
/// Validating project failed
/// workflow /abs/project/bad.dig Duplicated keys: [+a] (model validation)
/// ```
///
/// (the ``ConfigError`` message is everything Digdag prints after `error: `). Include file errors
/// (`File name must not include ..: x`, a missing file) stop loading at once, as in Digdag.
public enum ProjectLoader {
    /// The suffix of workflow files.
    public static let workflowSuffix = ".dig"

    /// The workflow files of a project: regular top-level `*.dig` files, not hidden, not ignored; sorted.
    public static func workflowFiles(in projectDirectory: URL) -> [URL] {
        let directory = normalizedPath(projectDirectory)
        let ignore = ignoreMatcher(in: directory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted().compactMap { name -> URL? in
            guard !name.hasPrefix("."), name.hasSuffix(workflowSuffix) else { return nil }
            let path = directory + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                return nil
            }
            if ignore?.isIgnored(name, isDirectory: false) == true { return nil }
            return URL(fileURLWithPath: path)
        }
    }

    /// Loads and validates every workflow of a project.
    public static func load(projectDirectory: URL) throws(ConfigError) -> LoadedProject {
        let directory = normalizedPath(projectDirectory)
        var workflows: [WorkflowFile] = []
        var failures: [(path: String, failure: WorkflowLoadFailure)] = []
        for file in workflowFiles(in: projectDirectory) {
            let path = normalizedPath(file)
            do {
                workflows.append(try loadWorkflowFile(path: path, projectDirectory: directory))
            } catch {
                if let io = error.ioFailure { throw ConfigError(io.cliText) }
                failures.append((path, error.failure))
            }
        }
        if !failures.isEmpty { throw ConfigError(projectFailureText(failures)) }
        return LoadedProject(directory: URL(fileURLWithPath: directory), workflows: workflows)
    }

    /// Loads one workflow file of a project (it may be in a subdirectory, as with `call>`);
    /// a workflow in `sub/x.dig` is named `sub/x` and gets `_export._workdir` `sub`.
    public static func loadWorkflow(file: URL, projectDirectory: URL) throws(ConfigError) -> WorkflowFile {
        do {
            return try loadWorkflowFile(path: normalizedPath(file), projectDirectory: normalizedPath(projectDirectory))
        } catch {
            throw error.ioFailure.map { ConfigError($0.cliText) } ?? error.failure.configError
        }
    }

    static func loadWorkflowFile(path: String, projectDirectory: String) throws(WorkflowFileError) -> WorkflowFile {
        let resourceName: String
        if path.hasPrefix(projectDirectory + "/") {
            resourceName = String(path.dropFirst(projectDirectory.count + 1))
        } else {
            throw WorkflowFileError(
                failure: WorkflowLoadFailure(
                    message: "Given path '\(path)' is outside of project directory '\(projectDirectory)'",
                    kind: "illegal argument"))
        }
        let name = resourceName.hasSuffix(workflowSuffix) ? String(resourceName.dropLast(workflowSuffix.count)) : resourceName
        let config: Config
        do {
            config = try IncludeResolver.loadFile(atPath: path)
        } catch {
            throw WorkflowFileError(failure: WorkflowLoadFailure(message: error.message, kind: error.kind.rawValue),
                                    ioFailure: error.kind.isIO ? error : nil)
        }
        var workflow: WorkflowFile
        do {
            workflow = try WorkflowFile(validating: name, config: config)
        } catch {
            throw WorkflowFileError(failure: error)
        }
        if let slash = name.lastIndex(of: "/") {
            workflow.setBaseWorkdir(String(name[..<slash]))
        }
        return workflow
    }

    /// Digdag's `ModelValidationException` text followed by the causes `formatExceptionMessage` adds.
    static func projectFailureText(_ failures: [(path: String, failure: WorkflowLoadFailure)]) -> String {
        var text = "Validating project failed"
        for (path, failure) in failures {
            text += "\nworkflow \(path) \(failure.message)"
        }
        text += " (model validation)"
        var used = text
        for (_, failure) in failures {
            for cause in failure.causes where !used.contains(cause.message) {
                used += "\n" + cause.message
                text += "\n> \(cause.message) (\(cause.kind))"
            }
        }
        return text
    }

    private static func ignoreMatcher(in directory: String) -> GitIgnoreMatcher? {
        guard let data = FileManager.default.contents(atPath: directory + "/.digdagignore") else { return nil }
        return GitIgnoreMatcher(String(decoding: data, as: UTF8.self))
    }

    private static func normalizedPath(_ url: URL) -> String {
        DigdagYAML.absolutePath(of: url)
    }
}

/// A workflow file that failed to load; I/O failures are reported without the project wrapper.
struct WorkflowFileError: Error {
    var failure: WorkflowLoadFailure
    var ioFailure: YAMLLoadFailure?
}
