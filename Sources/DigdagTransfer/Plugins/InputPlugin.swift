import DigdagCore

/// Where an input plugin sends its records (the output side of a transfer).
public protocol RecordSink: AnyObject {
    /// Takes one record; values are in schema order.
    func add(_ record: [TransferValue]) throws
}

/// A source of records: a database query, a file, ... (Embulk's `InputPlugin`).
///
/// A transfer calls `open` (which connects), then `read` once, then `configDiff` after the
/// output committed.
public protocol InputPlugin: AnyObject {
    /// Connects (so that a wrong password fails before any output is touched).
    func open(log: TransferLog) throws
    /// Starts reading, calls `begin` with the schema once it is known, then sends every record
    /// to the sink `begin` returned; answers how many were read.
    func read(log: TransferLog, begin: (Schema) throws -> any RecordSink) throws -> Int
    /// What to change in `in:` for the next run (`last_record` of incremental loads).
    func configDiff() -> Config
    /// Releases connections and files.
    func close()
}

/// A destination of records (Embulk's `OutputPlugin`), transactional where the mode says so.
///
/// A transfer calls `begin` with the input schema, `add` per record (through `RecordSink`),
/// then `finish` and `commit`; on any failure it calls `abort`, which must leave the
/// destination as it was for the transactional modes.
public protocol OutputPlugin: RecordSink {
    /// Connects and prepares (intermediate tables, files).
    func begin(schema: Schema, log: TransferLog) throws
    /// Flushes buffered records.
    func finish(log: TransferLog) throws
    /// Makes the written records visible; answers how many rows were written.
    func commit(log: TransferLog) throws -> Int
    /// Undoes what `begin` and `add` did, as far as the mode allows. Never throws.
    func abort(log: TransferLog)
}
