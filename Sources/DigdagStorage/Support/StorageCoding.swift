import DigdagCore
import Foundation

/// Value encodings shared by the SQLite and PostgreSQL stores, so that both keep the same bytes.
///
/// Instants are stored as epoch milliseconds (SQLite `INTEGER`, PostgreSQL `timestamptz` written at
/// millisecond precision); every `Date` read back is `Date(timeIntervalSince1970: ms / 1000)`.
package enum StorageCoding {
    /// The site id of every row: one site per server.
    package static let siteId = 0

    /// `date` as epoch milliseconds, rounded.
    package static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// The instant of `millis` epoch milliseconds.
    package static func date(millis: Int64) -> Date {
        Date(timeIntervalSince1970: Double(millis) / 1000)
    }

    /// Compact JSON text of a config, key order kept.
    package static func text(_ config: Config) -> String {
        JSONText.compact(.object(config))
    }

    /// Parses stored JSON object text, key order kept.
    package static func config(_ text: String) throws(StoreError) -> Config {
        if text == "{}" { return [:] }  // most stored params and task states
        guard let object = try parse(text).objectValue else {
            throw StoreError(.database, "Stored JSON is not an object: \(text.prefix(100))")
        }
        return object
    }

    /// Parses stored JSON text.
    package static func parse(_ text: String) throws(StoreError) -> ConfigValue {
        do {
            return try JSONText.parse(text)
        } catch {
            throw StoreError(.database, "Stored JSON is broken", cause: error)
        }
    }

    /// A `LIKE` pattern (escape character `\`) matching names that contain `text` literally.
    package static func likeContaining(_ text: String) -> String {
        "%" + escapeLike(text) + "%"
    }

    /// A `LIKE` pattern (escape character `\`) matching names that start with `text` literally.
    package static func likePrefix(_ text: String) -> String {
        escapeLike(text) + "%"
    }

    private static func escapeLike(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "\\" || character == "%" || character == "_" { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// A 64-bit FNV-1a digest of a workflow's time zone and config text (`workflow_configs.config_digest`).
    package static func configDigest(timeZone: String, configText: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in timeZone.utf8 + [0] + configText.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }

    /// The stored attempt name: "" for the default attempt.
    package static func attemptName(_ retryAttemptName: String?) -> String { retryAttemptName ?? "" }

    /// The retry attempt name of a stored attempt name.
    package static func retryAttemptName(_ attemptName: String) -> String? { attemptName.isEmpty ? nil : attemptName }

    /// Message of the conflict raised when a revision name exists already.
    package static func revisionConflict(name: String, projectId: Int) -> StoreError {
        .conflict("Resource already exists: revision=\(name) in project id=\(projectId)")
    }

    /// Message of the not-found error for a missing attempt.
    package static func attemptNotFound(_ id: Int64) -> StoreError {
        StoreError(.notFound, "Resource does not exist: session attempt id=\(id)")
    }

    /// A fenced write: the writer's lease on the attempt was taken over.
    package static func leaseLost(_ id: Int64) -> StoreError {
        StoreError(.leaseLost, "Lease on session attempt id=\(id) was lost to another node")
    }
}

extension TaskState {
    /// Digdag's numeric state code (`tasks.state`): blocked 0 ... canceled 9.
    package var storageCode: Int {
        switch self {
        case .blocked: 0
        case .ready: 1
        case .retryWaiting: 2
        case .groupRetryWaiting: 3
        case .running: 4
        case .planned: 5
        case .groupError: 6
        case .success: 7
        case .error: 8
        case .canceled: 9
        }
    }

    /// The state of a stored code.
    package init(storageCode: Int) throws(StoreError) {
        switch storageCode {
        case 0: self = .blocked
        case 1: self = .ready
        case 2: self = .retryWaiting
        case 3: self = .groupRetryWaiting
        case 4: self = .running
        case 5: self = .planned
        case 6: self = .groupError
        case 7: self = .success
        case 8: self = .error
        case 9: self = .canceled
        default: throw StoreError(.database, "Unknown task state code \(storageCode)")
        }
    }
}
