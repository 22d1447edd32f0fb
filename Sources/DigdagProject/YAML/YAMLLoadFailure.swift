import DigdagCore

/// A failure while loading YAML, tagged with the kind of Java exception Digdag would raise.
///
/// Digdag's CLI prints `message (kind)`, where the kind is the exception's class name turned into
/// words ("scanner", "duplicate key yaml", "file not found", ...). Keeping the kind lets callers
/// reproduce that line, while plain API users only see ``ConfigError``.
struct YAMLLoadFailure: Error, Equatable {
    /// How the Java implementation would classify this failure.
    enum Kind: String, Equatable {
        case reader
        case scanner
        case parser
        case composer
        case constructor
        case tag
        case duplicateKey = "duplicate key yaml"
        case notAnObject = "runtime json mapping"
        case nullKey = "json mapping"
        case fileNotFound = "file not found"
        case noSuchFile = "no such file"
        case io = "i o"
        case config

        /// True for I/O failures: Digdag does not wrap these in "Validating project failed".
        var isIO: Bool {
            switch self {
            case .fileNotFound, .noSuchFile, .io: true
            default: false
            }
        }
    }

    var kind: Kind
    var message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message alone, as a user-facing config error.
    var configError: ConfigError { ConfigError(message) }

    /// The line Digdag's CLI prints after `error: `: the message and the exception kind.
    var cliText: String { "\(message) (\(kind.rawValue))" }
}
