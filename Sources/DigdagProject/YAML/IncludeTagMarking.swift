import Foundation

/// Gives every `!include` tag of a document its own name before Yams parses it.
///
/// Digdag allows several `!include : 'file'` keys in one mapping, but Yams rejects a mapping
/// whose keys share the same tag and text (all of them are the empty scalar tagged `!include`).
/// Renaming each tag to `!include__digdag_include_N__` keeps the keys distinct; scalar text that
/// happened to contain such a marker is restored with ``restore(_:)``.
enum IncludeTagMarking {
    static let markerPrefix = "!include__digdag_include_"
    private static let markerSuffix = "__"
    private static let markerPattern = try! NSRegularExpression(pattern: "!include__digdag_include_[0-9]+__")

    /// The text with each `!include` tag token renamed uniquely.
    static func mark(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        let tag = Array("!include".unicodeScalars)
        var out = String.UnicodeScalarView()
        var counter = 0
        var index = 0
        while index < scalars.count {
            if scalars[index] == "!", isTagToken(tag, in: scalars, at: index) {
                counter += 1
                out.append(contentsOf: "\(markerPrefix)\(counter)\(markerSuffix)".unicodeScalars)
                index += tag.count
                continue
            }
            out.append(scalars[index])
            index += 1
        }
        return String(out)
    }

    /// True for the `!include` tag itself or one renamed by ``mark(_:)``.
    static func isIncludeTag(_ tagName: String) -> Bool {
        tagName == "!include" || tagName.hasPrefix(markerPrefix)
    }

    /// Undoes ``mark(_:)`` inside scalar text (for tags that were really part of a string).
    static func restore(_ text: String) -> String {
        guard text.contains(markerPrefix) else { return text }
        let range = NSRange(text.startIndex..., in: text)
        return markerPattern.stringByReplacingMatches(in: text, range: range, withTemplate: "!include")
    }

    private static func isTagToken(_ tag: [Unicode.Scalar], in scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + tag.count <= scalars.count, Array(scalars[index..<index + tag.count]) == tag else {
            return false
        }
        let separators: Set<Unicode.Scalar> = [" ", "\t", "\n", "\r"]
        if index > 0 {
            let before = scalars[index - 1]
            guard separators.contains(before) || "{[,-?:".unicodeScalars.contains(before) else { return false }
        }
        let after = index + tag.count
        return after == scalars.count || separators.contains(scalars[after])
    }
}
