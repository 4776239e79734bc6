import TocsinRules

/// A region-level alert: the contract's assessment schema (section 2) with a region `type`.
///
/// Published to the alerts topic keyed by `region`, like item alerts. `score` is the region's
/// escalation index, not an item score. `alertID` is deterministic (see `RegionAlert.id`), so
/// replaying the same signals gives the same ids and a repeated alert is recognisable.
public struct RegionAlert: Sendable, Equatable, Codable {
    /// What changed: the level rose to a tier, fell to a lower tier, or fell back to `none`.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case escalation
        case deEscalation = "de-escalation"
        case resolved
    }

    /// One story that drove the alert, named by its strongest report.
    public struct Driver: Sendable, Equatable, Codable {
        public var itemID: String
        public var title: String?
        public var source: String?
        public var url: String?
        /// The story's first report (RFC 3339, UTC).
        public var eventTime: String
        /// The story's current contribution to the index (decayed).
        public var score: Double
        /// Distinct sources that reported the story.
        public var corroboration: Int

        public init(itemID: String, title: String?, source: String?, url: String?, eventTime: String, score: Double, corroboration: Int) {
            self.itemID = itemID
            self.title = title
            self.source = source
            self.url = url
            self.eventTime = eventTime
            self.score = score
            self.corroboration = corroboration
        }

        enum CodingKeys: String, CodingKey {
            case itemID = "item_id", title, source, url, eventTime = "event_time", score, corroboration
        }
    }

    public var alertID: String
    public var type: Kind
    public var region: String
    /// The region's level after the change.
    public var severity: Severity
    /// The level before the change.
    public var previousSeverity: Severity
    /// Always true: region alerts are only produced for changes worth telling.
    public var alert: Bool
    /// The escalation index at `windowEnd`, rounded to 3 decimals.
    public var score: Double
    /// The index the region's history predicts (see `RegionConfig.baselineWindow`), 3 decimals.
    public var baseline: Double
    /// Whether the index is at least `surgeRatio` times the baseline (or its floor).
    public var surge: Bool
    /// Distinct sources among the window's stories.
    public var corroboration: Int
    /// Stories (syndicated copies counted once) and reports in the window.
    public var stories: Int
    public var items: Int
    /// Alerts of this region held back by suppression since the last one sent.
    public var suppressed: Int
    /// The strongest stories in the window, strongest first.
    public var drivers: [Driver]
    /// Event time of what triggered the alert: the new item, or the clock tick (RFC 3339, UTC).
    public var eventTime: String
    public var windowStart: String
    public var windowEnd: String
    public var rulesVersion: String?

    public init(
        alertID: String, type: Kind, region: String, severity: Severity, previousSeverity: Severity,
        score: Double, baseline: Double, surge: Bool, corroboration: Int, stories: Int, items: Int,
        suppressed: Int, drivers: [Driver], eventTime: String, windowStart: String, windowEnd: String,
        rulesVersion: String?
    ) {
        self.alertID = alertID
        self.type = type
        self.region = region
        self.severity = severity
        self.previousSeverity = previousSeverity
        alert = true
        self.score = score
        self.baseline = baseline
        self.surge = surge
        self.corroboration = corroboration
        self.stories = stories
        self.items = items
        self.suppressed = suppressed
        self.drivers = drivers
        self.eventTime = eventTime
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.rulesVersion = rulesVersion
    }

    /// The Kafka message key: the region, as for item alerts.
    public var key: String { region }

    /// `reg-` and 16 hex digits of a stable hash of the region, type, tier, the triggering item's
    /// id and event time, and the rules version: the same input sequence gives the same ids.
    public static func id(region: String, type: Kind, tier: Severity, triggerItemID: String, triggerTime: Int64, rulesVersion: String?) -> String {
        var hash = StableHash()
        hash.updateField(region)
        hash.updateField(type.rawValue)
        hash.updateField(tier.rawValue)
        hash.updateField(triggerItemID)
        hash.updateField(triggerTime)
        hash.updateField(rulesVersion ?? "")
        return "reg-" + StableHash.hex(hash.finish())
    }

    enum CodingKeys: String, CodingKey {
        case alertID = "alert_id", type, region, severity, previousSeverity = "previous_severity", alert, score
        case baseline, surge, corroboration, stories, items, suppressed, drivers
        case eventTime = "event_time", windowStart = "window_start", windowEnd = "window_end"
        case rulesVersion = "rules_version"
    }
}
