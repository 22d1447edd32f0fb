import DigdagCore
import DigdagOperatorKit
import Foundation

/// Files of the project as `mail>` reads them (Digdag's `Workspace`): paths are relative to
/// the working directory and must stay inside the project.
struct MailWorkspace: Sendable {
    var projectPath: URL
    var workspacePath: URL

    /// Why a path could not be used: Digdag's `IllegalArgumentException` text.
    struct OutsideProject: Error, Equatable {
        var message: String
    }

    /// The absolute path of `fileName`, as Java's `Path.resolve` gives it (not normalized).
    func resolvedPath(_ fileName: String) -> String {
        if fileName.hasPrefix("/") { return fileName }
        let base = workspacePath.path
        return base.hasSuffix("/") ? base + fileName : base + "/" + fileName
    }

    /// `fileName` resolved and checked to be inside the project.
    func path(_ fileName: String) -> Result<String, OutsideProject> {
        let resolved = resolvedPath(fileName)
        let project = projectPath.standardizedFileURL.path
        let normalized = URL(fileURLWithPath: resolved).standardizedFileURL.path
        guard normalized.hasPrefix(project) else {
            return .failure(OutsideProject(message: "File name must not be outside of project path (\(project)): \(fileName)"))
        }
        return .success(resolved)
    }

    /// The body: the template file `_command` rendered against `params`, the inline
    /// `{data: ...}`, or the `body` param (Digdag's `templateCommand`).
    func body(params: Config, templates: any TemplateRenderer, timeZone: String) throws -> String {
        guard let command = params["_command"] else { return try ParamReader.requiredString(params, "body") }
        if case .object(let nested) = command { return try ParamReader.requiredString(nested, "data") }
        let fileName = try ParamReader.requiredString(params, "_command")
        let path: String
        switch self.path(fileName) {
        case .success(let resolved): path = resolved
        case .failure(let outside): throw ConfigError("\(outside.message): \(fileName)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw ConfigError("Failed to read file: \(fileName): class java.io.IOException")
            }
            throw ConfigError("File not found: \(path)")
        }
        let text = String(decoding: data, as: UTF8.self)
        do {
            return try templates.render(text, params: params, timeZone: timeZone)
        } catch let error as ConfigError {
            throw ConfigError("\(error.message) in \(fileName)")
        }
    }

    /// The attachments listed in `attach_files`, read from the project.
    func attachments(params: Config) throws -> [MailAttachment] {
        guard let value = params["attach_files"], !value.isNull else { return [] }
        guard case .array(let items) = value else {
            throw ConfigError(
                "Expected array type for key 'attach_files' but got \(ParamReader.sample(value)) (\(value.kindName))")
        }
        return try items.map { item in
            guard case .object(let entry) = item else {
                throw ConfigError("Expected object type for key 'attach_files' but got \(ParamReader.sample(item)) (\(item.kindName))")
            }
            let filePath = try ParamReader.requiredString(entry, "path")
            let filename = try MailParams.optionalString(entry, "filename") ?? Self.lastComponent(filePath)
            let contentType = try MailParams.optionalString(entry, "content_type") ?? "application/octet-stream"
            guard MIMEEncoding.isPlainASCII(contentType), !contentType.isEmpty else {
                throw ConfigError("Invalid content_type: \(contentType)")
            }
            let resolved: String
            switch path(filePath) {
            case .success(let checked): resolved = checked
            case .failure(let outside): throw OperatorError.runtime(outside.message)
            }
            guard let content = FileManager.default.contents(atPath: resolved) else {
                // JavaMail reads attachments while sending and reports this generic text.
                throw OperatorError.failed("IOException while sending message (messaging)")
            }
            return MailAttachment(filename: filename, contentType: contentType, content: content)
        }
    }

    /// The last path component (Digdag keeps a leading `/` here; a file name should not have one).
    static func lastComponent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
