import Dispatch
import Foundation
import Metrics
import TocsinKafka
import TocsinRules

// The pipeline's metrics, through the swift-metrics API (the CLI bootstraps Prometheus; without it
// they are no-ops). Each object is made once per label set, so per-message work is an increment.

/// One stage's counters: messages consumed, dead letters, rebalances, partitions held.
struct StageMetrics: Sendable {
    let consumed: Counter
    let deadLetters: Counter
    private let assigns: Counter
    private let revokes: Counter
    private let partitions: Gauge

    init(stage: String) {
        consumed = Counter(label: "tocsin_items_consumed_total", dimensions: [("stage", stage)])
        deadLetters = Counter(label: "tocsin_dead_letters_total", dimensions: [("stage", stage)])
        assigns = Counter(label: "tocsin_rebalances_total", dimensions: [("stage", stage), ("kind", "assign")])
        revokes = Counter(label: "tocsin_rebalances_total", dimensions: [("stage", stage), ("kind", "revoke")])
        partitions = Gauge(label: "tocsin_partitions_assigned", dimensions: [("stage", stage)])
        partitions.record(0)
    }

    func rebalanced(_ event: RebalanceEvent, assigned: Int) {
        switch event {
        case .assigned: assigns.increment()
        case .revoked: revokes.increment()
        }
        partitions.record(assigned)
    }
}

/// `tocsin_alerts_total` for some alert types, one counter per type and severity.
struct AlertCounters: Sendable {
    private let counters: [String: [Severity: Counter]]

    init(types: [String]) {
        counters = Dictionary(uniqueKeysWithValues: types.map { type in
            (type, Dictionary(uniqueKeysWithValues: Severity.allCases.map { severity in
                (severity, Counter(label: "tocsin_alerts_total", dimensions: [("type", type), ("severity", severity.rawValue)]))
            }))
        })
    }

    func increment(type: String, severity: Severity) { counters[type]?[severity]?.increment() }
}

/// The scoring stage's per-item metrics: time to decode and score, item alerts by severity.
struct ScoringMetrics: Sendable {
    private let duration = Metrics.Timer(label: "tocsin_scoring_duration_seconds")
    private let alerts = AlertCounters(types: ["item"])

    /// A start time for `scored(since:)`; monotonic and cheap (no allocation).
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    func scored(since start: UInt64) { duration.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds &- start)) }

    func alert(_ severity: Severity) { alerts.increment(type: "item", severity: severity) }
}

/// Delivery errors, and end-to-end latency: from an input message's Kafka timestamp (when the
/// item was published to the input topic) to the acknowledgement of its item alert.
final class DeliveryMetrics: @unchecked Sendable {
    // @unchecked: `pending` is guarded by `lock`; the metric objects are thread-safe.
    private let errors = Counter(label: "tocsin_delivery_errors_total")
    private let endToEnd = Metrics.Timer(label: "tocsin_end_to_end_seconds")
    private let lock = NSLock()
    /// Producer tokens of item alerts awaiting acknowledgement, with their input's timestamp (ms).
    private var pending: [UInt64: Int64] = [:]

    /// Notes the item alerts among records handed over under consecutive tokens from `first`.
    func track(first: UInt64, _ published: [(index: Int, millis: Int64)]) {
        guard !published.isEmpty else { return }
        lock.withLock { for entry in published { pending[first + UInt64(entry.index)] = entry.millis } }
    }

    /// Counts failed reports (retried or not) and times the acknowledged item alerts.
    func settle(_ reports: [DeliveryReport]) {
        let failed = reports.lazy.filter { $0.error != nil }.count
        if failed > 0 { errors.increment(by: failed) }
        let published: [Int64] = lock.withLock {
            guard !pending.isEmpty else { return [] }
            return reports.compactMap { $0.error == nil ? pending.removeValue(forKey: $0.token) : nil }
        }
        guard !published.isEmpty else { return }
        let nowMillis = Int64(Date().timeIntervalSince1970 * 1000)
        // Clocks of the news producer and this host may disagree: never record a negative latency.
        for millis in published { endToEnd.recordNanoseconds(max(0, nowMillis - millis) * 1_000_000) }
    }
}
