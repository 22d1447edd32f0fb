import HTTPTypes

/// What read-only users and tokens may do: read, nothing else. Secret keys and API tokens are
/// not theirs to read either.
enum ReadOnlyPolicy {
    /// Nil when allowed, else why not.
    static func refusal(method: HTTPRequest.Method, path: String) -> String? {
        let reading = method == .get || method == .head || method == .options
        if reading && !isPrivate(path) { return nil }
        return "read-only access may not \(method.rawValue) \(path)"
    }

    /// Paths that reveal secret keys or manage access.
    private static func isPrivate(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        if parts.count >= 2, parts[0] == "api", parts[1] == "tokens" { return true }
        return parts.count >= 4 && parts[0] == "api" && parts[1] == "projects" && parts[3] == "secrets"
    }
}
