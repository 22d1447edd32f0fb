/// Digdag's `_retry` rules: `N`, or `{limit, interval, interval_type, max_interval}`.
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
            policy.interval = retry["interval"].flatMap(ConfigCoercion.int).map(Int.init) ?? 0
            policy.maxInterval = retry["max_interval"].flatMap(ConfigCoercion.int).map(Int.init)
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
