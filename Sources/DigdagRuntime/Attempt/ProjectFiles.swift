/// Makes an attempt's project files available at its `projectPath` (a server extracts the
/// revision's archive on first use); `digdag run` works in the project directory itself and
/// needs none.
public protocol ProjectFiles: Sendable {
    /// Returns once the files are in place; throws when they cannot be (the task fails).
    func prepare() async throws
}
