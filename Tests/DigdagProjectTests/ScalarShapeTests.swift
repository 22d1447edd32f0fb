import Foundation
import Testing

@testable import DigdagProject

/// The hand-written scalar matchers against the regular expressions they replace (SnakeYAML 1.1's
/// resolver as Digdag narrows it), over every string of up to 5 characters from an alphabet of the
/// characters that matter, plus hand-picked longer ones.
@Suite("YAML scalar shapes")
struct ScalarShapeTests {
    static var oracle: [(String, NSRegularExpression, (String) -> Bool)] {[
        ("bool", try! NSRegularExpression(pattern: "^(?:[Tt]rue|[Ff]alse)$"), ScalarShape.isBool),
        ("int", try! NSRegularExpression(
            pattern: "^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*)$"),
         ScalarShape.isInt),
        ("float", try! NSRegularExpression(
            pattern: "^([-+]?(\\.[0-9]+|[1-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?"
                + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$"),
         ScalarShape.isFloat),
        ("null", try! NSRegularExpression(pattern: "^(?:~|null|Null|NULL| )$"), ScalarShape.isNull),
    ]}

    static func regexMatches(_ regex: NSRegularExpression, _ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    @Test func everyShortStringAgreesWithTheRegularExpressions() {
        let alphabet = Array("0179_.:+-eEbx")
        var strings = [""]
        var layer = [""]
        for _ in 0..<5 {
            layer = layer.flatMap { prefix in alphabet.map { prefix + String($0) } }
            strings += layer
        }
        strings += [
            "true", "True", "TRUE", "false", "False", "null", "Null", "NULL", "~", " ", "nil", ".inf", "-.Inf", "+.INF",
            ".nan", ".NaN", "-.nan", "0x1F", "0xfg", "0b102", "0o17", "1:30.5", "1:60.5", "1:5:59.", "190:20:30.15",
            "6.8523015e+5", "685.230_15e+03", "1__0", "1e", "1e+", ".e3", "1.e3", "0.5", "00.5", "-0", "+0x_",
            "１２", "1\u{0663}", "12 ", " 12", "1_000_000", "9223372036854775808",
        ]
        var disagreements: [String] = []
        let oracle = Self.oracle
        for text in strings {
            for (name, regex, matcher) in oracle where Self.regexMatches(regex, text) != matcher(text) {
                disagreements.append("\(name) \"\(text)\": regex \(Self.regexMatches(regex, text))")
            }
        }
        #expect(strings.count > 300_000)
        #expect(disagreements.count == 0, "\(disagreements.prefix(20))")
    }

    @Test func zoneRegionShapeAgreesWithJavasPattern() {
        let regex = try! NSRegularExpression(pattern: "^[A-Za-z][A-Za-z0-9~/._+-]+$")
        let samples = [
            "Asia/Tokyo", "UTC", "Z", "a", "ab", "America/Argentina/Buenos_Aires", "Etc/GMT+9", "Etc/GMT-14", "1abc",
            "A b", "Asia/Tōkyō", "", "~", "a~", "x/../y", "A\n",
        ]
        for id in samples {
            #expect(Self.regexMatches(regex, id) == ZoneIdentifier.hasRegionShape(id), "\(id)")
        }
    }
}
