/// Digdag's `_retry` rules: `N`, or `{limit, interval, interval_type, max_interval}`. Beyond
/// Digdag (whose intervals are whole seconds only, its issue 1703), `interval` and `max_interval`
/// may also be durations such as `30s`, `10m`, `1h` or `1d 2h`.
public struct RetryPolicy: Equatable, Sendable {
    /// How many retries are allowed.
    public var limit: Int
    /// Seconds before the first retry.
    public var interval: Int
    /// Doubling intervals when true.
    public var exponential: Bool
    /// Cap for exponential intervals.
    public var maxInterval: Int?
    /// Retries done so far (`retry_count` in the state params).
    public var retryCount: Int
    /// The state params the policy was read from.
    public var stateParams: Config

    /// Reads `_retry` from a (merged) config. Without `_retry`, the limit is 3 when
    /// `enabledByDefault`, else 0.
    public static func read(_ config: Config, stateParams: Config, enabledByDefault: Bool) -> Result<
        RetryPolicy, ConfigError
    > {
        let count = stateParams["retry_count"].flatMap(ConfigCoercion.int).map(Int.init) ?? 0
        var policy = RetryPolicy(
            limit: enabledByDefault ? 3 : 0, interval: 0, exponential: false, maxInterval: nil, retryCount: count,
            stateParams: stateParams)
        switch config["_retry"] {
        case nil:
            return .success(policy)
        case .int, .double, .string:
            guard let limit = config["_retry"].flatMap(ConfigCoercion.int) else {
                return .failure(ConfigError("Invalid _retry format:\(JSONText.compact(config["_retry"]!))"))
            }
            policy.limit = Int(limit)
        case .object(let retry):
            guard let limit = retry["limit"].flatMap(ConfigCoercion.int) else {
                return .failure(ConfigError("Parameter 'limit' is required but not set"))
            }
            policy.limit = Int(limit)
            do {
                policy.interval = try seconds(retry["interval"], key: "interval") ?? 0
                policy.maxInterval = try seconds(retry["max_interval"], key: "max_interval")
            } catch {
                return .failure(error)
            }
            if let type = retry["interval_type"]?.textValue {
                switch type.lowercased() {
                case "constant": policy.exponential = false
                case "exponential": policy.exponential = true
                default: return .failure(ConfigError("Invalid retry_interval_type: \(type)"))
                }
            }
        case let other?:
            return .failure(ConfigError("Invalid _retry format:\(JSONText.compact(other))"))
        }
        return .success(policy)
    }

    /// Seconds given as a number (Digdag) or a duration text; nil when absent.
    private static func seconds(_ value: ConfigValue?, key: String) throws(ConfigError) -> Int? {
        guard let value, !value.isNull else { return nil }
        if let number = ConfigCoercion.int(value), number >= 0, number <= Int64(Int32.max) { return Int(number) }
        if case .string(let text) = value, let duration = DurationParam(parsing: text),
            duration.seconds <= Int64(Int32.max)
        {
            return Int(duration.seconds)
        }
        throw ConfigError(
            "Expected seconds or a duration such as 30s, 10m or 1h for key '\(key)' but got \(JSONText.compact(value))")
    }

    /// True while retries remain.
    public var shouldRetry: Bool { limit > retryCount }

    /// Seconds to wait before the next retry.
    public var nextInterval: Int {
        guard exponential else { return interval }
        let shifted = retryCount >= 31 ? Int.max / 2 : interval * (1 << retryCount)
        return maxInterval.map { min(shifted, $0) } ?? shifted
    }

    /// State params for the next try (`retry_count` + 1).
    public var nextStateParams: Config {
        var next = stateParams
        next["retry_count"] = .int(Int64(retryCount + 1))
        return next
    }
}
