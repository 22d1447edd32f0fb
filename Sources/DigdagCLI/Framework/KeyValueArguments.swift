/// Turns repeated `KEY=VALUE` option values into pairs the way Digdag does
/// (`cli:ParameterValidator.toMap` after JCommander's comma splitting).
///
/// JCommander splits every list option value at commas; a piece with `=` starts a new key,
/// a piece without one is glued back (with its comma) onto the previous value. So
/// `-p a=1,2` gives `a = "1,2"`, while `-p a=1,b=2` gives `a = "1"` and `b = "2"`.
enum KeyValueArguments {
    /// The pairs in command-line order; a later pair for the same key replaces the earlier one
    /// when the caller folds them into a dictionary.
    static func pairs(_ values: [String]) -> [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        for value in values {
            for piece in value.split(separator: ",", omittingEmptySubsequences: false) {
                if let equals = piece.firstIndex(of: "=") {
                    result.append((String(piece[..<equals]), String(piece[piece.index(after: equals)...])))
                } else if !result.isEmpty {
                    result[result.count - 1].value += "," + piece
                }
            }
        }
        return result
    }

    /// The pairs folded into a dictionary, later keys winning.
    static func dictionary(_ values: [String]) -> [String: String] {
        var map: [String: String] = [:]
        for pair in pairs(values) {
            map[pair.key] = pair.value
        }
        return map
    }
}
