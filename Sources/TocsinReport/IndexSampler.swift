import Foundation
import TocsinRegions
import TocsinRules

/// Replays scored news through a region engine and records each region's index over time: the
/// curve that region alerts alone cannot draw (they come only when the tier changes).
///
/// Items go in input order, as in `tocsin score --regions`; after each one, when its event time
/// enters a new minute, every region is ticked to that minute, as one partition of the daemon's
/// region stage does, so quiet regions de-escalate and resolve. Samples are read without changing
/// the engine: just before and just after each signal (the jump), and every `step` in between
/// while a region's index is above zero (the decay). Nothing is ticked after the last item, so the
/// alerts are the daemon's; the curve still shows the tail decaying to zero.
public struct IndexSampler: Sendable {
    public private(set) var replay: RegionReplay
    public private(set) var samples: [IndexSample] = []
    /// Every region alert the replay raised, in order.
    public private(set) var alerts: [RegionAlert] = []
    /// Spacing of the samples between signals, in seconds.
    public let step: TimeInterval

    /// The region stage's ticks, so the replay raises the daemon's alerts.
    private var ticks = EventTimeTicks()
    /// Per region: the time of its latest sample and whether the index was zero there (then
    /// there is nothing to draw until its next signal).
    private var latest: [String: (time: Date, zero: Bool)] = [:]

    public init(replay: RegionReplay, step: TimeInterval = 1800) {
        self.replay = replay
        self.step = max(step, 60)
    }

    /// Feeds one scored item; returns the region alerts it (and the minute's tick) raised.
    @discardableResult
    public mutating func add(_ item: NewsItem, _ assessment: Assessment) -> [RegionAlert] {
        // The same event time RegionReplay gives the item.
        let time = item.publishedAt.flatMap(RegionSignal.eventTime(parsing:)) ?? replay.now
        guard let signal = RegionSignal(item: item, assessment: assessment, eventTime: time) else { return [] }
        sampleDecay(until: signal.eventTime)
        record(signal.region, at: signal.eventTime)
        var raised = replay.add(item, assessment)
        record(signal.region, at: nil)
        if let tick = ticks.tick(for: signal.eventTime) { raised += replay.finish(at: tick) }
        alerts += raised
        return raised
    }

    /// Samples every region's decay after the last item, until its index is zero.
    public mutating func finish() {
        let end = latest.values.map(\.time).max() ?? replay.now
        sampleDecay(until: end.addingTimeInterval(replay.engine.config.window + step))
    }

    /// Samples each region at the multiples of `step` after its latest sample and before `time`,
    /// stopping at the first zero.
    private mutating func sampleDecay(until time: Date) {
        for region in latest.keys.sorted() {
            guard let last = latest[region], !last.zero else { continue }
            var t = ((last.time.timeIntervalSince1970 / step).rounded(.down) + 1) * step
            while t < time.timeIntervalSince1970 {
                record(region, at: Date(timeIntervalSince1970: t))
                if latest[region]?.zero ?? true { break }
                t += step
            }
        }
    }

    /// Appends the region's index at `time` (nil: at its clock). A time before the region's latest
    /// sample (a late item) is read at the clock instead, so the curve never runs backwards; a
    /// region the engine no longer holds reads zero.
    private mutating func record(_ region: String, at time: Date?) {
        let previous = latest[region]?.time
        let at = time.flatMap { t in previous.map { t < $0 } ?? false ? nil : t }
        guard let snapshot = replay.engine.snapshot(of: region, at: at) else {
            guard let at else { return }
            samples.append(IndexSample(region: region, time: at, index: 0, baseline: 0))
            latest[region] = (at, true)
            return
        }
        if let previous, snapshot.time < previous { return }
        samples.append(IndexSample(region: region, time: snapshot.time, index: snapshot.index, baseline: snapshot.baseline))
        latest[region] = (snapshot.time, snapshot.index <= 0)
    }
}

/// What a replay of news gives a report.
public struct NewsReplay: Sendable {
    public var itemAlerts: [AssessmentRecord] = []
    public var regionAlerts: [RegionAlert] = []
    public var samples: [IndexSample] = []

    /// Scores `items` and replays them through a region engine in event-time order (ties in input
    /// order), as the news happened, sampling the index. An item without a readable
    /// `published_at` counts at the latest time in the input, never the clock, so the same news
    /// gives the same report.
    public init(items: [NewsItem], scorer: Scorer, rulesVersion: String, regions: RegionConfig) throws(RegionConfigError) {
        let times = items.map { $0.publishedAt.flatMap(RegionSignal.eventTime(parsing:)) }
        let latest = times.compactMap { $0 }.max() ?? Date(timeIntervalSince1970: 0)
        let order = items.indices.sorted { (times[$0] ?? latest, $0) < (times[$1] ?? latest, $1) }
        var sampler = IndexSampler(replay: RegionReplay(engine: try RegionEngine(config: regions, rulesVersion: rulesVersion), now: latest))
        for k in order {
            let assessment = scorer.assess(items[k])
            if assessment.alert {
                itemAlerts.append(AssessmentRecord(item: items[k], assessment: assessment, rulesVersion: rulesVersion, input: nil))
            }
            sampler.add(items[k], assessment)
        }
        sampler.finish()
        regionAlerts = sampler.alerts
        samples = sampler.samples
    }
}
