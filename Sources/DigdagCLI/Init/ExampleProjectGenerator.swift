import Foundation

/// Writes an example project the way `digdag init` does, printing `  Creating <path>` per file.
struct ExampleProjectGenerator {
    /// The destination directory as the user typed it, normalized like a Java `Path`.
    let destination: String
    /// Whether the destination is the current directory (`digdag init .`).
    let isCurrentDirectory: Bool
    /// The workflow name: the destination's last component, or the current directory's name.
    let workflowName: String
    /// The example to write.
    let example: ExampleType
    /// The program name used in the closing hint.
    let programName: String

    /// Resolves names and validates the workflow name; nothing is written yet.
    init(destination rawDestination: String, example: ExampleType, programName: String) throws {
        let destination = JavaPath.normalizeSeparators(rawDestination)
        let currentDirectory = FileManager.default.currentDirectoryPath
        let absolute = JavaPath.normalizedAbsolute(destination, base: currentDirectory)
        self.destination = destination
        self.isCurrentDirectory = absolute == currentDirectory
        self.workflowName = isCurrentDirectory
            ? JavaPath.lastComponent(currentDirectory)
            : JavaPath.lastComponent(destination)
        self.example = example
        self.programName = programName
        try ProjectNameValidator.validateWorkflowName(workflowName)
    }

    /// Creates the directory and files, or reports that the workflow file already exists.
    func generate() throws {
        let workflowFile = workflowName + ".dig"
        try createDirectory(".")
        if FileManager.default.fileExists(atPath: path(workflowFile)) {
            StandardStreams.out("File \(path(workflowFile)) already exists.")
            return
        }
        let resources = try ExampleResources.directory()
        let source = resources + "/" + example.rawValue + "/"
        for directory in example.directories {
            try createDirectory(directory)
        }
        for file in example.files {
            try copy(from: source + file.path, to: file.path)
            if file.executable {
                try makeOwnerExecutable(path(file.path))
            }
        }
        try copy(from: source + "workflow.dig", to: workflowFile)
        if !FileManager.default.fileExists(atPath: path(".gitignore")) {
            try copy(from: resources + "/gitignore", to: ".gitignore")
        }
        StandardStreams.out(closingMessage(workflowFile: workflowFile))
    }

    private func closingMessage(workflowFile: String) -> String {
        if example == .td {
            let push = "`\(programName) push \(workflowName)` to push the workflow to Treasure Data. Enjoy!"
            return isCurrentDirectory
                ? "Done. Set up you Treasure Data API key and type \(push)"
                : "Done. Set up you Treasure Data API key and type `cd \(destination)` and then \(push)"
        }
        let run = "`\(programName) run \(workflowFile)` to run the workflow. Enjoy!"
        return isCurrentDirectory
            ? "Done. Type \(run)"
            : "Done. Type `cd \(destination)` and then \(run)"
    }

    /// The destination joined with a relative name, as Java's `Path.resolve` prints it.
    private func path(_ name: String) -> String {
        name == "." ? destination : JavaPath.resolve(destination, name)
    }

    private func createDirectory(_ name: String) throws {
        try FileManager.default.createDirectory(atPath: path(name), withIntermediateDirectories: true)
    }

    private func copy(from source: String, to name: String) throws {
        let target = path(name)
        StandardStreams.out("  Creating \(target)")
        guard let data = FileManager.default.contents(atPath: source) else {
            throw CLIError("Resource does not exist: \(source)")
        }
        if FileManager.default.fileExists(atPath: target) {
            try FileManager.default.removeItem(atPath: target)
        }
        guard FileManager.default.createFile(atPath: target, contents: data) else {
            throw CLIError("\(target) (access denied)")
        }
    }

    private func makeOwnerExecutable(_ target: String) throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: target)
        let mode = (attributes[.posixPermissions] as? NSNumber)?.uint16Value ?? 0o644
        try FileManager.default.setAttributes([.posixPermissions: NSNumber(value: mode | 0o100)], ofItemAtPath: target)
    }
}
