import DigdagCore
import Foundation

/// Replaces `!include` placeholders by the included files, as Digdag's parameterized loader does.
///
/// * A placeholder key (`!include : 'path'`) merges the included mapping into the enclosing one at
///   that position: objects present on both sides are deep-merged, anything else is replaced.
///   Keys written after the directive replace included ones as a whole.
/// * Paths resolve against the directory of the including file; leaving it is an error.
/// * Included files follow the same rules, relative to their own directory.
struct IncludeResolver {
    /// Absolute, normalized directory of the file being resolved.
    var directory: String

    /// Loads a file with includes: parse, require a mapping, resolve its includes.
    static func loadFile(atPath path: String) throws(YAMLLoadFailure) -> Config {
        let text = try readText(atPath: path)
        let root = try DigdagYAMLComposer(allowsInclude: true).compose(text)
        let object = try DigdagYAML.requireObject(root)
        return try IncludeResolver(directory: PathNormalizer.parent(of: path)).resolve(object)
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
        return try Self.loadFile(atPath: path)
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
