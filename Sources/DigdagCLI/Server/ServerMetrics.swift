import Foundation
import CoreMetrics
import Prometheus

/// The Prometheus backend of swift-metrics for `digdag server`: bootstrapped once per process,
/// read by `GET /metrics`. Names follow Prometheus conventions (`digdag_...`, `_total`,
/// `_seconds`); Hummingbird's request metrics are renamed to `digdag_http_*` with the labels
/// `route`, `method` and `status`.
enum ServerMetrics {
    private static let registry = PrometheusCollectorRegistry()

    /// Bootstraps swift-metrics (first call only) and returns the text exposition.
    static func bootstrap() -> @Sendable () -> [UInt8] {
        _ = bootstrapped
        return { registry.emitToBuffer() }
    }

    private static let bootstrapped: Void = {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.nameAndLabelSanitizer = { name, labels in (metricName(name), labels.map { (labelName($0.0), $0.1) }) }
        factory.durationHistogramBuckets = [
            "digdag_attempt_duration_seconds": [0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600, 14400].map(seconds),
            "digdag_schedule_lateness_seconds": [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 60, 300].map(seconds),
        ]
        MetricsSystem.bootstrap(factory)
    }()

    private static func seconds(_ value: Double) -> Duration { .milliseconds(Int64(value * 1000)) }

    private static func metricName(_ name: String) -> String {
        switch name {
        case "hb.requests": "digdag_http_requests_total"
        case "hb.request.errors": "digdag_http_request_errors_total"
        case "http.server.request.duration": "digdag_http_request_duration_seconds"
        case "http.server.active_requests": "digdag_http_active_requests"
        default: underscored(name)
        }
    }

    private static func labelName(_ name: String) -> String {
        switch name {
        case "http.route": "route"
        case "http.request.method": "method"
        case "http.response.status_code", "error.type": "status"
        default: underscored(name)
        }
    }

    /// `name` with `_` for each `.` (called for every metric made, so no Foundation bridging).
    private static func underscored(_ name: String) -> String {
        name.utf8.contains(UInt8(ascii: ".")) ? String(name.map { $0 == "." ? "_" : $0 }) : name
    }
}
