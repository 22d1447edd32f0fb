/// A secret could not be encrypted or decrypted: an opaque code and a message.
public struct SecretCryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// `digdag.secret-encryption-key` is not base64 of 16 bytes.
        public static let invalidKey = Code(name: "invalidKey")
        /// The plaintext is longer than 16 KiB of UTF-8.
        public static let tooLong = Code(name: "tooLong")
        /// The stored value is not a well-formed `aesgcm` record.
        public static let malformed = Code(name: "malformed")
        /// The GCM tag does not match: wrong key or altered data.
        public static let authenticationFailed = Code(name: "authenticationFailed")

        public var description: String { name }
    }

    /// The failure kind.
    public var code: Code
    /// A message for people.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
