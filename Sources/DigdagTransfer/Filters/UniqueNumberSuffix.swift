/// The rename rule `unique_number_suffix`: a name already taken by a column to its left gets
/// `<delimiter><number>`, the number counted per original name from `offset + 1`, skipping
/// numbers whose result is taken on the left or (with `esteem_original_names`, the default) is
/// any column's original name; `digits` pads the number with zeros, `max_length` cuts names
/// (before the suffix) so that they fit. `[c, c1, c1, c2, c, c3]` becomes
/// `[c, c1, c1_2, c2, c_2, c3]`.
struct UniqueNumberSuffix {
    let delimiter: String
    let digits: Int?
    let esteemOriginalNames: Bool
    let maxLength: Int?
    let offset: Int

    /// Names must fit at least this many characters when `max_length` is set.
    static let shortestMaxLength = 8

    init(_ config: PluginConfig) throws {
        delimiter = try config.string("delimiter", default: "_")
        digits = config["digits"] == nil ? nil : try config.int("digits", default: 0)
        esteemOriginalNames = try config.bool("esteem_original_names", default: true)
        maxLength = config["max_length"] == nil ? nil : try config.int("max_length", default: 0)
        offset = try config.int("offset", default: 1)
        guard delimiter.count == 1, !delimiter.allSatisfy(\.isNumber) else {
            throw TransferError.config("\"delimiter\" in rule \"unique_number_suffix\" must contain just 1 non-digit character")
        }
        if let maxLength, maxLength < Self.shortestMaxLength {
            throw TransferError.config(
                "\"max_length\" in rule \"unique_number_suffix\" must be larger than \(Self.shortestMaxLength - 1)")
        }
        if let maxLength, let digits, maxLength < digits {
            throw TransferError.config("\"max_length\" in rule \"unique_number_suffix\" must be larger than \"digits\"")
        }
    }

    /// The names made unique (`max_length` and `digits` must leave room for the largest number).
    func apply(_ names: [String]) throws -> [String] {
        let widest = String(names.count + offset - 1).count
        let room = "must be larger than digits of ((number of columns) + \"offset\" - 1)"
        if let maxLength, maxLength <= widest {
            throw TransferError.config("\"max_length\" in rule \"unique_number_suffix\" \(room)")
        }
        if let digits, digits <= widest {
            throw TransferError.config("\"digits\" in rule \"unique_number_suffix\" \(room)")
        }
        let limit = maxLength ?? Int.max
        let originals = Set(names)
        var next = Dictionary(names.map { ($0, offset) }, uniquingKeysWith: { first, _ in first })
        var taken: Set<String> = []
        var result: [String] = []
        for name in names {
            let cut = String(name.prefix(limit))
            if !taken.contains(cut) {
                next[name, default: offset] += 1
                taken.insert(cut)
                result.append(cut)
                continue
            }
            var number = next[name, default: offset]
            var candidate: String
            repeat {
                var digitsText = String(number)
                if let digits, digitsText.count < digits {
                    digitsText = String(repeating: "0", count: digits - digitsText.count) + digitsText
                }
                let suffix = delimiter + digitsText
                candidate = name + suffix
                if candidate.count > limit { candidate = String(name.prefix(max(0, limit - suffix.count))) + suffix }
                number += 1
            } while taken.contains(candidate) || (esteemOriginalNames && originals.contains(candidate))
            next[name] = number
            taken.insert(candidate)
            result.append(candidate)
        }
        return result
    }
}
