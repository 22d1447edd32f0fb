/// Embulk's column types.
public enum ColumnType: String, Sendable, CaseIterable {
    case boolean, long, double, string, timestamp, json

    /// Parses a type name from a config (`type: long`).
    package init(name: String, path: String) throws {
        guard let type = ColumnType(rawValue: name) else {
            throw TransferError.config(
                "Unknown type '\(name)' (in \(path):); Embulk's types are boolean, long, double, string, timestamp, json")
        }
        self = type
    }
}

/// One column of a record: name, Embulk type and, for timestamps, the format used to print it.
public struct Column: Sendable, Equatable {
    /// The column name.
    public var name: String
    /// The Embulk type.
    public var type: ColumnType
    /// A strftime format for timestamps (`columns: [{format: ...}]`), when given.
    public var format: String?

    /// Creates a column.
    public init(name: String, type: ColumnType, format: String? = nil) {
        self.name = name
        self.type = type
        self.format = format
    }
}

/// The columns of every record in one transfer.
public struct Schema: Sendable, Equatable {
    /// The columns, in order.
    public var columns: [Column]

    /// Creates a schema.
    public init(_ columns: [Column]) { self.columns = columns }

    /// The index of the column named `name`.
    public func index(of name: String) -> Int? { columns.firstIndex { $0.name == name } }
}

/// One value of a record.
public enum TransferValue: Sendable, Equatable {
    case null
    case boolean(Bool)
    case long(Int64)
    case double(Double)
    case string(String)
    case timestamp(Timestamp)
    case json(String)
}
