import DigdagCore
import Foundation

/// Replaces `!include` placeholders by the included files, as Digdag's parameterized loader does.
///
/// * A placeholder key (`!include : 'path'`) merges the included mapping into the enclosing one at
///   that position: objects present on both sides are deep-merged, anything else is replaced.
///   Keys written after the directive replace included ones as a whole.
/// * Paths resolve against the directory of the including file; leaving it is an error.
/// * Included files follow the same rules, relative to their own directory.
/// * A file that includes itself, directly or through others, is an error naming the chain of
///   files, and so is a chain deeper than ``maximumDepth`` (Digdag recurses until its stack overflows).
struct IncludeResolver {
    /// Absolute, normalized directory of the file being resolved.
    var directory: String
    /// Absolute paths of the files being loaded, outermost first (empty for text given directly).
    var chain: [String] = []

    /// How many files deep `!include` may nest.
    static let maximumDepth = 32

    /// Loads a file with includes: parse, require a mapping, resolve its includes.
    static func loadFile(atPath path: String, chain: [String] = []) throws(YAMLLoadFailure) -> Config {
        let chain = chain + [path]
        let text = try readText(atPath: path)
        let root = try DigdagYAMLComposer(allowsInclude: true).compose(text)
        let object = try DigdagYAML.requireObject(root)
        return try IncludeResolver(directory: PathNormalizer.parent(of: path), chain: chain).resolve(object)
    }

    /// The object with every include placeholder below it replaced.
    func resolve(_ object: Config) throws(YAMLLoadFailure) -> Config {
        var built = Config()
        for (key, value) in object {
            switch value {
            case .object(let nested):
                built[key] = .object(try resolve(nested))
            case .array(let items):
                built[key] = .array(try resolve(items))
            default:
                if key.hasPrefix(DigdagYAMLComposer.includePlaceholderPrefix) {
                    let name = value.stringValue ?? JSONText.compact(value)
                    built.deepMerge(try include(name))
                } else if let text = value.stringValue, text.hasPrefix(DigdagYAMLComposer.includePlaceholderPrefix) {
                    built[key] = .object(try include(text))
                } else {
                    built[key] = value
                }
            }
        }
        return built
    }

    private func resolve(_ items: [ConfigValue]) throws(YAMLLoadFailure) -> [ConfigValue] {
        var built: [ConfigValue] = []
        for item in items {
            switch item {
            case .object(let nested): built.append(.object(try resolve(nested)))
            case .array(let inner): built.append(.array(try resolve(inner)))
            case .string(let text) where text.hasPrefix(DigdagYAMLComposer.includePlaceholderPrefix):
                built.append(.object(try include(text)))
            default: built.append(item)
            }
        }
        return built
    }

    private func include(_ name: String) throws(YAMLLoadFailure) -> Config {
        let path = PathNormalizer.resolve(name, against: directory)
        // Digdag compares the path strings, so a sibling such as `/dir2` of `/dir` also passes.
        guard path.hasPrefix(directory) else {
            throw YAMLLoadFailure(.fileNotFound, "File name must not include ..: \(name)")
        }
        if chain.contains(path) {
            throw YAMLLoadFailure(.config, "!include cycle: \(describe(chain + [path]))")
        }
        if chain.count >= Self.maximumDepth {
            throw YAMLLoadFailure(
                .config, "!include nested deeper than \(Self.maximumDepth) files: \(describe(chain + [path]))")
        }
        return try Self.loadFile(atPath: path, chain: chain)
    }

    /// The chain of files as paths relative to the outermost file's directory, joined by arrows.
    private func describe(_ paths: [String]) -> String {
        let base = PathNormalizer.parent(of: paths.first ?? directory) + "/"
        return paths.map { $0.hasPrefix(base) ? String($0.dropFirst(base.count)) : $0 }.joined(separator: " -> ")
    }

    static func readText(atPath path: String) throws(YAMLLoadFailure) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw YAMLLoadFailure(.noSuchFile, path)
        }
        if isDirectory.boolValue {
            throw YAMLLoadFailure(.io, "Is a directory")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw YAMLLoadFailure(.io, "\(path): cannot read file")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
