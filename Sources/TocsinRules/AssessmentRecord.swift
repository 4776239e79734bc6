/// The JSON record of contract section 2: one line on stdout and the value of an alerts-topic message.
///
/// `title`, `source`, `url`, `published_at` and `input` are omitted when absent; `region` is always
/// written, as `null` when there is none.
public struct AssessmentRecord: Sendable, Codable, Equatable {
    public var alertID: String
    public var type: String
    public var itemID: String
    public var title: String?
    public var source: String?
    public var url: String?
    public var publishedAt: String?
    public var region: String?
    public var severity: Severity
    public var alert: Bool
    public var score: Double
    public var signals: [Signal]
    public var rulesVersion: String
    public var input: InputPosition?

    /// Builds the record for one assessed item; `alertID` comes from `AssessmentRecord.alertID(for:rulesVersion:)`.
    public init(item: NewsItem, assessment: Assessment, rulesVersion: String, input: InputPosition?) {
        alertID = Self.alertID(for: item, rulesVersion: rulesVersion)
        type = "item"
        itemID = item.id
        title = item.title
        source = item.source
        url = item.url
        publishedAt = item.publishedAt
        region = assessment.region
        severity = assessment.severity
        alert = assessment.alert
        score = assessment.score
        signals = assessment.signals
        self.rulesVersion = rulesVersion
        self.input = input
    }

    /// A deterministic id: XXH64 over the item id, the rules version, title and body (each followed
    /// by a 0xFF byte, which never occurs in UTF-8, so fields cannot run together), so a redelivered
    /// item under the same rules gets the same id, and an edited story a new one.
    public static func alertID(for item: NewsItem, rulesVersion: String) -> String {
        var hasher = XXH64()
        hasher.updateField(item.id)
        hasher.updateField(rulesVersion)
        hasher.updateField(item.title)
        hasher.updateField(item.body)
        let hash = hasher.finish()
        return String(unsafeUninitializedCapacity: 20) { out in
            let hex: StaticString = "0123456789abcdef"
            out[0] = UInt8(ascii: "i"); out[1] = UInt8(ascii: "t"); out[2] = UInt8(ascii: "m"); out[3] = UInt8(ascii: "-")
            for k in 0..<16 { out[4 + k] = hex.utf8Start[Int(truncatingIfNeeded: hash >> UInt64(60 - 4 * k)) & 0xF] }
            return 20
        }
    }

    enum CodingKeys: String, CodingKey {
        case alertID = "alert_id", type, itemID = "item_id", title, source, url
        case publishedAt = "published_at", region, severity, alert, score, signals
        case rulesVersion = "rules_version", input
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        alertID = try c.decode(String.self, forKey: .alertID)
        type = try c.decode(String.self, forKey: .type)
        itemID = try c.decode(String.self, forKey: .itemID)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        publishedAt = try c.decodeIfPresent(String.self, forKey: .publishedAt)
        region = try c.decodeIfPresent(String.self, forKey: .region)
        severity = try c.decode(Severity.self, forKey: .severity)
        alert = try c.decode(Bool.self, forKey: .alert)
        score = try c.decode(Double.self, forKey: .score)
        signals = try c.decode([Signal].self, forKey: .signals)
        rulesVersion = try c.decode(String.self, forKey: .rulesVersion)
        input = try c.decodeIfPresent(InputPosition.self, forKey: .input)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(alertID, forKey: .alertID)
        try c.encode(type, forKey: .type)
        try c.encode(itemID, forKey: .itemID)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encodeIfPresent(source, forKey: .source)
        try c.encodeIfPresent(url, forKey: .url)
        try c.encodeIfPresent(publishedAt, forKey: .publishedAt)
        if let region { try c.encode(region, forKey: .region) } else { try c.encodeNil(forKey: .region) }
        try c.encode(severity, forKey: .severity)
        try c.encode(alert, forKey: .alert)
        try c.encode(score, forKey: .score)
        try c.encode(signals, forKey: .signals)
        try c.encode(rulesVersion, forKey: .rulesVersion)
        try c.encodeIfPresent(input, forKey: .input)
    }

    /// Compact JSON on one line, without a trailing newline, keys in the contract's order.
    /// Written by hand (not JSONEncoder) because it runs once per alert on the hot path.
    public func jsonLine() -> String {
        var fits = true
        let line = String(unsafeUninitializedCapacity: estimatedJSONCount) { buffer in
            guard let count = writeJSON(intoEstimated: buffer) else { fits = false; return 0 }
            return count
        }
        if fits { return line }
        return String(unsafeUninitializedCapacity: exactJSONCount) { writeJSON(intoExact: $0) }
    }

    /// `jsonLine()` as UTF-8 bytes (what goes to Kafka), built without an intermediate `String`.
    public func jsonBytes() -> [UInt8] {
        var fits = true
        let bytes = [UInt8](unsafeUninitializedCapacity: estimatedJSONCount) { buffer, count in
            guard let written = writeJSON(intoEstimated: buffer) else { fits = false; count = 0; return }
            count = written
        }
        if fits { return bytes }
        return [UInt8](unsafeUninitializedCapacity: exactJSONCount) { buffer, count in count = writeJSON(intoExact: buffer) }
    }

    // The strings are scanned for escapes once: the JSON is written into room estimated from their
    // raw lengths, plus slack for escapes; only a record whose escapes need more than the slack is
    // measured exactly and written again.

    /// Room for escapes beyond the raw lengths.
    private static let escapeSlack = 64

    private var estimatedJSONCount: Int {
        var estimator = JSONEstimator()
        write(to: &estimator)
        return estimator.count + Self.escapeSlack
    }

    private var exactJSONCount: Int {
        var counter = JSONCounter()
        write(to: &counter)
        return counter.count
    }

    /// Writes the JSON into `estimatedJSONCount` bytes; nil if it might not fit.
    private func writeJSON(intoEstimated buffer: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        var writer = JSONCheckedWriter(buffer)
        write(to: &writer)
        return writer.overflowed ? nil : writer.position - buffer.baseAddress!
    }

    /// Writes the JSON into `exactJSONCount` bytes.
    private func writeJSON(intoExact buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var writer = JSONPointerWriter(position: buffer.baseAddress!)
        write(to: &writer)
        return writer.position - buffer.baseAddress!
    }

    /// The document, laid out once for both sizing and writing.
    @inline(__always)
    private func write<Sink: JSONSink>(to w: inout Sink) {
        w.raw(#"{"alert_id":"#); w.string(alertID)
        w.raw(#","type":"#); w.string(type)
        w.raw(#","item_id":"#); w.string(itemID)
        if let title { w.raw(#","title":"#); w.string(title) }
        if let source { w.raw(#","source":"#); w.string(source) }
        if let url { w.raw(#","url":"#); w.string(url) }
        if let publishedAt { w.raw(#","published_at":"#); w.string(publishedAt) }
        w.raw(#","region":"#)
        if let region { w.string(region) } else { w.raw("null") }
        w.raw(#","severity":"#); w.string(severity.rawValue)
        w.raw(alert ? #","alert":true,"score":"# : #","alert":false,"score":"#); w.number(score)
        w.raw(#","signals":["#)
        for (index, signal) in signals.enumerated() {
            w.raw(index == 0 ? #"{"category":"# : #",{"category":"#); w.string(signal.category)
            w.raw(#","rule":"#); w.string(signal.rule)
            w.raw(#","weight":"#); w.number(signal.weight)
            w.raw(#","evidence":"#); w.string(signal.evidence)
            w.raw(#","start":"#); w.integer(Int64(signal.start))
            w.raw(#","end":"#); w.integer(Int64(signal.end))
            w.raw("}")
        }
        w.raw(#"],"rules_version":"#); w.string(rulesVersion)
        if let input {
            w.raw(#","input":{"topic":"#); w.string(input.topic)
            w.raw(#","partition":"#); w.integer(Int64(input.partition))
            w.raw(#","offset":"#); w.integer(input.offset)
            w.raw("}")
        }
        w.raw("}")
    }
}
