/// A cron4j scheduling pattern, the language of Digdag's `cron>` and of the schedules built on it.
///
/// Five fields separated by spaces or tabs: minute (0-59), hour (0-23), day of month (1-31, or `L`
/// for the last day of the month), month (1-12 or `jan`...`dec`) and day of week (0-7 with 0 and 7
/// both Sunday, or `sun`...`sat`). A field is `*` or a comma list of elements; an element is a value,
/// a range `a-b` (wrapping around when `a > b`), or either of these (or `*`) followed by a step `/n`,
/// which keeps every n-th value of the range. Names are case-insensitive. Several patterns can be
/// joined with `|`: a time matches when any of them matches.
///
/// As in cron4j (and unlike Vixie cron), a time matches a pattern only when **all five fields**
/// match: `0 0 13 * fri` is Friday the 13th, not every 13th and every Friday.
public struct CronPattern: Sendable, Equatable, CustomStringConvertible {
    /// The pattern as written.
    public let text: String
    /// The `|`-separated alternatives.
    let alternatives: [Fields]

    /// One alternative's allowed values, one bit per value.
    struct Fields: Sendable, Equatable {
        /// Bit n: minute n.
        var minutes: UInt64
        /// Bit n: hour n.
        var hours: UInt64
        /// Bit n: day n of the month; bit 32: the last day of the month (`L`).
        var days: UInt64
        /// Bit n: month n (1-12).
        var months: UInt64
        /// Bit n: day of week n (0 = Sunday ... 6 = Saturday; bit 7 can be set but never matches).
        var weekdays: UInt64
    }

    /// Parses a pattern; the error names the pattern, the field and the offending element.
    public init(_ text: String) throws(ConfigError) {
        self.text = text
        let patterns = JavaStringRules.tokens(Substring(text), ["|"])
        guard !patterns.isEmpty else { throw ConfigError("Invalid cron pattern \"\(text)\": it is empty") }
        var alternatives: [Fields] = []
        for pattern in patterns {
            let fields = JavaStringRules.tokens(pattern, [" ", "\t"])
            guard fields.count == 5 else {
                throw ConfigError(
                    "Invalid cron pattern \"\(pattern)\": expected 5 fields (minute hour day-of-month month day-of-week)"
                        + " but got \(fields.count)")
            }
            var values: [UInt64] = []
            for (field, kind) in zip(fields, FieldKind.allCases) {
                do {
                    values.append(try kind.parse(field))
                } catch {
                    throw ConfigError("Invalid cron pattern \"\(pattern)\": \(kind.name) field \"\(field)\": \(error.message)")
                }
            }
            alternatives.append(
                Fields(minutes: values[0], hours: values[1], days: values[2], months: values[3], weekdays: values[4]))
        }
        self.alternatives = alternatives
    }

    /// The pattern as written.
    public var description: String { text }

    /// The five kinds of fields, in pattern order.
    enum FieldKind: CaseIterable {
        case minute, hour, dayOfMonth, month, dayOfWeek

        var name: String {
            switch self {
            case .minute: "minutes"
            case .hour: "hours"
            case .dayOfMonth: "days of month"
            case .month: "months"
            case .dayOfWeek: "days of week"
            }
        }

        /// The range that `*` stands for.
        var bounds: ClosedRange<Int> {
            switch self {
            case .minute: 0...59
            case .hour: 0...23
            case .dayOfMonth: 1...31
            case .month: 1...12
            case .dayOfWeek: 0...7
            }
        }

        private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        private static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

        /// One value: a number in range, or a name (`L`, `jan`, `mon`).
        func value(_ text: Substring) throws(ConfigError) -> Int {
            if let number = JavaStringRules.parseInt(text), bounds.contains(number) {
                return self == .dayOfWeek ? number % 7 : number
            }
            let lower = text.lowercased()
            switch self {
            case .dayOfMonth where lower == "l": return 32
            case .month: if let index = Self.monthNames.firstIndex(of: lower) { return index + 1 }
            case .dayOfWeek: if let index = Self.dayNames.firstIndex(of: lower) { return index }
            default: break
            }
            if JavaStringRules.parseInt(text) != nil {
                throw ConfigError("value \"\(text)\" is out of range \(bounds.lowerBound)-\(bounds.upperBound)")
            }
            throw ConfigError("invalid value \"\(text)\"")
        }

        /// The bit set of a whole field.
        func parse(_ field: Substring) throws(ConfigError) -> UInt64 {
            if field == "*" { return bits(Array(bounds)) }
            var all: [Int] = []
            for element in JavaStringRules.tokens(field, [","]) {
                let parts = JavaStringRules.tokens(element, ["/"])
                guard parts.count == 1 || parts.count == 2 else { throw ConfigError("syntax error in \"\(element)\"") }
                var values = try range(parts[0])
                if parts.count == 2 {
                    guard let step = JavaStringRules.parseInt(parts[1]) else {
                        throw ConfigError("invalid step \"\(parts[1])\"")
                    }
                    guard step >= 1 else { throw ConfigError("step must be positive but got \(step)") }
                    values = stride(from: 0, to: values.count, by: step).map { values[$0] }
                }
                all += values
            }
            guard !all.isEmpty else { throw ConfigError("no values") }
            return bits(all)
        }

        /// `*`, `a` or `a-b`; a range with `a > b` wraps around the field's bounds.
        private func range(_ text: Substring) throws(ConfigError) -> [Int] {
            if text == "*" { return Array(bounds) }
            let ends = JavaStringRules.tokens(text, ["-"])
            guard ends.count == 1 || ends.count == 2 else { throw ConfigError("syntax error in \"\(text)\"") }
            let first = try value(ends[0])
            guard ends.count == 2 else { return [first] }
            let last = try value(ends[1])
            if first <= last { return Array(first...last) }
            let head = first <= bounds.upperBound ? Array(first...bounds.upperBound) : []
            return head + Array(bounds.lowerBound...last)
        }

        private func bits(_ values: [Int]) -> UInt64 {
            values.reduce(0) { $0 | (1 << UInt64($1)) }
        }
    }
}
