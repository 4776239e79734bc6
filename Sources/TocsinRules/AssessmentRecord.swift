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

    /// A deterministic id: FNV-1a 64 over the item id, the rules version, title and body, so a
    /// redelivered item under the same rules gets the same id, and an edited story a new one.
    public static func alertID(for item: NewsItem, rulesVersion: String) -> String {
        var hash = FNV1a64()
        hash.addField(item.id)
        hash.addField(rulesVersion)
        hash.addField(item.title)
        hash.addField(item.body)
        let hex = String(hash.value, radix: 16)
        return "itm-" + String(repeating: "0", count: 16 - hex.count) + hex
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
        var w = JSONWriter()
        w.begin()
        w.key("alert_id"); w.string(alertID)
        w.key("type"); w.string(type)
        w.key("item_id"); w.string(itemID)
        if let title { w.key("title"); w.string(title) }
        if let source { w.key("source"); w.string(source) }
        if let url { w.key("url"); w.string(url) }
        if let publishedAt { w.key("published_at"); w.string(publishedAt) }
        w.key("region"); if let region { w.string(region) } else { w.null() }
        w.key("severity"); w.string(severity.rawValue)
        w.key("alert"); w.bool(alert)
        w.key("score"); w.number(score)
        w.key("signals"); w.beginArray()
        for signal in signals {
            w.element(); w.begin()
            w.key("category"); w.string(signal.category)
            w.key("rule"); w.string(signal.rule)
            w.key("weight"); w.number(signal.weight)
            w.key("evidence"); w.string(signal.evidence)
            w.key("start"); w.integer(Int64(signal.start))
            w.key("end"); w.integer(Int64(signal.end))
            w.end()
        }
        w.endArray()
        w.key("rules_version"); w.string(rulesVersion)
        if let input {
            w.key("input"); w.begin()
            w.key("topic"); w.string(input.topic)
            w.key("partition"); w.integer(Int64(input.partition))
            w.key("offset"); w.integer(input.offset)
            w.end()
        }
        w.end()
        return w.result()
    }
}

/// A minimal compact JSON writer into a byte buffer.
struct JSONWriter {
    private var out: [UInt8] = []
    private var needsComma = false

    init() { out.reserveCapacity(1024) }

    func result() -> String { String(decoding: out, as: UTF8.self) }

    mutating func begin() { out.append(UInt8(ascii: "{")); needsComma = false }
    mutating func end() { out.append(UInt8(ascii: "}")); needsComma = true }
    mutating func beginArray() { out.append(UInt8(ascii: "[")); needsComma = false }
    mutating func endArray() { out.append(UInt8(ascii: "]")); needsComma = true }

    /// Separates array elements.
    mutating func element() { if needsComma { out.append(UInt8(ascii: ",")) } }

    mutating func key(_ name: String) {
        if needsComma { out.append(UInt8(ascii: ",")) }
        string(name)
        out.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func null() { out.append(contentsOf: "null".utf8); needsComma = true }
    mutating func bool(_ value: Bool) { out.append(contentsOf: (value ? "true" : "false").utf8); needsComma = true }
    mutating func integer(_ value: Int64) { out.append(contentsOf: String(value).utf8); needsComma = true }

    /// Integral values print without a fraction (`3`, not `3.0`); others use Swift's shortest form.
    mutating func number(_ value: Double) {
        if !value.isFinite {
            out.append(contentsOf: "0".utf8)   // JSON has no NaN/inf; scores are always finite anyway
        } else if value == value.rounded(), abs(value) < 1e15 {
            out.append(contentsOf: String(Int64(value)).utf8)
        } else {
            out.append(contentsOf: String(value).utf8)
        }
        needsComma = true
    }

    mutating func string(_ value: String) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        needsComma = true
    }
}
