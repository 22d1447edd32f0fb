import DigdagCore
import Foundation

/// Builds a JSON object in a fixed key order (Digdag's Jackson order), with explicit nulls for
/// absent optionals, ids as strings and Digdag's time formats.
public struct JSONObjectBuilder: Sendable {
    /// The object built so far.
    public private(set) var object: Config = [:]

    /// Creates an empty builder.
    public init() {}

    /// Adds a string (or null).
    public mutating func string(_ key: String, _ value: String?) {
        object[key] = value.map(ConfigValue.string) ?? .null
    }

    /// Adds an id as a JSON string (or null).
    public mutating func id<T: BinaryInteger>(_ key: String, _ value: T?) {
        object[key] = value.map { .string(String($0)) } ?? .null
    }

    /// Adds a boolean.
    public mutating func bool(_ key: String, _ value: Bool) { object[key] = .bool(value) }

    /// Adds an integer (or null).
    public mutating func int<T: BinaryInteger>(_ key: String, _ value: T?) {
        object[key] = value.map { .int(Int64($0)) } ?? .null
    }

    /// Adds an instant as `yyyy-MM-dd'T'HH:mm:ss'Z'` (or null).
    public mutating func instant(_ key: String, _ value: Date?) {
        object[key] = value.map { .string(APITime.instant($0)) } ?? .null
    }

    /// Adds any JSON value.
    public mutating func value(_ key: String, _ value: ConfigValue) { object[key] = value }

    /// Adds a JSON object.
    public mutating func config(_ key: String, _ value: Config) { object[key] = .object(value) }

    /// The finished object as a value.
    public var json: ConfigValue { .object(object) }
}

/// A REST model that renders itself as JSON.
public protocol JSONEncodableModel: Sendable {
    /// The JSON value in Digdag's field order.
    var json: ConfigValue { get }
}

extension JSONEncodableModel {
    /// Compact JSON text.
    public var jsonText: String { JSONText.compact(json) }
}

/// `{"<key>":[...]}` collections.
public struct ModelCollection<Element: JSONEncodableModel>: JSONEncodableModel {
    /// The collection key (`projects`, `sessions`, ...).
    public var key: String
    /// The elements.
    public var items: [Element]

    /// Creates a collection.
    public init(_ key: String, _ items: [Element]) {
        self.key = key
        self.items = items
    }

    public var json: ConfigValue { .object([key: .array(items.map(\.json))]) }
}
