import Foundation

extension ScheduleDefinition {
    /// Parses the value of a workflow's `schedule:` key, which must be an object.
    public init(value: ConfigValue, timeZone: TimeZone) throws(ConfigError) {
        guard case .object(let config) = value else {
            throw ConfigError(
                "Expected class io.digdag.client.config.Config for key 'schedule' but got \(Self.sample(value))"
                    + " (\(value.kindName))")
        }
        try self.init(config: config, timeZone: timeZone)
    }

    /// Parses a `schedule:` config in the workflow time zone.
    ///
    /// The type is the first key ending with `>` (its value is the argument) or `_type` (with the
    /// argument in `_command`). Errors use Digdag's wording where Digdag has one:
    /// `Schedule config requires 'type>: at' parameter: {...}`, `Unknown scheduler type: x`,
    /// `Parameter 'x' is not used at schedule. > Did you mean '[y]'?` (one line per unknown key),
    /// `daily> scheduler requires hh:mm:ss format: x`, `Invalid start: x (...)`,
    /// `The schedule of end is earlier than start`, `Expected ... for key 'k' but got ...`.
    public init(config: Config, timeZone: TimeZone) throws(ConfigError) {
        let form = try Form(config)
        try Self.checkUnusedKeys(config, form: form)
        var delay: Int64 = 0
        let rule: Rule
        switch form.kind {
        case .cron:
            let text = try Self.string(try form.requiredCommand(), key: "_command")
            let pattern = try CronPattern(text)
            guard pattern.matchesSometime else { throw ConfigError("Invalid cron pattern \"\(text)\": it never matches") }
            rule = .cron(pattern)
            delay = try Self.delay(config)
        case .minutesInterval:
            let minutes = try Self.int(try form.requiredCommand(), key: "_command")
            guard minutes >= 1 else {
                throw ConfigError("minutes_interval> requires a positive number of minutes but got \(minutes)")
            }
            rule = .cron(try CronPattern("*/\(minutes) * * * *"))
            delay = try Self.delay(config)
        case .secondsInterval:
            let seconds = try Self.int(try form.requiredCommand(), key: "_command")
            guard seconds >= 1 else {
                throw ConfigError("seconds_interval> requires a positive number of seconds but got \(seconds)")
            }
            rule = .secondsInterval(Int(seconds))
            delay = try Self.delay(config)
        case .hourly:
            let at = try form.atArgument(config)
            let parts = JavaStringRules.split(at, ":")
            let numbers = parts.compactMap(JavaStringRules.parseInt)
            guard parts.count == 2, numbers.count == 2 else {
                throw ConfigError("hourly>: scheduler requires mm:ss format: \(at)")
            }
            delay = Int64(numbers[0] * 60 + numbers[1])
            rule = .cron(try CronPattern("0 * * * *"))
        case .daily:
            delay = try Self.timeOfDay(try form.atArgument(config), kind: "daily>")
            rule = .cron(try CronPattern("0 0 * * *"))
        case .weekly:
            let text = try form.atArgument(config)
            let fragments = JavaStringRules.split(text, ",", limit: 2)
            let formatError = ConfigError("weekly>: scheduler requires day,hh:mm:ss format: \(text)")
            guard fragments.count == 2 else { throw formatError }
            let day = Self.javaTrim(fragments[0])
            if let number = JavaStringRules.parseInt(day), number < 0 { throw ConfigError("weekly>: invalid day: \(day)") }
            delay = try Self.timeOfDay(Self.javaTrim(fragments[1]), kind: "weekly>")
            guard let pattern = try? CronPattern("0 0 * * \(day)") else { throw formatError }
            rule = .cron(pattern)
        case .monthly:
            let text = try form.atArgument(config)
            let fragments = JavaStringRules.split(text, ",", limit: 2)
            guard fragments.count == 2, let day = JavaStringRules.parseInt(fragments[0]) else {
                throw ConfigError("monthly>: scheduler requires day,hh:mm:ss format: \(text)")
            }
            delay = try Self.timeOfDay(fragments[1], kind: "monthly>")
            guard (1...31).contains(day) else { throw ConfigError("monthly>: invalid day: \(day)") }
            rule = .cron(try CronPattern("0 0 \(day) * *"))
        }
        let start = try Self.startOfDay(config, key: "start", zone: timeZone, plusDays: 0)
        let end = try Self.startOfDay(config, key: "end", zone: timeZone, plusDays: 1)
        if let start, let end, start >= end { throw ConfigError("The schedule of end is earlier than start") }
        self.init(
            kind: form.kind, config: config, timeZone: timeZone, delaySeconds: delay, start: start, end: end,
            skipOnOvertime: try Self.skipOnOvertime(config), skipDelayedBy: try Self.skipDelayedBy(config),
            catchUp: try Self.catchUp(config), rule: rule)
    }

    /// Where the type and its argument were written.
    private struct Form {
        var kind: Kind
        /// `daily>` etc., or nil for the `_type:` form.
        var operatorKey: String?
        /// The argument: the operator key's value, or `_command`.
        var command: ConfigValue?

        init(_ config: Config) throws(ConfigError) {
            let type: String
            if let value = config["_type"] {
                type = try ScheduleDefinition.string(value, key: "_type")
                command = config["_command"]
            } else if let key = config.keys.first(where: { $0.hasSuffix(">") }) {
                type = String(key.dropLast())
                operatorKey = key
                command = config[key]
            } else {
                throw ConfigError("Schedule config requires 'type>: at' parameter: \(JSONText.compact(.object(config)))")
            }
            guard let kind = Kind(rawValue: type) else { throw ConfigError("Unknown scheduler type: \(type)") }
            self.kind = kind
        }

        /// Whether the argument is given (not absent, not null).
        var hasCommand: Bool { command.map { !$0.isNull } ?? false }

        func requiredCommand() throws(ConfigError) -> ConfigValue {
            guard let command else { throw ConfigError("Parameter '_command' is required but not set") }
            return command
        }

        /// The argument of hourly to monthly: the operator value, else `at:`.
        func atArgument(_ config: Config) throws(ConfigError) -> String {
            if hasCommand, let command { return try ScheduleDefinition.string(command, key: "_command") }
            guard let at = config["at"] else { throw ConfigError("Parameter 'at' is required but not set") }
            return try ScheduleDefinition.string(at, key: "at")
        }

        /// The keys this form may contain, in suggestion order.
        func allowedKeys() -> [String] {
            var keys = operatorKey.map { [$0] } ?? ["_type", "_command"]
            if kind.acceptsAt {
                if !hasCommand { keys.append("at") }
            } else {
                keys.append("delay")
            }
            return keys + ScheduleDefinition.commonKeys
        }
    }

    private static func checkUnusedKeys(_ config: Config, form: Form) throws(ConfigError) {
        let allowed = form.allowedKeys()
        let lines = config.keys.filter { !allowed.contains($0) }.map { key in
            let suggestions = EditDistance.suggest(key, among: allowed)
            let hint = suggestions.isEmpty ? "" : "> Did you mean '[\(suggestions.joined(separator: ", "))]'?"
            return "Parameter '\(key)' is not used at schedule. " + hint
        }
        if !lines.isEmpty { throw ConfigError(lines.joined(separator: "\n")) }
    }

    /// `HH:MM:SS` as seconds (`DailySchedulerFactory.parseAt`); fields may exceed their usual ranges.
    private static func timeOfDay(_ text: String, kind: String) throws(ConfigError) -> Int64 {
        let parts = JavaStringRules.split(text, ":")
        let numbers = parts.compactMap(JavaStringRules.parseInt)
        guard parts.count == 3, numbers.count == 3 else {
            throw ConfigError("\(kind) scheduler requires hh:mm:ss format: \(text)")
        }
        return Int64(numbers[0]) * 3600 + Int64(numbers[1]) * 60 + Int64(numbers[2])
    }

    /// `start:`/`end:` (`uuuu-MM-dd`, strict) as the instant the day (plus `plusDays`) begins.
    private static func startOfDay(_ config: Config, key: String, zone: TimeZone, plusDays: Int) throws(ConfigError) -> Date? {
        guard let value = config[key], !value.isNull else { return nil }
        let text = try string(value, key: key)
        let chars = Array(text)
        let digits = chars.enumerated().allSatisfy { index, c in index == 4 || index == 7 ? c == "-" : c.isASCII && c.isNumber }
        guard chars.count == 10, digits, let year = Int(String(chars[0..<4])), let month = Int(String(chars[5..<7])),
            let day = Int(String(chars[8..<10])), ZonedTime.at(year: year, month: month, day: day, zone: zone) != nil
        else { throw ConfigError("Invalid \(key): \(text) (Text '\(text)' could not be parsed)") }
        let (y, m, d) = ZonedTime.civil(fromDays: ZonedTime.daysFromCivil(year: year, month: month, day: day) + plusDays)
        return ZonedTime.at(year: y, month: m, day: d, zone: zone)
    }

    private static func delay(_ config: Config) throws(ConfigError) -> Int64 {
        guard let value = config["delay"], !value.isNull else { return 0 }
        guard let delay = ConfigCoercion.int(value) else {
            throw ConfigError("Expected integer (long) type for key 'delay' but got \(sample(value)) (\(value.kindName))")
        }
        return delay
    }

    private static func skipOnOvertime(_ config: Config) throws(ConfigError) -> Bool {
        guard let value = config["skip_on_overtime"], !value.isNull else { return false }
        guard let flag = ConfigCoercion.bool(value) else {
            throw ConfigError(
                "Expected 'true' or 'false' for key 'skip_on_overtime' but got \(sample(value)) (\(value.kindName))")
        }
        return flag
    }

    private static func skipDelayedBy(_ config: Config) throws(ConfigError) -> DurationParam? {
        guard let value = config["skip_delayed_by"], !value.isNull else { return nil }
        guard case .string(let text) = value, let duration = DurationParam(parsing: text) else {
            throw ConfigError(
                "Expected class io.digdag.util.DurationParam for key 'skip_delayed_by' but got \(sample(value))"
                    + " (\(value.kindName))")
        }
        return duration
    }

    private static func catchUp(_ config: Config) throws(ConfigError) -> CatchUpPolicy {
        guard let value = config["catch_up"], !value.isNull else { return .all }
        guard case .string(let text) = value, let policy = CatchUpPolicy(rawValue: text) else {
            throw ConfigError("catch_up must be 'all', 'latest' or 'none' but got \(sample(value))")
        }
        return policy
    }

    /// A value read as a Java `String`: scalars in their text form; objects and arrays are errors.
    static func string(_ value: ConfigValue, key: String) throws(ConfigError) -> String {
        switch value {
        case .null: throw ConfigError("Parameter '\(key)' is required but null")
        case .array, .object:
            throw ConfigError("Expected string type for key '\(key)' but got \(sample(value)) (\(value.kindName))")
        default: return value.textValue
        }
    }

    /// A value read as a Java `int`.
    private static func int(_ value: ConfigValue, key: String) throws(ConfigError) -> Int64 {
        if value.isNull { throw ConfigError("Parameter '\(key)' is required but null") }
        guard let number = ConfigCoercion.int(value), number >= Int64(Int32.min), number <= Int64(Int32.max) else {
            throw ConfigError("Expected integer (int) type for key '\(key)' but got \(sample(value)) (\(value.kindName))")
        }
        return number
    }

    /// Java's `String.trim()`: drops leading and trailing characters up to U+0020.
    private static func javaTrim(_ text: String) -> String {
        let isBlank: (Character) -> Bool = { $0.unicodeScalars.allSatisfy { $0.value <= 0x20 } }
        return String(text.drop(while: isBlank).reversed().drop(while: isBlank).reversed())
    }

    /// Compact JSON cut to 100 characters, as Digdag shows values in errors.
    private static func sample(_ value: ConfigValue) -> String {
        let json = JSONText.compact(value)
        return json.count < 100 ? json : String(json.prefix(97)) + "..."
    }
}
