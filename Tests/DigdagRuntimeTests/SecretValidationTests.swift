import DigdagRuntime
import Testing

@Suite("Secret key and value rules")
struct SecretValidationTests {
    @Test(arguments: ["a", "foo", "foo.bar", "a.b.c", "aws.s3.secret_access_key", "my-key1", "A_b-C9", "x.Y"])
    func validKeys(key: String) {
        #expect(SecretValidation.isValidKey(key))
    }

    @Test(arguments: [
        "", ".", "a.", ".a", "a..b", "1a", "a_", "a-", "_a", "foo bar", "foo*", "ä", "b\u{301}", "a.1",
        String(repeating: "a", count: 256),
    ])
    func invalidKeys(key: String) {
        #expect(!SecretValidation.isValidKey(key))
    }

    @Test func keyLengthLimit() {
        #expect(SecretValidation.isValidKey(String(repeating: "a", count: 255)))
    }

    @Test func valueLimitCountsUTF8Bytes() {
        #expect(SecretValidation.isValidValue(String(repeating: "a", count: 16 * 1024)))
        #expect(!SecretValidation.isValidValue(String(repeating: "a", count: 16 * 1024 + 1)))
        #expect(!SecretValidation.isValidValue(String(repeating: "é", count: 8 * 1024 + 1)))
        #expect(SecretValidation.isValid(key: "k", value: "v"))
        #expect(!SecretValidation.isValid(key: "1", value: "v"))
    }
}
