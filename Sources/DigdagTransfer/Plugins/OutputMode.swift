/// The database outputs' modes (embulk-output-jdbc's): where rows are written and what happens at commit.
enum OutputMode: String, CaseIterable {
    case insert, insertDirect = "insert_direct", truncateInsert = "truncate_insert", replace, merge
    case mergeDirect = "merge_direct"

    init(_ name: String) throws {
        guard let mode = OutputMode(rawValue: name) else {
            throw TransferError.config(
                "Unknown mode '\(name)' (in out:); modes are "
                    + OutputMode.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = mode
    }

    /// Whether rows go to an intermediate table first, so a failure leaves the target as it was.
    var usesIntermediateTable: Bool { self != .insertDirect && self != .mergeDirect }
}

/// One target column a record value is written to.
struct TargetColumn {
    /// Index of the value in the record.
    var index: Int
    /// The target column's name.
    var name: String
    /// The target column's SQL type (lowercase, `datetime`, `varchar(10)`), or the DDL type we chose.
    var sqlType: String
    /// The formatter of timestamps for this column.
    var timestampFormat: TimestampFormat
    /// Whether timestamps are written by `timestamp_format` (value_type string) or as SQL datetimes.
    var timestampAsString: Bool
    /// Booleans as `'true'`/`'false'` (value_type string) rather than 1/0.
    var booleanAsString: Bool
}
