import Foundation
import TocsinKafka
import TocsinRegions

/// One partition of the signals topic as the region stage holds it: a region engine and the
/// partition's event-time clock (the latest event time seen in it).
///
/// Rebuilding and live processing go through the same `apply`, so a rebuilt engine is in exactly
/// the state the previous owner's was after the same messages, and continues with the same ids.
struct PartitionRegions: Sendable {
    private(set) var engine: RegionEngine
    /// The latest event time among the partition's signals; nil before the first.
    private(set) var clock: Date?
    /// Signals taken in (replayed or live), and messages skipped as not being signals.
    private(set) var applied = 0
    private(set) var skipped = 0

    init(config: RegionConfig, rulesVersion: String?) throws(RegionConfigError) {
        engine = try RegionEngine(config: config, rulesVersion: rulesVersion)
    }

    /// Region alerts from now on carry `version` (after a rule reload); the regions' state stays.
    mutating func useRulesVersion(_ version: String?) {
        if engine.rulesVersion != version { engine.rulesVersion = version }
    }

    /// When the partition's engine ticks.
    private var ticks = EventTimeTicks()

    /// Takes in one signal, then, when the partition's clock entered a new `EventTimeTicks` step,
    /// ticks every region to the start of that step (quiet regions decay, de-escalate and resolve).
    ///
    /// Ticks are decided per message, not per batch: batch boundaries differ between runs, message
    /// order in a partition does not, so every owner of the partition makes the same calls.
    mutating func apply(_ signal: RegionSignal, emit: Bool) -> [RegionAlert] {
        applied += 1
        var alerts = engine.ingest(signal, emit: emit)
        if clock.map({ signal.eventTime > $0 }) ?? true { clock = signal.eventTime }
        if let tick = ticks.tick(for: signal.eventTime) { alerts += engine.advance(to: tick, emit: emit) }
        return alerts
    }

    /// Replays history without emitting; messages that are not signals are skipped (they were
    /// dead-lettered when first consumed).
    mutating func replay(_ messages: [ConsumedMessage]) {
        for message in messages {
            guard let signal = try? RegionSignal(json: message.value) else {
                skipped += 1
                continue
            }
            _ = apply(signal, emit: false)
        }
    }
}
