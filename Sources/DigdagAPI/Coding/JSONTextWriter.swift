import DigdagCore
import Foundation

/// Writes a model's fields straight into compact JSON bytes (the REST responses' hot path: no
/// intermediate ``ConfigValue`` tree, no `String` concatenation).
public struct JSONTextWriter: JSONObjectWriter {
    /// The UTF-8 text written so far.
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    /// Creates an empty writer.
    public init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    /// Writes `model` as one JSON object.
    public mutating func write(_ model: some JSONEncodableModel) {
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        model.writeFields(to: &self)
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Field names are the models' own identifiers (never user text), so they need no escaping.
    private mutating func key(_ key: StaticString) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func null() { bytes.append(contentsOf: "null".utf8) }

    public mutating func string(_ key: StaticString, _ value: String?) {
        self.key(key)
        if let value { JSONText.writeString(value, to: &bytes) } else { null() }
    }

    public mutating func id(_ key: StaticString, _ value: Int64?) {
        self.key(key)
        guard let value else { return null() }
        bytes.append(UInt8(ascii: "\""))
        JSONText.writeInteger(value, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func bool(_ key: StaticString, _ value: Bool) {
        self.key(key)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func int(_ key: StaticString, _ value: Int64?) {
        self.key(key)
        if let value { JSONText.writeInteger(value, to: &bytes) } else { null() }
    }

    public mutating func instant(_ key: StaticString, _ value: Date?) {
        self.key(key)
        guard let value else { return null() }
        bytes.append(UInt8(ascii: "\""))
        APITime.writeInstant(value, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func value(_ key: StaticString, _ value: ConfigValue) {
        self.key(key)
        JSONText.write(value, to: &bytes)
    }

    public mutating func config(_ key: StaticString, _ value: Config) {
        self.key(key)
        JSONText.write(.object(value), to: &bytes)
    }

    public mutating func model(_ key: StaticString, _ value: some JSONEncodableModel) {
        self.key(key)
        write(value)
    }

    public mutating func models(_ key: StaticString, _ values: [some JSONEncodableModel]) {
        self.key(key)
        bytes.reserveCapacity(bytes.count + values.count * 384)  // a session or attempt is ~360 bytes
        bytes.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            write(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    public mutating func object(_ key: StaticString, _ body: (inout JSONTextWriter) -> Void) {
        self.key(key)
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }
}
