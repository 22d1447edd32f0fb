/// A table name with an optional schema (`schema.table`), as `create_table`, `insert_into`
/// and `status_table_schema` give it (Digdag's `TableReference`).
package struct TableReference: Sendable, Equatable {
    /// The schema, if the name had a `.`.
    package var schema: String?
    /// The table name.
    package var name: String

    /// Creates a reference.
    package init(schema: String? = nil, name: String) {
        self.schema = schema
        self.name = name
    }

    /// Parses `expr`: text before the first `.` is the schema.
    package init(parsing expr: String) {
        if let dot = expr.firstIndex(of: ".") {
            self.init(schema: String(expr[..<dot]), name: String(expr[expr.index(after: dot)...]))
        } else {
            self.init(name: expr)
        }
    }

    /// The reference with each part quoted by `quote`.
    package func quoted(_ quote: (String) throws(DatabaseError) -> String) throws(DatabaseError) -> String {
        if let schema { return try quote(schema) + "." + quote(name) }
        return try quote(name)
    }
}
