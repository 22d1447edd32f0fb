import Foundation

/// One of the `rules:` of the rename filter: a function from the column names to new ones.
enum RenameRule {
    /// Every character outside the passed types (`a-z`, `A-Z`, `0-9`) and characters becomes `replace`.
    case characterTypes(pass: (Character) -> Bool, replace: String)
    case lowerToUpper
    case upperToLower
    /// Java-style regular expression replaced everywhere (`$1` refers to a group).
    case regexReplace(NSRegularExpression, template: String)
    /// Names cut to at most this many characters.
    case truncate(Int)
    /// Repeated names made unique with a numbered suffix.
    case uniqueNumberSuffix(UniqueNumberSuffix)

    init(_ config: PluginConfig) throws {
        let rule = try config.string("rule")
        switch rule {
        case "character_types":
            let keywords: [String: (Character) -> Bool] = [
                "a-z": { ("a"..."z").contains($0) }, "A-Z": { ("A"..."Z").contains($0) },
                "0-9": { ("0"..."9").contains($0) },
            ]
            let types = try config.strings("pass_types").map { keyword in
                guard let test = keywords[keyword] else {
                    throw TransferError.config("\"\(keyword)\" is an unknown character type keyword")
                }
                return test
            }
            let characters = Set(try config.string("pass_characters", default: ""))
            let replace = try config.string("replace", default: "_")
            guard replace.count == 1 else {
                throw TransferError.config("\"replace\" in \"character_types\" must contain just 1 character")
            }
            self = .characterTypes(pass: { c in characters.contains(c) || types.contains { $0(c) } }, replace: replace)
        case "lower_to_upper": self = .lowerToUpper
        case "upper_to_lower": self = .upperToLower
        case "regex_replace":
            let match = try config.string("match")
            do {
                self = .regexReplace(try NSRegularExpression(pattern: match), template: try config.string("replace"))
            } catch let error as TransferError {
                throw error
            } catch {
                throw TransferError.config("\"match\" in \"regex_replace\" is not a valid regular expression: \(match)")
            }
        case "truncate": self = .truncate(try config.int("max_length", default: 128))
        case "unique_number_suffix": self = .uniqueNumberSuffix(try UniqueNumberSuffix(config))
        default: throw TransferError.config("Renaming rule \"\(rule)\" is unknown")
        }
    }

    /// The new names of `names` (one per column, in order).
    func apply(_ names: [String]) throws -> [String] {
        switch self {
        case .characterTypes(let pass, let replace):
            return names.map { name in String(name.map { pass($0) ? String($0) : replace }.joined()) }
        case .lowerToUpper: return names.map { $0.uppercased() }
        case .upperToLower: return names.map { $0.lowercased() }
        case .regexReplace(let regex, let template):
            return names.map { name in
                regex.stringByReplacingMatches(
                    in: name, range: NSRange(name.startIndex..., in: name), withTemplate: template)
            }
        case .truncate(let length): return names.map { String($0.prefix(max(0, length))) }
        case .uniqueNumberSuffix(let rule): return try rule.apply(names)
        }
    }
}
