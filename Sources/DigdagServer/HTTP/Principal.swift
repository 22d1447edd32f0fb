/// Who sent the request being handled: a basic-auth user or an API token.
struct Principal: Sendable, Equatable {
    /// The user name, or `token:<name>` for an API token.
    var name: String
    /// Read-only access (see ``ServerUser/readOnly``).
    var readOnly: Bool

    /// The principal of the current request; nil when the server has no authentication.
    @TaskLocal static var current: Principal?
}
