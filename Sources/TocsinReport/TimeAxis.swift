import Foundation

/// A chart's time axis: linear, except that quiet gaps longer than `gap` are cut out and drawn as
/// a narrow break. A region's news comes in bursts (a crisis, then months of nothing); on a linear
/// axis over years each burst would be a hairline.
struct TimeAxis {
    struct Segment {
        var start: Date
        var end: Date
        var x0: Double
        var x1: Double
    }

    /// A cut-out gap: where its break is drawn and how long it was.
    struct Break {
        var x: Double
        var seconds: TimeInterval
    }

    private(set) var segments: [Segment] = []
    private(set) var breaks: [Break] = []
    static let breakWidth = 18.0

    /// An axis from `x0` to `x1` covering `times` (any order; at least one).
    init(times: [Date], x0: Double, x1: Double, gap: TimeInterval = 3 * 86_400) {
        let sorted = times.sorted()
        guard let first = sorted.first else { return }
        var groups: [(Date, Date)] = [(first, first)]
        for t in sorted.dropFirst() {
            if t.timeIntervalSince(groups[groups.count - 1].1) > gap { groups.append((t, t)) } else { groups[groups.count - 1].1 = t }
        }
        // A little room either side, so markers at the ends are not cut in half.
        var spans: [(Date, Date)] = []
        for (start, end) in groups {
            let pad = max(3600, end.timeIntervalSince(start) * 0.03)
            let span = (start.addingTimeInterval(-pad), end.addingTimeInterval(pad))
            if let last = spans.last, span.0 <= last.1 { spans[spans.count - 1].1 = span.1 } else { spans.append(span) }
        }
        let durations = spans.map { $0.1.timeIntervalSince($0.0) }
        // Width by duration, softened so a short burst next to a long one stays readable.
        let soften = durations.reduce(0, +) / Double(2 * durations.count)
        let weights = durations.map { $0 + soften }
        let available = (x1 - x0) - Self.breakWidth * Double(spans.count - 1)
        var x = x0
        for (k, span) in spans.enumerated() {
            let width = available * weights[k] / weights.reduce(0, +)
            segments.append(Segment(start: span.0, end: span.1, x0: x, x1: x + width))
            x += width
            if k + 1 < spans.count {
                breaks.append(Break(x: x + Self.breakWidth / 2, seconds: spans[k + 1].0.timeIntervalSince(span.1)))
                x += Self.breakWidth
            }
        }
    }

    /// The x of a time: inside its segment, or at the nearest edge (a gap's break).
    func x(_ time: Date) -> Double {
        guard let first = segments.first else { return 0 }
        if time <= first.start { return first.x0 }
        for (k, s) in segments.enumerated() {
            if time <= s.end {
                let span = s.end.timeIntervalSince(s.start)
                return s.x0 + (s.x1 - s.x0) * (span > 0 ? time.timeIntervalSince(s.start) / span : 0.5)
            }
            if k + 1 < segments.count, time < segments[k + 1].start { return breaks[k].x }
        }
        return segments[segments.count - 1].x1
    }

    /// Which segment a time falls in; nil in a gap.
    func segment(of time: Date) -> Int? {
        segments.firstIndex { $0.start <= time && time <= $0.end }
    }

    /// Labelled ticks, spaced by the room each segment has; a segment too narrow for two round
    /// ticks gets its date in the middle.
    func ticks(spacing: Double = 95) -> [(x: Double, label: String)] {
        var ticks: [(x: Double, label: String)] = []
        for s in segments {
            var count = Int((s.x1 - s.x0) / spacing)
            // Between cut-out gaps, whole days only, so every label carries its date.
            if segments.count > 1 { count = min(count, Int(s.end.timeIntervalSince(s.start) / 86_400)) }
            var inside = count < 2 ? [] : ReportTime.ticks(in: s.start...s.end, count: count).map { (x: x($0.0), label: $0.1) }
            // Too narrow for two round ticks: the date of its middle, year included, as gaps may be years.
            if inside.isEmpty { inside = [((s.x0 + s.x1) / 2, ReportTime.day(s.start.addingTimeInterval(s.end.timeIntervalSince(s.start) / 2)))] }
            for tick in inside where ticks.last.map({ tick.x - $0.x >= spacing * 0.7 }) ?? true { ticks.append(tick) }
        }
        return ticks
    }

    /// A gap's length in a few characters: `5d`, `4mo`, `1.9y`.
    static func gapLabel(_ seconds: TimeInterval) -> String {
        let days = seconds / 86_400
        if days >= 365 { return HTML.number(days / 365.25, decimals: 1) + "y" }
        if days >= 60 { return HTML.number(days / 30.44, decimals: 0) + "mo" }
        return HTML.number(days, decimals: 0) + "d"
    }
}
