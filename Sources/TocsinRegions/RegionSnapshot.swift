import Foundation
import TocsinRules

/// A region's figures at one moment, for inspection, metrics and tests.
public struct RegionSnapshot: Sendable, Equatable {
    public var region: String
    public var time: Date
    /// The escalation index at `time` (unrounded).
    public var index: Double
    public var baseline: Double
    /// Whether `index` is at least `surgeRatio` times the baseline (or its floor) at `time`,
    /// without the hysteresis that alerts apply.
    public var surge: Bool
    /// The level the region last reached (what its latest alert, sent or suppressed, said).
    public var level: Severity
    public var corroboration: Int
    public var stories: Int
    public var items: Int
}

extension RegionEngine {
    /// The region's figures at `time` (default: its clock), without changing anything; nil for
    /// a region the engine does not hold.
    public func snapshot(of region: String, at time: Date? = nil) -> RegionSnapshot? {
        guard let state = regions[region] else { return nil }
        let now = time.map(EventTime.millis) ?? state.clock
        let index = state.index(now: now, settings: settings)
        let baseline = state.baseline(now: now, historyStart: state.firstTime, settings: settings)
        return RegionSnapshot(
            region: region, time: EventTime.date(now), index: index, baseline: baseline,
            surge: index >= config.surgeRatio * max(baseline, config.baselineFloor), level: state.level,
            corroboration: state.sources(now: now, settings: settings),
            stories: state.windowRange(now: now, settings: settings).count, items: state.items(now: now, settings: settings))
    }
}
