import Foundation
import TocsinRegions
import TocsinRules

/// One region's part of the page: its curve and its alerts.
struct RegionTimeline {
    var region: String
    /// The index over time, in time order.
    var curve: [(time: Date, index: Double)] = []
    var baseline: [(time: Date, value: Double)] = []
    var items: [Entry] = []
    var changes: [Entry] = []
    var peak: Double = 0
    var peakTime: Date?
    /// The level after the region's last alert.
    var level: Severity = .none

    /// Every moment the chart has to show.
    var times: [Date] { (curve.map(\.time) + items.compactMap(\.time) + changes.compactMap(\.time)).sorted() }
}

/// The input sorted out: filtered to the period, de-duplicated, grouped by region.
struct ReportModel {
    /// Every alert shown, item and region, in table order.
    var entries: [Entry] = []
    var timelines: [RegionTimeline] = []
    /// The first and last event time of the alerts shown.
    var period: ClosedRange<Date>?
    var rulesVersions: [String] = []
    var itemCount = 0
    var regionAlertCount = 0
    /// Whether the curves are real samples (else drawn through the region alerts).
    var sampled = false

    init(_ input: ReportInput) {
        func inPeriod(_ time: Date?) -> Bool {
            guard input.since != nil || input.until != nil else { return true }
            guard let time else { return false }
            return input.since.map { time >= $0 } ?? true && input.until.map { time < $0 } ?? true
        }
        // The alerts topic delivers at least once: the same alert_id may come twice.
        var seen = Set<String>()
        var items: [Entry] = []
        for record in input.itemAlerts where record.alert && seen.insert(record.alertID).inserted {
            let entry = Entry(item: record)
            if inPeriod(entry.time) { items.append(entry) }
        }
        var changes: [Entry] = []
        for alert in input.regionAlerts where seen.insert(alert.alertID).inserted {
            let entry = Entry(region: alert)
            if inPeriod(entry.time) { changes.append(entry) }
        }
        let samples = input.samples.filter { inPeriod($0.time) }
        sampled = !input.samples.isEmpty
        itemCount = items.count
        regionAlertCount = changes.count
        entries = (items + changes).sorted(by: Entry.ranked)
        rulesVersions = Set(entries.compactMap(\.rulesVersion)).sorted()

        var byRegion: [String: RegionTimeline] = [:]
        func timeline(_ region: String) -> RegionTimeline { byRegion[region] ?? RegionTimeline(region: region) }
        for sample in samples {
            var t = timeline(sample.region)
            t.curve.append((sample.time, sample.index))
            t.baseline.append((sample.time, sample.baseline))
            byRegion[sample.region] = t
        }
        for entry in changes.sorted(by: { ($0.time ?? .distantPast, $0.id) < ($1.time ?? .distantPast, $1.id) }) {
            guard let region = entry.region else { continue }
            var t = timeline(region)
            t.changes.append(entry)
            t.level = entry.severity
            if !sampled, let time = entry.time {
                t.curve.append((time, entry.score))
                t.baseline.append((time, entry.baseline ?? 0))
            }
            byRegion[region] = t
        }
        for entry in items {
            guard let region = entry.region, entry.time != nil else { continue }
            byRegion[region, default: RegionTimeline(region: region)].items.append(entry)
        }
        for (name, var t) in byRegion {
            // Stable by time: samples taken at one moment (before and after a signal) keep their order.
            t.curve = t.curve.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
            t.baseline = t.baseline.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
            t.items.sort { ($0.time!, $0.id) < ($1.time!, $1.id) }
            if let top = t.curve.max(by: { $0.index < $1.index }) {
                t.peak = top.index
                t.peakTime = top.time
            }
            byRegion[name] = t
        }
        timelines = byRegion.values.sorted { $0.peak != $1.peak ? $0.peak > $1.peak : $0.region < $1.region }
        // The alerts' period; samples only when there are no alerts (their decay tails run on past the news).
        let alertTimes = entries.compactMap(\.time)
        let times = alertTimes.isEmpty ? samples.map(\.time) : alertTimes
        if let first = times.min(), let last = times.max() { period = first...last }
    }
}
