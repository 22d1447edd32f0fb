import DigdagCore

/// `store_last_results`: what `<type>.last_results` receives.
package enum StoreLastResults: String, Sendable, Equatable {
    case none = "false"
    case first
    case all

    /// Parses `false`, `true`/`first` or `all` (Digdag's `StoreLastResultsOption.parse`).
    package init(parsing value: ConfigValue?) throws {
        guard let value, !value.isNull else {
            self = .none
            return
        }
        switch value.textValue {
        case "false": self = .none
        case "true", "first": self = .first
        case "all": self = .all
        case let text: throw ConfigError("last_results must be either of \"first\" or \"all\": \(text)")
        }
    }
}

/// Limits on `store_last_results` (system config `config.<type>.*`, then `config.jdbc.*`).
package struct ResultLimits: Sendable, Equatable {
    package var maxRows: Int64 = 8192
    package var maxColumns: Int = 64
    package var maxValueSize: Int = 256

    /// The defaults.
    package init() {}

    /// Reads the limits of operator `type` from the system config.
    package init(type: String, systemConfig: [String: String]) {
        func value(_ key: String) -> Int64? {
            (systemConfig["config.\(type).\(key)"] ?? systemConfig["config.jdbc.\(key)"]).flatMap { Int64($0) }
        }
        if let rows = value("max_store_last_results_rows") { maxRows = rows }
        if let columns = value("max_store_last_results_columns") { maxColumns = Int(clamping: columns) }
        if let size = value("max_store_last_results_value_size") { maxValueSize = Int(clamping: size) }
    }
}

/// What a `pg>`/`mysql>` task does with its query, after Digdag's mutual-exclusion checks.
package enum JdbcJobMode: Sendable, Equatable {
    /// Runs the query as a script.
    case script
    /// `INSERT INTO <table>\n<query>`.
    case insertInto(TableReference)
    /// `DROP TABLE IF EXISTS <table>; CREATE TABLE <table> AS \n<query>`.
    case createTable(TableReference)
    /// Writes the result to a CSV file (read-only).
    case downloadFile(String)
    /// Stores the result in `<type>.last_results` (read-only).
    case storeLastResults(StoreLastResults)

    /// Reads the mode from `params`, throwing Digdag's errors for options that exclude each other.
    package init(params: Config) throws {
        let insertInto = try Self.optionalString(params, "insert_into").map(TableReference.init(parsing:))
        let createTable = try Self.optionalString(params, "create_table").map(TableReference.init(parsing:))
        if insertInto != nil && createTable != nil {
            throw ConfigError("Can't use both of insert_into and create_table")
        }
        let modifies = insertInto != nil || createTable != nil
        let downloadFile = try Self.optionalString(params, "download_file")
        if downloadFile != nil && modifies {
            throw ConfigError("Can't use download_file with insert_into or create_table")
        }
        let store = try StoreLastResults(parsing: params["store_last_results"])
        if store != .none && modifies {
            throw ConfigError("Can't use store_last_results with insert_into or create_table")
        }
        if downloadFile != nil && store != .none {
            throw ConfigError("Can't use both download_file and store_last_results at once")
        }
        if let insertInto { self = .insertInto(insertInto) }
        else if let createTable { self = .createTable(createTable) }
        else if let downloadFile { self = .downloadFile(downloadFile) }
        else if store != .none { self = .storeLastResults(store) }
        else { self = .script }
    }

    /// True for the modes that only read (no query id, no status table).
    package var isReadOnly: Bool {
        switch self {
        case .downloadFile, .storeLastResults: true
        case .script, .insertInto, .createTable: false
        }
    }

    private static func optionalString(_ params: Config, _ key: String) throws -> String? {
        guard let value = params[key], !value.isNull else { return nil }
        return try ParamReader.string(value, key: key)
    }
}

/// `strict_transaction` and its status table options.
package struct StrictTransactionOptions: Sendable, Equatable {
    package var table: TableReference
    package var cleanupSeconds: Int64

    /// Reads the options, or returns nil when `strict_transaction` is false.
    package init?(params: Config) throws {
        if let value = params["strict_transaction"], !value.isNull {
            guard let flag = ConfigCoercion.bool(value) else {
                throw ConfigError("Expected boolean for key 'strict_transaction' but got \(ParamReader.sample(value))")
            }
            if !flag { return nil }
        }
        var name = "__digdag_status"
        if let value = params["status_table"], !value.isNull {
            name = try ParamReader.string(value, key: "status_table")
        }
        var schema: String?
        if let value = params["status_table_schema"], !value.isNull {
            schema = try ParamReader.string(value, key: "status_table_schema")
        }
        table = TableReference(schema: schema, name: name)
        cleanupSeconds = try DurationText.option(
            "status_table_cleanup", secret: nil, params: params, defaultSeconds: 86_400)
    }
}
