import TocsinRegions
import TocsinRules

/// Renders alerts as one readable line, for `tocsin run`'s stdout and `tocsin tail`.
public struct AlertFormatter: Sendable {
    public var colour: Bool
    /// Show the item's publish time first (tail); the daemon's lines omit it.
    public var showTime: Bool
    public var topSignals = 3

    public init(colour: Bool, showTime: Bool) {
        self.colour = colour
        self.showTime = showTime
    }

    public func line(_ record: AssessmentRecord) -> String {
        var parts: [String] = []
        if showTime { parts.append(paint(record.publishedAt ?? "-", "2")) }
        parts.append(paint(Self.padded(record.severity.rawValue.uppercased(), 8), Self.colourCode(record.severity)))
        parts.append(paint(Self.padded(record.region ?? "-", 16), "1"))
        parts.append(String(format: "%6.1f", record.score))
        parts.append(record.title ?? record.itemID)
        let signals = record.signals.sorted { $0.weight > $1.weight }.prefix(topSignals)
            .map { "\($0.category): \"\($0.evidence)\"" }
        if !signals.isEmpty { parts.append(paint("[" + signals.joined(separator: "; ") + "]", "2")) }
        return parts.joined(separator: "  ")
    }

    /// A region alert: severity, region, index, what changed, corroboration and the top driver, e.g.
    /// `HIGH  india-pakistan  17.2  escalation from medium (surge; baseline 2.1), 3 sources, 4 stories: "Troops ..."`.
    public func line(_ alert: RegionAlert) -> String {
        var parts: [String] = []
        if showTime { parts.append(paint(alert.eventTime, "2")) }
        parts.append(paint(Self.padded(alert.severity.rawValue.uppercased(), 8), Self.colourCode(alert.severity)))
        parts.append(paint(Self.padded(alert.region, 16), "1"))
        parts.append(String(format: "%6.1f", alert.score))
        var change = "\(alert.type.rawValue) from \(alert.previousSeverity.rawValue)"
        var notes: [String] = []
        if alert.surge { notes.append("surge") }
        notes.append(String(format: "baseline %.1f", alert.baseline))
        if alert.suppressed > 0 { notes.append("\(alert.suppressed) held back") }
        change += " (" + notes.joined(separator: "; ") + ")"
        change += ", \(alert.corroboration) source\(alert.corroboration == 1 ? "" : "s"), \(alert.stories) stor\(alert.stories == 1 ? "y" : "ies")"
        if let top = alert.drivers.first { change += ": \"\(top.title ?? top.itemID)\"" }
        parts.append(change)
        return parts.joined(separator: "  ")
    }

    /// Pads to a column width without ever cutting the text (region slugs can be long).
    private static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private func paint(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private static func colourCode(_ severity: Severity) -> String {
        switch severity {
        case .critical: "1;37;41"
        case .high: "1;31"
        case .medium: "1;33"
        case .low: "36"
        case .none: "2"
        }
    }
}
