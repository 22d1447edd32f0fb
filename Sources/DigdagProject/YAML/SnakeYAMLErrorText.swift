import Foundation
import Yams

/// Turns libyaml's errors (through Yams) into the messages SnakeYAML prints, which is what
/// Digdag users see: a context line, its position, the problem and its position, each position
/// followed by the source line and a caret.
///
/// ```
/// mapping values are not allowed here
///  in 'string', line 2, column 8:
///       echo>: a: b
///            ^
/// ```
enum SnakeYAMLErrorText {
    /// A position in the source: 1-based line and column (columns counted in Unicode scalars).
    struct Position: Equatable {
        var line: Int
        var column: Int
    }

    /// Converts an error thrown by Yams while composing `text`.
    static func failure(for error: Error, in text: String) -> YAMLLoadFailure {
        guard let yamlError = error as? YamlError else {
            return YAMLLoadFailure(.parser, String(describing: error))
        }
        let source = SourceText(text)
        switch yamlError {
        case .scanner(let context, let problem, let mark, _):
            return scanner(context: context, problem: problem, at: Position(mark), source)
        case .parser(let context, let problem, let mark, _):
            return parser(context: context, problem: problem, at: Position(mark), source)
        case .composer(let context, let problem, let mark, _):
            var problemText = problem
            let at = Position(mark)
            if problem == "found undefined alias", let name = source.word(at: at, droppingFirst: true) {
                problemText = "found undefined alias \(name)"
            }
            return YAMLLoadFailure(
                .composer, source.message(context: context.map { ($0.text, Position($0.mark)) }, problem: problemText, at: at))
        case .duplicatedKeysInMapping(let duplicates, _):
            return YAMLLoadFailure(.duplicateKey, "Duplicated keys: [\(duplicates.joined(separator: ", "))]")
        case .reader(let problem, _, let value, _):
            let code = String(value, radix: 16, uppercase: false)
            return YAMLLoadFailure(.reader, "unacceptable code point (0x\(code)) special characters are not allowed\n\(problem)")
        default:
            return YAMLLoadFailure(.parser, "\(yamlError)")
        }
    }

    private static func scanner(context: YamlError.Context?, problem: String, at: Position, _ source: SourceText)
        -> YAMLLoadFailure
    {
        let contextPart = context.map { (translateContext($0.text), Position($0.mark)) }
        var problemText = problem
        switch problem {
        case "mapping values are not allowed in this context":
            problemText = "mapping values are not allowed here"
        case "block sequence entries are not allowed in this context":
            problemText = "sequence entries are not allowed here"
        case "found character that cannot start any token":
            var shown = source.character(at: at).map { String($0) } ?? ""
            if shown == "\t" { shown = "\\t(TAB)" }
            problemText = "found character '\(shown)' that cannot start any token. (Do not use \(shown) for indentation)"
            return YAMLLoadFailure(.scanner, source.message(contextWithoutMark: contextPart?.0, problem: problemText, at: at))
        case "did not find expected comment or line break":
            problemText = "expected a comment or a line break, but found \(source.describeCharacter(at: at))"
        case "did not find expected alphabetic or numeric character":
            problemText = "expected alphabetic or numeric character, but found \(source.describeCharacter(at: at))"
        case "found unknown escape character":
            problemText = "found unknown escape character \(source.describeCharacter(at: at))"
        default:
            break
        }
        return YAMLLoadFailure(.scanner, source.message(context: contextPart, problem: problemText, at: at))
    }

    private static func parser(context: YamlError.Context?, problem: String, at: Position, _ source: SourceText)
        -> YAMLLoadFailure
    {
        let contextPart = context.map { (translateContext($0.text), Position($0.mark)) }
        let token = source.tokenName(at: at)
        let problemText: String
        switch problem {
        case "did not find expected key":
            problemText = "expected <block end>, but found '\(token)'"
        case "did not find expected '-' indicator":
            // A key at the indentation of a block sequence is a plain KEY token for SnakeYAML.
            problemText = "expected <block end>, but found '\(token == "<block mapping start>" ? "?" : token)'"
        case "did not find expected node content":
            problemText = "expected the node content, but found '\(token)'"
        case "did not find expected ',' or ']'":
            problemText = "expected ',' or ']', but got \(token)"
        case "did not find expected ',' or '}'":
            problemText = "expected ',' or '}', but got \(token)"
        case let text where text.hasPrefix("Maximum nesting level reached"):
            // libyaml's own bound (1000 levels); it keeps deep input from recursing in the composer.
            return YAMLLoadFailure(
                .parser, source.message(context: nil, problem: "YAML nesting depth exceeds the limit of 1000", at: at))
        case "did not find expected <document start>":
            return YAMLLoadFailure(
                .parser, source.message(context: nil, problem: "expected '<document start>', but found '\(token)'", at: at))
        default:
            problemText = problem
        }
        return YAMLLoadFailure(.parser, source.message(context: contextPart, problem: problemText, at: at))
    }

    private static func translateContext(_ text: String) -> String {
        switch text {
        case "while parsing a quoted scalar": "while scanning a quoted scalar"
        case "while parsing a block scalar": "while scanning a block scalar"
        case "while parsing a tag": "while scanning a tag"
        default: text
        }
    }
}

extension SnakeYAMLErrorText.Position {
    init(_ mark: Mark) {
        self.init(line: mark.line, column: mark.column)
    }
}
