import DigdagCore
import Foundation

/// Reads YAML the way Digdag reads `.dig` files and parameter files.
///
/// The rules are SnakeYAML's YAML 1.1 as narrowed by Digdag: booleans only `true`/`True`/
/// `false`/`False`, no timestamps, integers without `:`, `0123` is octal, floats may not start
/// with `0`, quoted scalars are strings, duplicate keys are an error, anchors, aliases and `<<`
/// merges work, and `!include : 'file'` keys merge other files in. Malformed text gives a
/// ``ConfigError`` whose message reads like SnakeYAML's.
public enum DigdagYAML {
    /// Parses a YAML document whose root must be a mapping.
    ///
    /// - Parameters:
    ///   - text: the YAML text.
    ///   - directory: where `!include` paths are resolved; with `nil`, `!include` is rejected as
    ///     an unknown tag (Digdag's plain loader does the same).
    public static func parse(_ text: String, directory: URL?) throws(ConfigError) -> Config {
        do {
            return try parseObject(text, directory: directory)
        } catch {
            throw error.configError
        }
    }

    /// Loads a YAML file whose root must be a mapping, resolving `!include` against its directory.
    public static func load(_ file: URL) throws(ConfigError) -> Config {
        do {
            return try loadObject(file)
        } catch {
            throw error.configError
        }
    }

    /// Parses any YAML value (a mapping, list or scalar) with Digdag's scalar rules; `!include` is rejected.
    /// An empty document is `null`.
    public static func parseValue(_ text: String) throws(ConfigError) -> ConfigValue {
        do {
            return try DigdagYAMLComposer(allowsInclude: false).compose(text)
        } catch {
            throw error.configError
        }
    }

    /// Loads a `-P` parameters file as `digdag run` does (a mapping, `!include` allowed).
    ///
    /// On failure the message is the full text Digdag's CLI prints after `error: `, which ends
    /// with the Java exception kind, e.g. `... (scanner)` or `/abs/missing.yml (no such file)`.
    public static func loadParamsFile(_ file: URL) throws(ConfigError) -> Config {
        do {
            return try loadObject(file)
        } catch {
            throw ConfigError(error.cliText)
        }
    }

    // MARK: - Package internals with the failure kind kept

    static func parseObject(_ text: String, directory: URL?) throws(YAMLLoadFailure) -> Config {
        let root = try DigdagYAMLComposer(allowsInclude: directory != nil).compose(text)
        let object = try requireObject(root)
        guard let directory else { return object }
        let base = PathNormalizer.normalize(directory.standardizedFileURL.path)
        return try IncludeResolver(directory: base).resolve(object)
    }

    static func loadObject(_ file: URL) throws(YAMLLoadFailure) -> Config {
        try IncludeResolver.loadFile(atPath: absolutePath(of: file))
    }

    static func absolutePath(of file: URL) -> String {
        let path = file.path
        if path.hasPrefix("/") { return PathNormalizer.normalize(path) }
        return PathNormalizer.resolve(path, against: FileManager.default.currentDirectoryPath)
    }

    /// Digdag's check that a loaded document is an object.
    static func requireObject(_ value: ConfigValue) throws(YAMLLoadFailure) -> Config {
        guard case .object(let object) = value else {
            throw YAMLLoadFailure(.notAnObject, "Expected object to load Config but got \(JSONText.compact(value))")
        }
        return object
    }
}
