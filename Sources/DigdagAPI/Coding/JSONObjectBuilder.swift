import DigdagCore
import Foundation

/// The fields of a JSON object in a fixed key order (Digdag's Jackson order), with explicit nulls
/// for absent optionals, ids as strings and Digdag's time formats. A model writes its fields once;
/// ``JSONObjectBuilder`` turns them into a value, ``JSONTextWriter`` straight into response bytes.
public protocol JSONObjectWriter {
    /// Adds a string (or null).
    mutating func string(_ key: StaticString, _ value: String?)
    /// Adds an id as a JSON string (or null).
    mutating func id(_ key: StaticString, _ value: Int64?)
    /// Adds a boolean.
    mutating func bool(_ key: StaticString, _ value: Bool)
    /// Adds an integer (or null).
    mutating func int(_ key: StaticString, _ value: Int64?)
    /// Adds an instant as `yyyy-MM-dd'T'HH:mm:ss'Z'` (or null).
    mutating func instant(_ key: StaticString, _ value: Date?)
    /// Adds any JSON value.
    mutating func value(_ key: StaticString, _ value: ConfigValue)
    /// Adds a JSON object.
    mutating func config(_ key: StaticString, _ value: Config)
    /// Adds a nested model.
    mutating func model(_ key: StaticString, _ value: some JSONEncodableModel)
    /// Adds an array of models.
    mutating func models(_ key: StaticString, _ values: [some JSONEncodableModel])
    /// Adds a nested object whose fields `body` writes.
    mutating func object(_ key: StaticString, _ body: (inout Self) -> Void)
}

extension JSONObjectWriter {
    /// Adds an `Int` (or null).
    public mutating func int(_ key: StaticString, _ value: Int?) { int(key, value.map(Int64.init)) }

    /// Adds a nested model or null.
    public mutating func model(_ key: StaticString, _ value: (some JSONEncodableModel)?) {
        if let value { model(key, value) } else { self.value(key, .null) }
    }
}

/// A REST model that renders itself as JSON.
public protocol JSONEncodableModel: Sendable {
    /// Writes the model's fields in Digdag's order.
    func writeFields(to object: inout some JSONObjectWriter)
}

extension JSONEncodableModel {
    /// The JSON value in Digdag's field order.
    public var json: ConfigValue {
        var builder = JSONObjectBuilder()
        writeFields(to: &builder)
        return builder.json
    }

    /// Compact JSON as UTF-8 bytes, written without building a value first.
    public var jsonBytes: [UInt8] {
        var writer = JSONTextWriter()
        writer.write(self)
        return writer.bytes
    }

    /// Compact JSON text.
    public var jsonText: String { String(decoding: jsonBytes, as: UTF8.self) }
}

/// Builds a JSON object as a ``ConfigValue``.
public struct JSONObjectBuilder: JSONObjectWriter, Sendable {
    /// The object built so far.
    public private(set) var object: Config = [:]

    /// Creates an empty builder.
    public init() {}

    public mutating func string(_ key: StaticString, _ value: String?) {
        object[key.description] = value.map(ConfigValue.string) ?? .null
    }

    public mutating func id(_ key: StaticString, _ value: Int64?) {
        object[key.description] = value.map { .string(String($0)) } ?? .null
    }

    public mutating func bool(_ key: StaticString, _ value: Bool) { object[key.description] = .bool(value) }

    public mutating func int(_ key: StaticString, _ value: Int64?) {
        object[key.description] = value.map { .int($0) } ?? .null
    }

    public mutating func instant(_ key: StaticString, _ value: Date?) {
        object[key.description] = value.map { .string(APITime.instant($0)) } ?? .null
    }

    public mutating func value(_ key: StaticString, _ value: ConfigValue) { object[key.description] = value }

    public mutating func config(_ key: StaticString, _ value: Config) { object[key.description] = .object(value) }

    public mutating func model(_ key: StaticString, _ value: some JSONEncodableModel) {
        object[key.description] = value.json
    }

    public mutating func models(_ key: StaticString, _ values: [some JSONEncodableModel]) {
        object[key.description] = .array(values.map(\.json))
    }

    public mutating func object(_ key: StaticString, _ body: (inout JSONObjectBuilder) -> Void) {
        var nested = JSONObjectBuilder()
        body(&nested)
        object[key.description] = nested.json
    }

    /// The finished object as a value.
    public var json: ConfigValue { .object(object) }
}

/// `{"<key>":[...]}` collections.
public struct ModelCollection<Element: JSONEncodableModel>: JSONEncodableModel {
    /// The collection key (`projects`, `sessions`, ...).
    public var key: StaticString
    /// The elements.
    public var items: [Element]

    /// Creates a collection.
    public init(_ key: StaticString, _ items: [Element]) {
        self.key = key
        self.items = items
    }

    public func writeFields(to object: inout some JSONObjectWriter) {
        object.models(key, items)
    }
}
