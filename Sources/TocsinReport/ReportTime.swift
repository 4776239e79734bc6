import Foundation

/// Event times as the page shows them: always UTC, never the local zone or the current time, so
/// the same input gives the same page anywhere.
public enum ReportTime {
    /// Parses RFC 3339 with or without fractional seconds, any offset; nil otherwise.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    /// `2025-05-08T09:00:00Z`.
    public static func rfc3339(_ date: Date) -> String {
        Date.ISO8601FormatStyle().format(date)
    }

    /// `2025-05-08 09:00 UTC`-style text without the zone: `2025-05-08 09:00`.
    static func minute(_ date: Date) -> String {
        let text = rfc3339(date)
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5))
    }

    /// `2025-05-08`.
    static func day(_ date: Date) -> String { String(rfc3339(date).prefix(10)) }

    /// Tick spacings for a time axis, in seconds, finest first.
    private static let steps: [TimeInterval] = [
        600, 1800, 3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600,
        86_400, 2 * 86_400, 7 * 86_400, 14 * 86_400, 28 * 86_400, 91 * 86_400, 182 * 86_400, 364 * 86_400,
    ]

    /// Tick times within `range` (at most about `count`), at multiples of a round step since 1970
    /// (whole hours, UTC midnights, ...), and the label of each.
    static func ticks(in range: ClosedRange<Date>, count: Int) -> [(Date, String)] {
        let span = range.upperBound.timeIntervalSince(range.lowerBound)
        guard span > 0 else { return [(range.lowerBound, minute(range.lowerBound))] }
        let step = steps.first { span / $0 <= Double(count) } ?? (span / Double(count) / 86_400).rounded(.up) * 86_400
        let start = (range.lowerBound.timeIntervalSince1970 / step).rounded(.up) * step
        var ticks: [(Date, String)] = []
        var t = start
        var previousDay = ""
        while t <= range.upperBound.timeIntervalSince1970 {
            let date = Date(timeIntervalSince1970: t)
            let label: String
            if step >= 86_400 {
                label = day(date)
            } else {
                // The date only when it changes: "05-08 06:00", "12:00", "18:00", "05-09 00:00".
                let today = day(date)
                let clock = String(minute(date).suffix(5))
                label = today == previousDay ? clock : String(today.dropFirst(5)) + " " + clock
                previousDay = today
            }
            ticks.append((date, label))
            t += step
        }
        return ticks
    }
}
