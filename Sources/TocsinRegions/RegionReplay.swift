import Foundation
import TocsinRules

/// Offline replay of scored items through a region engine, behind `tocsin score --regions`.
///
/// Each item with a region and at least one counted signal goes into the engine in input order,
/// its event time the item's `published_at`, or `now` when that is absent or unreadable.
public struct RegionReplay: Sendable {
    public private(set) var engine: RegionEngine
    /// The event time of items without a usable `published_at`.
    public let now: Date

    public init(engine: RegionEngine, now: Date) {
        self.engine = engine
        self.now = now
    }

    /// Feeds one scored item; returns the region alerts it triggers (none for an item without a
    /// region or counted signal).
    public mutating func add(_ item: NewsItem, _ assessment: Assessment) -> [RegionAlert] {
        let time = item.publishedAt.flatMap(EventTime.parse) ?? now
        guard let signal = RegionSignal(item: item, assessment: assessment, eventTime: time) else { return [] }
        return engine.ingest(signal)
    }

    /// Moves every region's clock to `time` and returns the alerts decay causes by then.
    public mutating func finish(at time: Date) -> [RegionAlert] {
        engine.advance(to: time)
    }
}
