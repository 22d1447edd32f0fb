/// A duration written as Digdag's `DurationParam` accepts it: days, hours, minutes and seconds,
/// each optional but in that order and at least one, such as `1d`, `3m`, `2h 30m` or `1d12h`.
/// Units are case-insensitive; spaces are allowed around numbers and units.
public struct DurationParam: Sendable, Hashable, CustomStringConvertible {
    /// The whole length in seconds.
    public let seconds: Int64

    /// A duration of `seconds` seconds.
    public init(seconds: Int64) {
        self.seconds = seconds
    }

    /// Parses `1d 2h 3m 4s` forms; nil when the text is not one.
    public init?(parsing text: String) {
        var rest = Substring(text)
        var total: Int64 = 0
        var found = false
        for (unit, scale) in [("d", Int64(86_400)), ("h", 3600), ("m", 60), ("s", 1)] {
            var probe = rest.drop(while: \.isWhitespace)
            let digits = probe.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty else { continue }
            probe = probe.dropFirst(digits.count).drop(while: \.isWhitespace)
            guard let letter = probe.first, letter.lowercased() == unit else { continue }
            guard let value = Int64(digits) else { return nil }
            let (scaled, overflow) = value.multipliedReportingOverflow(by: scale)
            let (sum, overflowSum) = total.addingReportingOverflow(scaled)
            guard !overflow, !overflowSum else { return nil }
            total = sum
            found = true
            rest = probe.dropFirst()
        }
        guard found, rest.allSatisfy(\.isWhitespace) else { return nil }
        seconds = total
    }

    /// Digdag's canonical text, e.g. `1d 2h` (empty for zero).
    public var description: String {
        let days = seconds / 86_400, hours = seconds % 86_400 / 3600
        let minutes = seconds % 3600 / 60, secs = seconds % 60
        return [(days, "d"), (hours, "h"), (minutes, "m"), (secs, "s")]
            .filter { $0.0 != 0 }
            .map { "\($0.0)\($0.1)" }
            .joined(separator: " ")
    }
}
