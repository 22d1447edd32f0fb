import DigdagRuntime
import Foundation
import Testing

@Suite("AES-GCM secret encryption")
struct AESGCMSecretCryptoTests {
    /// Bytes 3, 20, 37, ... (i * 17 + 3).
    static let key = "AxQlNkdYaXqLnK2+z+DxAg=="
    /// Bytes a0 a1 ... ab.
    static let nonce: [UInt8] = (0..<12).map { UInt8(0xa0 + $0) }

    /// Values encrypted by Digdag's algorithm in Java (javax.crypto `AES/GCM/NoPadding`, 128-bit tag,
    /// no associated data) with `key` and `nonce`, as `AESGCMSecretCrypto.encryptSecret` builds them.
    static let javaVectors: [(String, String)] = [
        ("hello", "YWVzZ2NtAAAAAgAAAAGgoaKjpKWmp6ipqqvl2Mc0q52sd/BlE8xFotsz8Z9bAH5XQiawPaYQMN/UmA=="),
        ("", "YWVzZ2NtAAAAAgAAAAGgoaKjpKWmp6ipqqvl2Mcxw/jAG59lE8xFotszgyxtmwtcMI1M/wRXUQfJ6Q=="),
        ("123456789012", "YWVzZ2NtAAAAAgAAAAGgoaKjpKWmp6ipqqvl2Mc98srzL6pTJPR8kuoBgoMpwcJCY/e81MXXspayXQ=="),
        ("pässwörd ✓ 秘密",
         "YWVzZ2NtAAAAAgAAAAGgoaKjpKWmp6ipqqvl2McksztkaOwS0Ho3xvvR8fSJRFj+F2wEe2UaucnI8V8rSVhidr92NwdGU486lYk="),
    ]

    @Test(arguments: javaVectors)
    func matchesDigdagByteForByte(plaintext: String, stored: String) throws {
        let crypto = try AESGCMSecretCrypto(base64Key: Self.key)
        #expect(try crypto.encrypt(plaintext, nonce: Self.nonce) == stored)
        #expect(try crypto.decrypt(stored) == plaintext)
    }

    @Test func recordLayout() throws {
        let crypto = try AESGCMSecretCrypto(base64Key: Self.key)
        #expect(crypto.name == "aesgcm")
        let bytes = try #require(Data(base64Encoded: crypto.encrypt("hello")))
        #expect(bytes.prefix(14) == Data("aesgcm".utf8) + Data([0, 0, 0, 2, 0, 0, 0, 1]))
        #expect(bytes.count == 26 + 16 + 16)  // 4 + 5 bytes padded to 16, then the tag
        #expect(try Data(base64Encoded: crypto.encrypt(String(repeating: "x", count: 12)))?.count == 26 + 16 + 16)
        #expect(try Data(base64Encoded: crypto.encrypt(String(repeating: "x", count: 13)))?.count == 26 + 32 + 16)
    }

    @Test func roundTripsWithRandomNonces() throws {
        let crypto = try AESGCMSecretCrypto(base64Key: Self.key)
        let value = "multi\nline ✓ " + String(repeating: "z", count: 1000)
        let first = try crypto.encrypt(value)
        #expect(try crypto.encrypt(value) != first)
        #expect(try crypto.decrypt(first) == value)
        let longest = String(repeating: "a", count: AESGCMSecretCrypto.maxPlaintextBytes)
        #expect(try crypto.decrypt(crypto.encrypt(longest)) == longest)
        #expect(throws: SecretCryptoError(.tooLong, "Too long text")) { try crypto.encrypt(longest + "a") }
    }

    @Test func tamperedValuesFail() throws {
        let crypto = try AESGCMSecretCrypto(base64Key: Self.key)
        let stored = try #require(Data(base64Encoded: Self.javaVectors[0].1))
        for index in [14, 26, 30, stored.count - 1] {  // nonce, ciphertext, tag
            var tampered = stored
            tampered[index] ^= 0x01
            #expect(throws: SecretCryptoError(.authenticationFailed, "Tag mismatch: wrong key or altered secret")) {
                try crypto.decrypt(tampered.base64EncodedString())
            }
        }
        var version = stored
        version[9] = 3
        #expect(throws: SecretCryptoError(.malformed, "Bad version")) { try crypto.decrypt(version.base64EncodedString()) }
        var engine = stored
        engine[0] = UInt8(ascii: "x")
        #expect(throws: SecretCryptoError(.malformed, "Crypto engine mismatch")) {
            try crypto.decrypt(engine.base64EncodedString())
        }
        var term = stored
        term[13] = 2
        #expect(throws: SecretCryptoError(.malformed, "Bad term")) { try crypto.decrypt(term.base64EncodedString()) }
        #expect(throws: SecretCryptoError(.malformed, "Bad size")) {
            try crypto.decrypt(stored.prefix(41).base64EncodedString())
        }
        #expect(throws: SecretCryptoError.self) { try crypto.decrypt("not base64 !") }
    }

    @Test func version1RecordsDecrypt() throws {
        // Version 1 has the same layout; only the version field differs, and it is not authenticated.
        let crypto = try AESGCMSecretCrypto(base64Key: Self.key)
        var stored = try #require(Data(base64Encoded: Self.javaVectors[0].1))
        stored[9] = 1
        #expect(try crypto.decrypt(stored.base64EncodedString()) == "hello")
    }

    @Test func wrongKeyFails() throws {
        let other = try AESGCMSecretCrypto(base64Key: Data(repeating: 7, count: 16).base64EncodedString())
        #expect { try other.decrypt(Self.javaVectors[0].1) } throws: { error in
            (error as? SecretCryptoError)?.code == .authenticationFailed
        }
    }

    @Test(arguments: ["", "c2hvcnQ=", "AxQlNkdYaXqLnK2+z+DxAgAA", "not a key", Data(count: 32).base64EncodedString()])
    func invalidKeysAreRejected(key: String) {
        #expect { try AESGCMSecretCrypto(base64Key: key) } throws: { error in
            (error as? SecretCryptoError)?.code == .invalidKey
        }
    }

    @Test func keysWithoutPaddingAreAcceptedAsJavaDoes() throws {
        let crypto = try AESGCMSecretCrypto(base64Key: "AxQlNkdYaXqLnK2+z+DxAg")
        #expect(try crypto.decrypt(Self.javaVectors[0].1) == "hello")
    }
}
