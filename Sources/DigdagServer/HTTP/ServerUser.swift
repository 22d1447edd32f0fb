/// A user of basic authentication.
public struct ServerUser: Sendable, Equatable {
    /// The user name.
    public var name: String
    /// The password.
    public var password: String
    /// May list and read (sessions, logs, projects, archives), may not push, start, kill, retry,
    /// change schedules, see secret keys or manage API tokens.
    public var readOnly: Bool

    /// Creates a user.
    public init(name: String, password: String, readOnly: Bool = false) {
        self.name = name
        self.password = password
        self.readOnly = readOnly
    }
}
