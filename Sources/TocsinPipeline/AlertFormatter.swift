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
        let severity = record.severity.rawValue.uppercased().padding(toLength: 8, withPad: " ", startingAt: 0)
        parts.append(paint(severity, Self.colourCode(record.severity)))
        parts.append(paint((record.region ?? "-").padding(toLength: 16, withPad: " ", startingAt: 0), "1"))
        parts.append(String(format: "%6.1f", record.score))
        parts.append(record.title ?? record.itemID)
        let signals = record.signals.sorted { $0.weight > $1.weight }.prefix(topSignals)
            .map { "\($0.category): \"\($0.evidence)\"" }
        if !signals.isEmpty { parts.append(paint("[" + signals.joined(separator: "; ") + "]", "2")) }
        return parts.joined(separator: "  ")
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
