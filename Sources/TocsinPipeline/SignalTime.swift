import Foundation
import TocsinRegions

/// The event time of a scored item, as the region stage's clock sees it.
enum SignalTime {
    /// `published_at` when it parses as RFC 3339, else the Kafka timestamp, else now; with both,
    /// the earlier: the region clock only moves forward, so a `published_at` far in the future
    /// would expire every region, while the broker's timestamp bounds it by when the item was seen.
    static func eventTime(publishedAt: String?, kafkaMillis: Int64?, now: @autoclosure () -> Date = Date()) -> Date {
        let published = publishedAt.flatMap(RegionSignal.eventTime(parsing:))
        let kafka = kafkaMillis.flatMap { $0 > 0 ? Date(timeIntervalSince1970: Double($0) / 1000) : nil }
        switch (published, kafka) {
        case let (published?, kafka?): return min(published, kafka)
        case let (published?, nil): return published
        case let (nil, kafka?): return kafka
        case (nil, nil): return now()
        }
    }
}
