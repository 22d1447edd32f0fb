import DigdagCore
import Foundation

/// A JSON field was missing or had the wrong type.
public struct APIDecodingError: Error, Sendable, CustomStringConvertible {
    /// What was wrong, e.g. `Missing field 'id'`.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// Reads fields of a JSON object leniently, the way Digdag's Jackson setup does: ids may be
/// strings or numbers, unknown fields are ignored.
public struct JSONObjectReader: Sendable {
    /// The object read.
    public let object: Config

    /// Wraps a value that must be an object.
    public init(_ value: ConfigValue) throws(APIDecodingError) {
        guard case .object(let o) = value else { throw APIDecodingError("Expected a JSON object") }
        object = o
    }

    /// Parses JSON text that must be an object.
    public init(text: String) throws(APIDecodingError) {
        let value: ConfigValue
        do { value = try JSONText.parse(text) } catch { throw APIDecodingError(error.message) }
        try self.init(value)
    }

    /// True when the key is absent or null.
    public func isNull(_ key: String) -> Bool { object[key].map(\.isNull) ?? true }

    /// A required string.
    public func string(_ key: String) throws(APIDecodingError) -> String {
        guard let value = optionalString(key) else { throw APIDecodingError("Missing field '\(key)'") }
        return value
    }

    /// An optional string (null or absent -> nil).
    public func optionalString(_ key: String) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        if case .string(let s) = value { return s }
        return JSONText.javaToString(value)
    }

    /// A required id (string or number).
    public func id(_ key: String) throws(APIDecodingError) -> Int64 {
        guard let value = optionalId(key) else { throw APIDecodingError("Missing or invalid id '\(key)'") }
        return value
    }

    /// An optional id (string or number).
    public func optionalId(_ key: String) -> Int64? {
        switch object[key] {
        case .int(let i)?: return i
        case .string(let s)?: return Int64(s)
        case .double(let d)?: return Int64(exactly: d)
        default: return nil
        }
    }

    /// An optional integer.
    public func optionalInt(_ key: String) -> Int? { optionalId(key).map(Int.init) }

    /// A boolean; `defaultValue` when absent.
    public func bool(_ key: String, default defaultValue: Bool = false) throws(APIDecodingError) -> Bool {
        switch object[key] {
        case nil, .null?: return defaultValue
        case .bool(let b)?: return b
        case .string("true")?: return true
        case .string("false")?: return false
        default: throw APIDecodingError("Field '\(key)' must be a boolean")
        }
    }

    /// An object; empty when absent or null.
    public func config(_ key: String) throws(APIDecodingError) -> Config {
        switch object[key] {
        case nil, .null?: return [:]
        case .object(let o)?: return o
        default: throw APIDecodingError("Field '\(key)' must be an object")
        }
    }

    /// A nested object reader, nil when absent or null.
    public func nested(_ key: String) throws(APIDecodingError) -> JSONObjectReader? {
        guard let value = object[key], !value.isNull else { return nil }
        return try JSONObjectReader(value)
    }

    /// An array of nested object readers.
    public func array(_ key: String) throws(APIDecodingError) -> [JSONObjectReader] {
        switch object[key] {
        case nil, .null?: return []
        case .array(let items)?:
            var out: [JSONObjectReader] = []
            for item in items { out.append(try JSONObjectReader(item)) }
            return out
        default: throw APIDecodingError("Field '\(key)' must be an array")
        }
    }

    /// An optional instant in ISO form.
    public func optionalInstant(_ key: String) throws(APIDecodingError) -> Date? {
        guard let text = optionalString(key) else { return nil }
        guard let date = APITime.parseInstant(text) else { throw APIDecodingError("Invalid time in '\(key)': \(text)") }
        return date
    }

    /// A required instant in ISO form.
    public func instant(_ key: String) throws(APIDecodingError) -> Date {
        guard let date = try optionalInstant(key) else { throw APIDecodingError("Missing field '\(key)'") }
        return date
    }

    /// A required `OffsetDateTime` (`2016-02-10T00:00:00-08:00`): epoch seconds and the zone id
    /// of its offset (see ``APITime/parseOffsetDateTime(_:)``).
    public func offsetDateTime(_ key: String) throws(APIDecodingError) -> (epochSeconds: Int64, zoneId: String) {
        guard let text = optionalString(key) else { throw APIDecodingError("Missing field '\(key)'") }
        guard let parsed = APITime.parseOffsetDateTime(text) else {
            throw APIDecodingError("Invalid time in '\(key)': \(text)")
        }
        return parsed
    }

    /// An array of ids (strings or numbers); empty when absent or null.
    public func idArray(_ key: String) throws(APIDecodingError) -> [Int64] {
        switch object[key] {
        case nil, .null?: return []
        case .array(let items)?:
            var ids: [Int64] = []
            for item in items {
                switch item {
                case .int(let i): ids.append(i)
                case .string(let s):
                    guard let i = Int64(s) else { throw APIDecodingError("Invalid id in '\(key)': \(s)") }
                    ids.append(i)
                default: throw APIDecodingError("Invalid id in '\(key)'")
                }
            }
            return ids
        default: throw APIDecodingError("Field '\(key)' must be an array")
        }
    }

    /// A required nested object.
    public func requiredNested(_ key: String) throws(APIDecodingError) -> JSONObjectReader {
        guard let nested = try nested(key) else { throw APIDecodingError("Missing field '\(key)'") }
        return nested
    }
}
