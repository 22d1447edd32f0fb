import DigdagCore
import DigdagOperatorKit
import Testing

@Suite struct SecretTemplateTests {
    let secrets = DictionarySecrets(values: ["pw": "s3cr3t", "a.b": "nested", "dollar": "$1\\x"])

    @Test(arguments: [
        ("echo ${secret:pw}", "echo s3cr3t"),
        ("${secret: a.b }-${secret:pw}", "nested-s3cr3t"),
        ("no refs ${HOME} $x {a} b:c", "no refs ${HOME} $x {a} b:c"),
        ("x=${secret:dollar}", "x=$1\\x"),
        ("${ secret :pw}", "s3cr3t"),
    ])
    func substitutes(source: String, expected: String) throws {
        #expect(try SecretTemplate.format(source, secrets: secrets) == expected)
    }

    @Test(arguments: [
        ("echo ${var:-default}", "${var:-default}"),
        ("${HOME} then ${secret:pw}", "${HOME} then ${secret:pw}"),
        ("${env:PATH}", "${env:PATH}"),
        ("${:x}", "${:x}"),
        ("${HOME} $x {a:b}", "${HOME} $x {a:b}"),
    ])
    func rejectsOtherCommands(source: String, shown: String) {
        #expect(throws: ConfigError("Invalid parametrization: '\(shown)'")) {
            try SecretTemplate(source)
        }
    }

    @Test func missingSecret() throws {
        let template = try SecretTemplate("a ${secret:nope} b")
        #expect(template.keys == ["nope"])
        #expect(template.containsSecrets)
        #expect(throws: OperatorError.runtime("Secret not found for key: 'nope'")) {
            try template.format(secrets)
        }
    }

    @Test func unterminatedReferenceIsText() throws {
        #expect(try SecretTemplate.format("${secret:pw", secrets: secrets) == "${secret:pw")
        #expect(try SecretTemplate.format("${secret:}", secrets: secrets) == "${secret:}")
        #expect(try SecretTemplate("plain").containsSecrets == false)
    }
}
