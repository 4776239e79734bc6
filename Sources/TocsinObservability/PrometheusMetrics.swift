import CoreMetrics
import Prometheus

/// Tocsin's Prometheus setup: one registry behind swift-metrics, with buckets fitted to its histograms.
public enum PrometheusMetrics {
    /// Scoring one item takes tens of microseconds; the tail up to 100 ms shows pathological items.
    public static let scoringBuckets: [Duration] = [
        .microseconds(10), .microseconds(25), .microseconds(50), .microseconds(100), .microseconds(250),
        .microseconds(500), .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100),
    ]

    /// From publication to acknowledged alert: milliseconds when caught up, minutes after a backlog or outage.
    public static let endToEndBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500),
        .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600),
    ]

    /// A swift-metrics factory that records into `registry`.
    public static func makeFactory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            "tocsin_scoring_duration_seconds": scoringBuckets,
            "tocsin_end_to_end_seconds": endToEndBuckets,
        ]
        return factory
    }

}

/// The metrics served at `/metrics`: a Prometheus registry, fed through swift-metrics once bootstrapped.
public final class MetricsRegistry: Sendable {
    let prometheus = PrometheusCollectorRegistry()

    public init() {}

    /// Makes this registry the process's swift-metrics backend; call once, before any metric is created
    /// (metrics made earlier stay no-ops).
    public func bootstrap() { MetricsSystem.bootstrap(factory) }

    /// A factory recording into this registry, for metrics made without bootstrapping (tests).
    public var factory: any MetricsFactory { PrometheusMetrics.makeFactory(registry: prometheus) }

    /// The Prometheus text exposition of every metric.
    public func render() -> [UInt8] { prometheus.emitToBuffer() }
}
