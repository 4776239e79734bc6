import Foundation
import TocsinRegions
import TocsinRules

/// One alert as the page shows it: a marker on a chart and a row of the table.
struct Entry {
    enum Kind: String {
        case item, escalation, deEscalation = "de-escalation", resolved
    }

    var id: String
    var kind: Kind
    var time: Date?
    var region: String?
    var severity: Severity
    var previous: Severity?
    /// An item's score, or a region's index.
    var score: Double
    var baseline: Double?
    var headline: String?
    var url: String?
    var rulesVersion: String?
    /// The hover text: what, when, and the driving headlines.
    var tooltip: String

    init(item record: AssessmentRecord) {
        id = record.alertID
        kind = .item
        time = record.publishedAt.flatMap(ReportTime.parse)
        region = record.region
        severity = record.severity
        score = record.score
        headline = record.title ?? record.itemID
        url = record.url
        rulesVersion = record.rulesVersion
        var lines = ["\(Self.when(time)) · \(record.severity.rawValue.uppercased()) item alert · score \(HTML.number(record.score))"]
        lines.append(HTML.clip(record.title ?? record.itemID, 160) + (record.source.map { " (\($0))" } ?? ""))
        let evidence = record.signals.prefix(4).map { "\($0.category): “\(HTML.clip($0.evidence, 60))”" }
        if !evidence.isEmpty { lines.append("signals: " + evidence.joined(separator: "; ")) }
        tooltip = lines.joined(separator: "\n")
    }

    init(region alert: RegionAlert) {
        id = alert.alertID
        kind = Kind(rawValue: alert.type.rawValue) ?? .escalation
        time = ReportTime.parse(alert.windowEnd) ?? ReportTime.parse(alert.eventTime)
        region = alert.region
        severity = alert.severity
        previous = alert.previousSeverity
        score = alert.score
        baseline = alert.baseline
        headline = alert.drivers.first.map { $0.title ?? $0.itemID }
        url = alert.drivers.first?.url
        rulesVersion = alert.rulesVersion
        var lines = [
            "\(Self.when(time)) · \(alert.type.rawValue) \(alert.previousSeverity.rawValue) → \(alert.severity.rawValue.uppercased())"
                + " · index \(HTML.number(alert.score)) (baseline \(HTML.number(alert.baseline)))",
        ]
        var facts = ["\(alert.corroboration) source\(alert.corroboration == 1 ? "" : "s")", "\(alert.stories) stor\(alert.stories == 1 ? "y" : "ies")"]
        if alert.surge { facts.insert("surge", at: 0) }
        if alert.suppressed > 0 { facts.append("\(alert.suppressed) suppressed before") }
        lines.append(facts.joined(separator: ", "))
        if !alert.drivers.isEmpty { lines.append("Driving headlines:") }
        for driver in alert.drivers {
            let title = HTML.clip(driver.title ?? driver.itemID, 140)
            lines.append("• \(title)" + (driver.source.map { " (\($0), \(HTML.number(driver.score)))" } ?? " (\(HTML.number(driver.score)))"))
        }
        tooltip = lines.joined(separator: "\n")
    }

    /// `2025-05-08 09:00 UTC`, or a dash for no time.
    static func when(_ time: Date?) -> String { time.map { ReportTime.minute($0) + " UTC" } ?? "no time" }

    /// Table order: severity, then score, highest first; then time and id, so ties are stable.
    static func ranked(_ a: Entry, _ b: Entry) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        if a.score != b.score { return a.score > b.score }
        let ta = a.time ?? .distantFuture, tb = b.time ?? .distantFuture
        if ta != tb { return ta < tb }
        return a.id < b.id
    }
}
