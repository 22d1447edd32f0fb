import DigdagCore
import DigdagProject
import Testing

@Suite("Digdag YAML errors")
struct DigdagYAMLErrorTests {
    private func message(_ text: String) -> String? {
        do {
            _ = try DigdagYAML.parse(text, directory: nil)
            return nil
        } catch {
            return error.message
        }
    }

    @Test(arguments: [
        ("a: 1\na: 2\n", "Duplicated keys: [a]"),
        ("a: 1\n'a': 2\n", "Duplicated keys: [a]"),
        ("x:\n  +t: {}\n  +t: {}\n", "Duplicated keys: [+t]"),
        ("a: 1\n!!str a: 2\n", "Duplicated keys: [a]"),
    ])
    func duplicateKeys(text: String, expected: String) {
        #expect(message(text) == expected)
    }

    @Test func rootMustBeAMapping() {
        #expect(message("- a\n- b\n") == "Expected object to load Config but got [\"a\",\"b\"]")
        #expect(message("hello") == "Expected object to load Config but got \"hello\"")
        #expect(message("") == "Expected object to load Config but got null")
    }

    @Test func mappingValuesNotAllowed() {
        let text = "+a:\n  echo>: a: b\n"
        #expect(message(text) == "mapping values are not allowed here\n in 'string', line 2, column 11:\n      echo>: a: b\n              ^\n")
    }

    @Test func tabIndentation() throws {
        let text = try #require(message("a:\n\tb: 1\n"))
        #expect(text.contains("found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)"))
        #expect(text.contains(" in 'string', line 2, column 1:"))
    }

    @Test(arguments: [
        "a: [1, 2\n", "a: \"unterminated\n", "a: *nope\n", "a: 1\n- b\n", "{a: 1\n", "a:\n  - x\n  y: 1\n", "a: !foo x\n",
        "--- a\n--- b\n",
    ])
    func malformedYAMLGivesAMessage(text: String) throws {
        let text = try #require(message(text))
        #expect(text.contains(" in 'string', line "))
    }

    @Test func includeWithoutDirectoryIsAnUnknownTag() throws {
        let text = try #require(message("!include : 'x.dig'\n"))
        #expect(text.hasPrefix("could not determine a constructor for the tag !include\n"))
    }
}
