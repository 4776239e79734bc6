/// How serious an item looks, from its score and the rule set's thresholds.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case none, low, medium, high, critical

    private var rank: Int {
        switch self {
        case .none: 0
        case .low: 1
        case .medium: 2
        case .high: 3
        case .critical: 4
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One counted signal: a rule that matched and what it added to the score.
///
/// `start` and `end` are offsets of `evidence` in the scored text (`title + "\n\n" + body`, or
/// whichever of the two is present), counted in Unicode scalars, so Python's `text[start:end]`
/// returns `evidence`.
public struct Signal: Sendable, Codable, Equatable {
    public var category: String
    public var rule: String
    /// This signal's contribution to the score (after the category cap; negative for de-escalation).
    public var weight: Double
    public var evidence: String
    public var start: Int
    public var end: Int

    public init(category: String, rule: String, weight: Double, evidence: String, start: Int, end: Int) {
        self.category = category
        self.rule = rule
        self.weight = weight
        self.evidence = evidence
        self.start = start
        self.end = end
    }
}

/// What the rules say about one item.
public struct Assessment: Sendable, Equatable {
    /// A named region (e.g. `koreas`) or two country slugs joined by `-` in alphabetical order.
    public var region: String?
    public var severity: Severity
    /// Sum of the signals' weights.
    public var score: Double
    /// Counted signals, in order of their position in the text.
    public var signals: [Signal]
    /// `severity >= ruleSet.alertThreshold`.
    public var alert: Bool

    public init(region: String?, severity: Severity, score: Double, signals: [Signal], alert: Bool) {
        self.region = region
        self.severity = severity
        self.score = score
        self.signals = signals
        self.alert = alert
    }
}

/// Where a Kafka message came from (only set by the daemon).
public struct InputPosition: Sendable, Codable, Equatable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64

    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}
