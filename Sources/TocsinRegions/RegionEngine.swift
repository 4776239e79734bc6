import Foundation
import TocsinRules

/// The region stage: turns item signals into region escalation alerts. Pure and deterministic:
/// its only clock is the signals' event times (and `advance(to:)`), so the same calls in the same
/// order give the same alerts, ids included.
///
/// Feed it each region's signals in topic order with `ingest(_:emit:)`. To rebuild after a
/// partition is assigned, replay the partition's history with `emit: false` (state advances,
/// nothing is returned), then continue with `emit: true`. Call `advance(to:)` now and then, so
/// regions that fall quiet decay, de-escalate, resolve and are eventually dropped.
public struct RegionEngine: Sendable {
    public let config: RegionConfig
    /// Copied into every alert as `rules_version`, and part of its id; a rule reload changes it.
    public var rulesVersion: String?
    let settings: Settings
    var regions: [String: RegionState] = [:]

    /// Throws when `config.validate()` finds problems; fix the `regions:` section as they say.
    public init(config: RegionConfig = RegionConfig(), rulesVersion: String? = nil) throws(RegionConfigError) {
        let problems = config.validate()
        guard problems.isEmpty else { throw RegionConfigError(problems.map { RegionConfigProblem(key: nil, message: $0) }) }
        self.config = config
        self.rulesVersion = rulesVersion
        settings = Settings(config)
    }

    /// Takes in one signal and returns the alert it triggers, if any (empty when `emit` is false).
    ///
    /// Ignored: an item id the region already holds (a redelivery), and a signal older than the
    /// region's clock minus the baseline window (too late to count). An older signal within that
    /// is counted at its own time; the region is evaluated at its clock, the latest time it saw.
    @discardableResult
    public mutating func ingest(_ signal: RegionSignal, emit: Bool = true) -> [RegionAlert] {
        let time = EventTime.millis(signal.eventTime)
        // Taken out of the dictionary while it changes: a copy that the dictionary still shared
        // would make the first change copy all of the region's stories and item ids.
        let held = regions.removeValue(forKey: signal.region)
        var state = held ?? RegionState(name: signal.region, time: time)
        let now = max(state.clock, time)
        guard !state.contains(itemID: signal.itemID), time >= now - settings.baselineWindow else {
            if let held { regions[signal.region] = held }
            return []
        }
        state.clock = now
        state.prune(now: now, settings: settings)
        state.add(signal, time: time, settings: settings)
        let alert = evaluate(&state, now: now, triggerID: signal.itemID, triggerTime: time, eventTime: time)
        regions[signal.region] = state
        return emit ? alert.map { [$0] } ?? [] : []
    }

    /// Replays history without emitting: `ingest(_:emit: false)` for each signal, in order.
    public mutating func replay<Signals: Sequence>(_ signals: Signals) where Signals.Element == RegionSignal {
        for signal in signals { ingest(signal, emit: false) }
    }

    /// Moves every region's clock forward to `time` (regions already past it are left alone),
    /// returning the alerts decay causes, by region name; drops regions left with nothing.
    ///
    /// An alert raised here is attributed to the region's latest item, so its id does not depend
    /// on when the tick came. Pass event time (e.g. the latest event time the stage has seen), or
    /// wall-clock time when the stream is live and may pause.
    @discardableResult
    public mutating func advance(to time: Date, emit: Bool = true) -> [RegionAlert] {
        let now = EventTime.millis(time)
        var alerts: [RegionAlert] = []
        for name in regions.keys.sorted() {
            guard let clock = regions[name]?.clock, clock < now, var state = regions.removeValue(forKey: name) else { continue }
            state.clock = now
            state.prune(now: now, settings: settings)
            if let alert = evaluate(&state, now: now, triggerID: state.lastItemID, triggerTime: state.lastItemTime, eventTime: now), emit {
                alerts.append(alert)
            }
            regions[name] = state.isIdle ? nil : state
        }
        return alerts
    }

    /// The regions held, sorted.
    public var regionNames: [String] { regions.keys.sorted() }

    /// Whether `region` holds `itemID` (a redelivery of it would be ignored).
    public func contains(itemID: String, region: String) -> Bool {
        regions[region]?.contains(itemID: itemID) ?? false
    }
}
