import Foundation
import TocsinRegions
import TocsinRules

/// One reading of a region's escalation index: a point of the curve.
public struct IndexSample: Sendable, Equatable {
    public var region: String
    public var time: Date
    public var index: Double
    public var baseline: Double

    public init(region: String, time: Date, index: Double, baseline: Double) {
        self.region = region
        self.time = time
        self.index = index
        self.baseline = baseline
    }
}

/// Everything a report shows; `ReportPage.html(_:)` renders it.
public struct ReportInput: Sendable {
    /// The page's heading.
    public var title: String
    /// Item assessments; only those with `alert` true are shown.
    public var itemAlerts: [AssessmentRecord]
    public var regionAlerts: [RegionAlert]
    /// The index over time. Empty when only alerts are known (the alerts topic): the curve is then
    /// drawn through the region alerts' index values, and the page says so.
    public var samples: [IndexSample]
    /// Where each tier starts on the index: the bands behind every chart.
    public var thresholds: RegionConfig.Thresholds
    /// Only what happened in `[since, until)` (event time) is shown; alerts without an event time
    /// are left out when either is set.
    public var since: Date?
    public var until: Date?
    /// Where the data came from, in words (e.g. "alerts topic alerts at 127.0.0.1:19092").
    public var sourceNote: String
    /// Printed in the header when set; never taken from the clock, so pages compare byte for byte.
    public var generatedAt: Date?
    /// Rows in the top-alerts table.
    public var topAlerts: Int

    public init(
        title: String = "Tocsin escalation report", itemAlerts: [AssessmentRecord] = [], regionAlerts: [RegionAlert] = [],
        samples: [IndexSample] = [], thresholds: RegionConfig.Thresholds = .init(), since: Date? = nil, until: Date? = nil,
        sourceNote: String = "", generatedAt: Date? = nil, topAlerts: Int = 25
    ) {
        self.title = title
        self.itemAlerts = itemAlerts
        self.regionAlerts = regionAlerts
        self.samples = samples
        self.thresholds = thresholds
        self.since = since
        self.until = until
        self.sourceNote = sourceNote
        self.generatedAt = generatedAt
        self.topAlerts = topAlerts
    }
}

/// A message of the alerts topic (or a line of `tocsin score` output): an item assessment or a
/// region alert, told apart by `type`.
public enum AlertRecord: Sendable, Equatable {
    case item(AssessmentRecord)
    case region(RegionAlert)

    /// Decodes one JSON object; throws `DecodingError` when it is neither kind.
    public init(json: [UInt8], decoder: JSONDecoder = JSONDecoder()) throws {
        let data = Data(json)
        let kind = try decoder.decode(RecordType.self, from: data)
        if let type = kind.type, RegionAlert.Kind(rawValue: type) != nil {
            self = .region(try decoder.decode(RegionAlert.self, from: data))
        } else {
            self = .item(try decoder.decode(AssessmentRecord.self, from: data))
        }
    }

    /// When it happened: an item's `published_at`, a region alert's `window_end` (the moment its
    /// index was measured); nil when an item has no readable time.
    public var eventTime: Date? {
        switch self {
        case .item(let record): record.publishedAt.flatMap(ReportTime.parse)
        case .region(let alert): ReportTime.parse(alert.windowEnd) ?? ReportTime.parse(alert.eventTime)
        }
    }
}

/// Just the `type` of a record, to choose how to decode the rest.
private struct RecordType: Decodable {
    var type: String?
}
