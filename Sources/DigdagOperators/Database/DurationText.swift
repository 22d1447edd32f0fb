import DigdagCore

/// Digdag's duration syntax (`Durations.parseDuration`): `1d 2h 3m 4s`, any part optional
/// but at least one, case-insensitive, whitespace allowed between parts.
package enum DurationText {
    /// The number of seconds `text` stands for, or nil when it is not a duration.
    package static func seconds(_ text: String) -> Int64? {
        var scalars = Substring(text)
        var total: Int64 = 0
        var matched = false
        for (unit, factor) in [("d", Int64(86_400)), ("h", 3_600), ("m", 60), ("s", 1)] {
            let rest = scalars.drop(while: \.isWhitespace)
            let digits = rest.prefix(while: \.isASCIIDigitCharacter)
            guard !digits.isEmpty else { continue }
            let afterDigits = rest.dropFirst(digits.count).drop(while: \.isWhitespace)
            guard let first = afterDigits.first, first.lowercased() == unit else { continue }
            guard let value = Int64(digits) else { return nil }
            let (product, overflow) = value.multipliedReportingOverflow(by: factor)
            guard !overflow else { return nil }
            total += product
            matched = true
            scalars = afterDigits.dropFirst()
        }
        guard matched, scalars.allSatisfy(\.isWhitespace) else { return nil }
        return total
    }

    /// A duration option: the secret's text wins, then the param, then `defaultSeconds`.
    static func option(
        _ key: String, secret: String?, params: Config, defaultSeconds: Int64
    ) throws -> Int64 {
        let text: String
        if let secret {
            text = secret
        } else {
            guard let value = params[key], !value.isNull else { return defaultSeconds }
            text = try ParamReader.string(value, key: key)
        }
        guard let seconds = seconds(text) else {
            throw ConfigError("Invalid duration for key '\(key)': \(text)")
        }
        return seconds
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
