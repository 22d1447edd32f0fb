import Crypto
import Foundation

/// Digdag's `aesgcm` secret encryption (`core:database/AESGCMSecretCrypto.java`), format for
/// format: values encrypted by Digdag decrypt here and the other way round.
///
/// The key is `digdag.secret-encryption-key`: base64 of 16 bytes, used as the AES-128 key as is
/// (no derivation). A stored value is base64 of
///
/// ```
/// "aesgcm" (6 B) | version int32 BE = 2 | term int32 BE = 1 | nonce (12 B, random) |
/// AES-128-GCM ciphertext of [plaintext length int32 BE | UTF-8 text | zero padding] | tag (16 B)
/// ```
///
/// where the padding makes the record a multiple of 16 bytes. There is no associated data.
/// Decryption also accepts version 1, whose layout is the same.
public struct AESGCMSecretCrypto: Sendable {
    /// The engine name stored next to each secret.
    public static let engineName = "aesgcm"
    /// The longest plaintext, in UTF-8 bytes.
    public static let maxPlaintextBytes = 16 * 1024

    private static let nameBytes = Array(engineName.utf8)
    private static let version: UInt32 = 2
    private static let term: UInt32 = 1
    private static let nonceLength = 12
    private static let tagLength = 16
    private static let headerLength = 6 + 4 + 4 + 12

    private let key: SymmetricKey

    /// Creates the engine from `digdag.secret-encryption-key`.
    public init(base64Key: String) throws(SecretCryptoError) {
        guard let bytes = Self.decodeBase64(base64Key), bytes.count == 16 else {
            throw SecretCryptoError(
                .invalidKey, "digdag.secret-encryption-key must be a base64-encoded 128-bit (16-byte) key")
        }
        key = SymmetricKey(data: bytes)
    }

    /// The engine name, `aesgcm`.
    public var name: String { Self.engineName }

    /// The stored form of `plaintext`, with a fresh random nonce.
    public func encrypt(_ plaintext: String) throws(SecretCryptoError) -> String {
        try encrypt(plaintext, nonce: Array(AES.GCM.Nonce()))
    }

    /// The stored form of `plaintext` with a given 12-byte nonce (tests need a fixed one).
    package func encrypt(_ plaintext: String, nonce: [UInt8]) throws(SecretCryptoError) -> String {
        precondition(nonce.count == Self.nonceLength, "AES-GCM nonces are 12 bytes")
        let text = Array(plaintext.utf8)
        guard text.count <= Self.maxPlaintextBytes else { throw SecretCryptoError(.tooLong, "Too long text") }
        let contentLength = 4 + text.count
        let recordLength = (contentLength + Self.tagLength - 1) / Self.tagLength * Self.tagLength
        var record = Self.int32(UInt32(text.count)) + text
        record += [UInt8](repeating: 0, count: recordLength - record.count)
        let box: AES.GCM.SealedBox
        do {
            box = try AES.GCM.seal(record, using: key, nonce: AES.GCM.Nonce(data: nonce))
        } catch {
            // Sealing fails only for invalid parameters, which are fixed here.
            preconditionFailure("AES-GCM seal failed: \(error)")
        }
        let stored = Self.nameBytes + Self.int32(Self.version) + Self.int32(Self.term)
            + nonce + Array(box.ciphertext) + Array(box.tag)
        return Data(stored).base64EncodedString()
    }

    /// The plaintext of a stored value.
    public func decrypt(_ stored: String) throws(SecretCryptoError) -> String {
        guard let bytes = Self.decodeBase64(stored) else {
            throw SecretCryptoError(.malformed, "Illegal base64 character in encrypted secret")
        }
        guard bytes.count >= Self.headerLength + Self.tagLength else { throw SecretCryptoError(.malformed, "Bad size") }
        guard Array(bytes[0..<6]) == Self.nameBytes else { throw SecretCryptoError(.malformed, "Crypto engine mismatch") }
        let version = Self.readInt32(bytes, at: 6)
        guard version == 1 || version == 2 else { throw SecretCryptoError(.malformed, "Bad version") }
        guard Self.readInt32(bytes, at: 10) == Self.term else { throw SecretCryptoError(.malformed, "Bad term") }
        let tagStart = bytes.count - Self.tagLength
        let record: [UInt8]
        do {
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: bytes[14..<Self.headerLength]),
                ciphertext: bytes[Self.headerLength..<tagStart], tag: bytes[tagStart...])
            record = Array(try AES.GCM.open(box, using: key))
        } catch {
            throw SecretCryptoError(.authenticationFailed, "Tag mismatch: wrong key or altered secret")
        }
        guard record.count >= 4 else { throw SecretCryptoError(.malformed, "Bad length") }
        let length = Int32(bitPattern: Self.readInt32(record, at: 0))
        // Java's ByteBuffer turns -1 into an empty string; anything else out of range fails.
        if length == -1 { return "" }
        guard length >= 0, length <= Self.maxPlaintextBytes, Int(length) <= record.count - 4 else {
            throw SecretCryptoError(.malformed, "Bad length")
        }
        return String(decoding: record[4..<(4 + Int(length))], as: UTF8.self)
    }

    // MARK: - Bytes

    private static func int32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
         UInt8(truncatingIfNeeded: value)]
    }

    private static func readInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<(offset + 4)].reduce(0) { ($0 << 8) | UInt32($1) }
    }

    /// Java's basic `Base64.getDecoder()`: the standard alphabet, padding optional, nothing else.
    static func decodeBase64(_ text: String) -> [UInt8]? {
        var padded = text
        if !text.contains("="), text.utf8.count % 4 != 0 {
            padded += String(repeating: "=", count: 4 - text.utf8.count % 4)
        }
        return Data(base64Encoded: padded).map { Array($0) }
    }
}

extension AESGCMSecretCrypto: SecretCipher {
    /// `aesgcm`.
    public var engine: String { Self.engineName }
}
