import Crypto
import Foundation

/// The text of API tokens: `ddt_` and 43 characters of base64url randomness (256 bits); only
/// its SHA-256 is stored.
enum AccessTokenText {
    /// The prefix that makes a token recognisable (in logs a leak scanner can look for it).
    static let prefix = "ddt_"

    /// A new random token.
    static func generate() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let text = bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + text
    }

    /// Lowercase hex SHA-256 of a token's text, the stored form.
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
