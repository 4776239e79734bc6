import Foundation
import TocsinRules

/// The region engine's settings (YAML section `regions:`); durations are in seconds. The README's
/// "Region escalation" section explains each one.
public struct RegionConfig: Sendable, Equatable {
    /// How far back stories count toward the index (default 24 h).
    public var window: TimeInterval = 24 * 3600
    /// A story's contribution halves every `halfLife` (default 6 h).
    public var halfLife: TimeInterval = 6 * 3600
    /// The history the baseline is taken from, the current window included (default 14 days).
    public var baselineWindow: TimeInterval = 14 * 86_400
    /// A surge is an index at least this many times the baseline (default 2.0, a rise of 100%).
    public var surgeRatio: Double = 2.0
    /// The least baseline a surge is measured against, in index points (default 4), so a quiet
    /// region's first report is not an infinite rise: with the defaults a quiet region surges at 8.
    public var baselineFloor: Double = 4
    /// A surge raises the level by one tier, to at most `high` (default true).
    public var surgeRaisesTier = true
    /// Index at which each tier starts (defaults: low 3, medium 8, high 15, critical 25).
    public var thresholds = Thresholds()
    /// A region keeps its tier until the index falls this fraction below the tier's threshold
    /// (default 0.2: a `medium` at 8 holds down to 6.4); a surge likewise ends this far below the
    /// surge level. Stops a value hovering at a threshold from flapping.
    public var hysteresisMargin: Double = 0.2
    /// An alert of the same region, type and tier as one sent less than this long ago is
    /// suppressed (default 6 h).
    public var suppressionInterval: TimeInterval = 6 * 3600
    /// Two items are copies of one story when their fingerprints agree on at least this share of
    /// their 64 bits (default 0.78, at most 14 bits apart; copies measure about 10, unrelated texts
    /// about 32).
    public var similarityThreshold: Double = 0.78
    /// ...and the item is no further than this from the story's first report (default 48 h).
    public var dedupWindow: TimeInterval = 48 * 3600
    /// Distinct sources the window's stories need between them for `critical`; fewer caps the
    /// level at `high` (default 2).
    public var minSourcesForCritical = 2
    /// Most items an alert lists as `drivers` (default 5).
    public var maxDrivers = 5

    /// The most fingerprint bits two copies of one story may differ in.
    public var dedupMaxDistance: Int {
        guard similarityThreshold.isFinite else { return 0 }
        // A hair of tolerance so 0.78 means 14 bits, not 13 by float rounding.
        return Int(((1 - min(max(similarityThreshold, 0), 1)) * 64 + 1e-9).rounded(.down))
    }

    /// The lowest index that keeps `tier` once reached.
    func holdLevel(for tier: Severity) -> Double { thresholds.value(for: tier) * (1 - hysteresisMargin) }

    /// Where each tier starts on the index.
    public struct Thresholds: Sendable, Equatable {
        public var low: Double = 3
        public var medium: Double = 8
        public var high: Double = 15
        public var critical: Double = 25

        public init(low: Double = 3, medium: Double = 8, high: Double = 15, critical: Double = 25) {
            self.low = low
            self.medium = medium
            self.high = high
            self.critical = critical
        }

        /// The threshold of a tier above `none` (0 for `none`).
        public func value(for tier: Severity) -> Double {
            switch tier {
            case .none: 0
            case .low: low
            case .medium: medium
            case .high: high
            case .critical: critical
            }
        }

        /// The highest tier whose threshold `index` reaches.
        public func tier(for index: Double) -> Severity {
            if index >= critical { return .critical }
            if index >= high { return .high }
            if index >= medium { return .medium }
            if index >= low { return .low }
            return .none
        }
    }

    public init() {}

    /// What is wrong with these settings, one message each; empty when they are usable.
    public func validate() -> [String] {
        var problems: [String] = []
        func positive(_ value: Double, _ name: String) {
            if !(value > 0 && value.isFinite) { problems.append("\(name) must be a positive number (got \(value))") }
        }
        positive(window, "window")
        positive(halfLife, "half_life")
        positive(baselineWindow, "baseline_window")
        positive(dedupWindow, "dedup_window")
        positive(baselineFloor, "baseline_floor")
        if window > 0, baselineWindow <= window {
            problems.append("baseline_window (\(baselineWindow) s) must be longer than window (\(window) s)")
        }
        if dedupWindow > baselineWindow {
            problems.append("dedup_window (\(dedupWindow) s) must not be longer than baseline_window (\(baselineWindow) s)")
        }
        if !(surgeRatio > 1 && surgeRatio.isFinite) { problems.append("surge_ratio must be above 1 (got \(surgeRatio))") }
        let t = thresholds
        if ![t.low, t.medium, t.high, t.critical].allSatisfy({ $0 > 0 && $0.isFinite }) {
            problems.append("thresholds must be positive numbers")
        } else if !(t.low < t.medium && t.medium < t.high && t.high < t.critical) {
            problems.append("thresholds must ascend: low < medium < high < critical (got \(t.low), \(t.medium), \(t.high), \(t.critical))")
        }
        if !(hysteresisMargin >= 0 && hysteresisMargin < 1) {
            problems.append("hysteresis_margin must be at least 0 and below 1 (got \(hysteresisMargin))")
        }
        if !(suppressionInterval >= 0 && suppressionInterval.isFinite) {
            problems.append("suppression_interval must be zero or more (got \(suppressionInterval))")
        }
        if !(similarityThreshold >= 0 && similarityThreshold <= 1) {
            problems.append("similarity_threshold must be between 0 and 1 (got \(similarityThreshold))")
        }
        if minSourcesForCritical < 1 { problems.append("min_sources_for_critical must be at least 1 (got \(minSourcesForCritical))") }
        if maxDrivers < 1 { problems.append("max_drivers must be at least 1 (got \(maxDrivers))") }
        return problems
    }
}
