import DigdagCore
import Foundation

/// The interpreter part of a `py>` command line: the `python:` option or the default.
enum PythonCommand {
    /// `python:` as a string or a list; absent means `python`, or `python3` when there is no
    /// `python` on the task's `PATH` (Digdag always uses `python`).
    static func resolve(_ params: Config, environment: [String: String]) throws -> [String] {
        switch params["python"] {
        case nil: return [defaultInterpreter(path: environment["PATH"])]
        case .string(let path)?: return [path]
        case .array(let items)?: return try items.map { try ParamReader.string($0, key: "python") }
        case .object?: throw ConfigError("Invalid python: ")  // Jackson's asText() of an object is empty
        case let other?: throw ConfigError("Invalid python: \(other.textValue)")
        }
    }

    /// `python` when an executable of that name is on `path`, else `python3`.
    static func defaultInterpreter(path: String?) -> String {
        let directories = (path ?? "").split(separator: ":", omittingEmptySubsequences: true)
        for directory in directories where directory.hasPrefix("/") {
            if access("\(directory)/python", X_OK) == 0 { return "python" }
        }
        return "python3"
    }
}
