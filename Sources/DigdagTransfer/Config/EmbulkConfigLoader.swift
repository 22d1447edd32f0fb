import DigdagCore
import Foundation

/// Reads an Embulk config file: `.yml.liquid` files are rendered first (with `env`, and
/// `{% include 'name' %}` reading `_name.yml.liquid` next to the file), then the YAML is parsed.
public enum EmbulkConfigLoader {
    /// The config of `path`, with `environment` as Liquid's `env`.
    public static func load(path: String, environment: [String: String]) throws -> Config {
        let text = try read(path)
        guard path.hasSuffix(".liquid") else { return try YAMLConfigReader.read(text, source: path) }
        let rendered = try render(text, path: path, environment: environment)
        return try YAMLConfigReader.read(rendered, source: path)
    }

    /// The Liquid rendering of `text` (a config at `path`).
    public static func render(_ text: String, path: String, environment: [String: String]) throws -> String {
        let directory = (path as NSString).deletingLastPathComponent
        let template = try LiquidTemplate(text, name: path)
        let env = LiquidValue.object(environment.mapValues(LiquidValue.string))
        return try template.render(variables: ["env": env]) { name in
            let relative = (name as NSString).deletingLastPathComponent
            let base = (name as NSString).lastPathComponent
            var candidates = ["_\(base).yml.liquid", "_\(base).liquid", "_\(base)", base].map {
                ((directory as NSString).appendingPathComponent(relative) as NSString).appendingPathComponent($0)
            }
            if directory.isEmpty { candidates = candidates.map { $0.hasPrefix("/") ? $0 : $0 } }
            guard let file = candidates.first(where: { FileManager.default.fileExists(atPath: $0.isEmpty ? "." : $0) }) else {
                throw TransferError.config(
                    "Liquid: {% include '\(name)' %} in \(path): file \(candidates[0]) not found")
            }
            return try LiquidTemplate(try read(file), name: file)
        }
    }

    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TransferError.config("Config file \(path) not found")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
