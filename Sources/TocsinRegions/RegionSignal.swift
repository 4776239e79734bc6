import Foundation
import TocsinRules

/// What the scoring stage sends to the region stage (topic `tocsin.signals`) for one scored item.
///
/// Sent only for items with a region and at least one counted signal. The JSON is compact, with
/// keys sorted, the event time in RFC 3339 (UTC, milliseconds when there are any) and the
/// fingerprint as sixteen hex digits (JSON numbers above 2^53 lose bits in many readers).
public struct RegionSignal: Sendable, Equatable, Codable {
    public var itemID: String
    public var title: String?
    public var source: String?
    public var url: String?
    /// When the event was reported: the item's `published_at`, or the Kafka timestamp when it has
    /// none. The engine's clock is the largest event time it has seen, so a time far in the future
    /// would expire every region: prefer the earlier of `published_at` and the Kafka timestamp.
    /// Kept to the millisecond (the JSON form's precision).
    public var eventTime: Date
    public var region: String
    public var score: Double
    public var severity: Severity
    /// The counted signals' categories, sorted, without repeats.
    public var categories: [String]
    /// `RegionSignal.fingerprint(title:body:)` of the item's text.
    public var fingerprint: UInt64

    public init(
        itemID: String, title: String? = nil, source: String? = nil, url: String? = nil, eventTime: Date,
        region: String, score: Double, severity: Severity, categories: [String], fingerprint: UInt64
    ) {
        self.itemID = itemID
        self.title = title
        self.source = source
        self.url = url
        self.eventTime = EventTime.date(EventTime.millis(eventTime))
        self.region = region
        self.score = score
        self.severity = severity
        // Already sorted without repeats (a decoded signal's are) is the common case: no Set.
        self.categories = Story.isStrictlySorted(categories) ? categories : Array(Set(categories)).sorted()
        self.fingerprint = fingerprint
    }

    /// The signal for a scored item, or nil when it has no region or no counted signal.
    public init?(item: NewsItem, assessment: Assessment, eventTime: Date) {
        guard let region = assessment.region, !region.isEmpty, !assessment.signals.isEmpty else { return nil }
        self.init(
            itemID: item.id, title: item.title, source: item.source, url: item.url, eventTime: eventTime,
            region: region, score: assessment.score, severity: assessment.severity,
            categories: assessment.signals.map(\.category),
            fingerprint: Self.fingerprint(title: item.title, body: item.body))
    }

    /// A 64-bit SimHash of the text over 3-word shingles of lowercased words, with a stable hash:
    /// the same text gives the same value in every process; copies of one story a few words apart
    /// differ in about 10 of 64 bits, unrelated texts in about 32.
    public static func fingerprint(title: String?, body: String?) -> UInt64 {
        Fingerprint.simHash(title: title, body: body)
    }

    /// Parses an item's `published_at`: RFC 3339, with or without fractional seconds, any offset.
    public static func eventTime(parsing text: String) -> Date? { EventTime.parse(text) }

    /// Compact JSON, keys sorted: byte for byte what `JSONEncoder` with `.sortedKeys` and
    /// `.withoutEscapingSlashes` makes of the `Encodable` form, written directly (see `SignalJSONWriter`).
    /// Empty for a non-finite score, which `JSONEncoder` refuses (and `init(json:)` rejects).
    public func jsonBytes() -> [UInt8] {
        SignalJSONWriter.bytes(of: self)
    }

    /// Decodes `jsonBytes()`; throws `DecodingError` on malformed input or an empty region,
    /// a non-finite score or a bad fingerprint.
    ///
    /// Well-formed signals take a single-pass reader (`SignalJSONReader`); anything it does not
    /// accept goes through `JSONDecoder` as before, which decodes the rare oddity it allows (a
    /// UTF-16 message, a trailing comma, a repeated key) or throws the descriptive error.
    public init(json: some Collection<UInt8>) throws {
        let fast = json.withContiguousStorageIfAvailable { SignalJSONReader.decode($0) } ?? SignalJSONReader.decode(Array(json))
        if let fast {
            self = fast
        } else {
            self = try JSONDecoder().decode(RegionSignal.self, from: Data(json))
        }
    }

    enum CodingKeys: String, CodingKey {
        case itemID = "item_id", title, source, url, eventTime = "event_time", region, score, severity
        case categories, fingerprint
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let text = try c.decode(String.self, forKey: .eventTime)
        guard let time = EventTime.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: .eventTime, in: c, debugDescription: "not an RFC 3339 time: \(text)")
        }
        let hex = try c.decode(String.self, forKey: .fingerprint)
        guard let fingerprint = StableHash.parseHex(hex) else {
            throw DecodingError.dataCorruptedError(forKey: .fingerprint, in: c, debugDescription: "not 16 hex digits: \(hex)")
        }
        let region = try c.decode(String.self, forKey: .region)
        guard !region.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: .region, in: c, debugDescription: "empty region")
        }
        let score = try c.decode(Double.self, forKey: .score)
        guard score.isFinite else {
            throw DecodingError.dataCorruptedError(forKey: .score, in: c, debugDescription: "score is not finite")
        }
        self.init(
            itemID: try c.decode(String.self, forKey: .itemID),
            title: try c.decodeIfPresent(String.self, forKey: .title),
            source: try c.decodeIfPresent(String.self, forKey: .source),
            url: try c.decodeIfPresent(String.self, forKey: .url),
            eventTime: time, region: region, score: score,
            severity: try c.decode(Severity.self, forKey: .severity),
            categories: try c.decode([String].self, forKey: .categories),
            fingerprint: fingerprint)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(itemID, forKey: .itemID)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encodeIfPresent(source, forKey: .source)
        try c.encodeIfPresent(url, forKey: .url)
        try c.encode(EventTime.rfc3339(EventTime.millis(eventTime)), forKey: .eventTime)
        try c.encode(region, forKey: .region)
        try c.encode(score, forKey: .score)
        try c.encode(severity, forKey: .severity)
        try c.encode(categories, forKey: .categories)
        try c.encode(StableHash.hex(fingerprint), forKey: .fingerprint)
    }
}
