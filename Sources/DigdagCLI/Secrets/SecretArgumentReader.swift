import DigdagRuntime
import Foundation
import Yams

/// Interprets `secrets --set` and `--delete` arguments with Digdag's rules and messages.
///
/// `--set` accepts `KEY=VALUE`, `KEY=@file`, `KEY=-` (stdin), `@file.yml|.json` (a map),
/// `@-` (a map from stdin) and a bare `KEY` (prompted without echo). Stdin may be read once.
struct SecretArgumentReader {
    /// Builds the usage exit for an optional error message.
    let usage: (String?) -> SystemExit

    /// Key/value pairs to set, in argument order; all keys and values validated.
    func parseSet(_ arguments: [String]) throws -> [(String, String)] {
        var secrets: [(String, String)] = []
        var keys = Set<String>()
        var stdinConsumed = false

        func add(_ key: String, _ value: String, duplicate: String) throws {
            if keys.contains(key) { throw usage(duplicate) }
            keys.insert(key)
            secrets.append((key, value))
        }

        for argument in arguments {
            guard let first = argument.first else { throw usage(nil) }
            if first == "@" {
                let filename = String(argument.dropFirst())
                guard !filename.isEmpty else { throw usage(nil) }
                let source: String
                let text: String
                if filename.hasPrefix("-") {
                    guard filename == "-" else { throw usage(nil) }
                    if stdinConsumed { throw usage("Can only read once from stdin") }
                    stdinConsumed = true
                    source = "stdin"
                    text = readStandardInput()
                } else {
                    source = "file: \(filename)"
                    text = try readFile(filename)
                }
                for (key, value) in try parseMap(text, source: source) {
                    if key.isEmpty { throw usage("Invalid key/value in \(source)") }
                    try add(key, value, duplicate: "Duplicate secret key: '\(key)' in \(source)")
                }
                continue
            }
            if let equals = argument.firstIndex(of: "=") {
                let key = String(argument[..<equals])
                var value = String(argument[argument.index(after: equals)...])
                guard !key.isEmpty else { throw usage(nil) }
                if keys.contains(key) { throw usage("Duplicate --set secret key: '\(key)'") }
                guard let marker = value.first else {
                    // Digdag indexes the first character of the value unconditionally.
                    throw CLIError("String index out of range: 0 (string index out of bounds)")
                }
                if marker == "@" {
                    let filename = String(value.dropFirst())
                    guard !filename.isEmpty else { throw usage(nil) }
                    value = try readFile(filename)
                } else if marker == "-" {
                    guard value == "-" else { throw usage(nil) }
                    if stdinConsumed { throw usage("Can only read once from stdin") }
                    stdinConsumed = true
                    value = readStandardInput()
                }
                try add(key, value, duplicate: "Duplicate --set secret key: '\(key)'")
                continue
            }
            if stdinConsumed { throw usage("Stdin already read") }
            let value = try PasswordPrompt.read(prompt: argument + ":")
            try add(argument, value, duplicate: "Duplicate --set secret key: '\(argument)'")
        }

        for (key, value) in secrets {
            if !SecretValidation.isValidKey(key) { throw usage("Invalid secret key: \(key)") }
            if !SecretValidation.isValidValue(value) { throw usage("Invalid secret value for key: \(key)") }
        }
        return secrets
    }

    /// Keys to delete, in argument order, validated and without duplicates.
    func parseDelete(_ arguments: [String]) throws -> [String] {
        var keys: [String] = []
        for key in arguments {
            guard !key.isEmpty else { throw usage(nil) }
            if keys.contains(key) { throw usage("Duplicate --delete secret key: '\(key)'") }
            keys.append(key)
        }
        for key in keys where !SecretValidation.isValidKey(key) {
            throw usage("Invalid secret key: \(key)")
        }
        return keys
    }

    /// A YAML (or JSON) map of scalar values, in document order.
    private func parseMap(_ text: String, source: String) throws -> [(String, String)] {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw CLIError("Failed to parse secrets in \(source): \(error)")
        }
        guard let mapping = node?.mapping else {
            throw CLIError("Secrets in \(source) must be a map of keys to values")
        }
        var result: [(String, String)] = []
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.scalar?.string, let scalar = valueNode.scalar else {
                throw usage("Invalid key/value in \(source)")
            }
            result.append((key, scalar.string))
        }
        return result
    }

    private func readFile(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("\(path) (no such file)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private func readStandardInput() -> String {
        String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }
}
