/// The example projects `digdag init -t TYPE` can create, and the files each adds.
enum ExampleType: String, CaseIterable, Sendable {
    case echo, sh, ruby, python, td, postgresql

    /// A file copied from the example resources, relative to the type's directory.
    struct File: Sendable {
        /// Path relative to the example directory and to the new project.
        let path: String
        /// Whether the owner-executable bit is set after copying.
        let executable: Bool
    }

    /// Directories created before the files.
    var directories: [String] {
        switch self {
        case .echo: []
        case .sh, .ruby, .python: ["scripts"]
        case .td, .postgresql: ["queries"]
        }
    }

    /// Type-specific files, written before the workflow file, in this order.
    var files: [File] {
        switch self {
        case .echo:
            []
        case .sh:
            [File(path: "scripts/myscript.sh", executable: true)]
        case .ruby:
            [File(path: "scripts/myclass.rb", executable: false)]
        case .python:
            [
                File(path: "scripts/__init__.py", executable: false),
                File(path: "scripts/myclass.py", executable: false),
            ]
        case .td:
            [File(path: "queries/query.sql", executable: false)]
        case .postgresql:
            [
                File(path: "queries/create_src_table.sql", executable: false),
                File(path: "queries/insert_data_to_src_table.sql", executable: false),
                File(path: "queries/summarize_src_table.sql", executable: false),
            ]
        }
    }
}
