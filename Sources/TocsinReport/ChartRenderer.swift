import Foundation
import TocsinRegions
import TocsinRules

/// One region's chart, as inline SVG: tier bands, the index curve, the baseline, region alerts on
/// the curve and item alerts in a lane below, each marker with a `<title>` (the browser's own
/// hover tooltip, no script).
struct ChartRenderer {
    let thresholds: RegionConfig.Thresholds
    /// Curves from samples are drawn solid; through region alerts only, dashed.
    let sampled: Bool

    // Layout, in SVG units (the SVG scales to the page's width).
    static let width = 960.0
    static let height = 246.0
    private let left = 46.0, right = 866.0, top = 10.0, bottom = 182.0
    private let laneY = 199.0, labelY = 226.0, gapLabelY = 240.0

    func svg(_ t: RegionTimeline) -> String {
        let axis = TimeAxis(times: t.times, x0: left, x1: right)
        let yMax = Self.yMax(peak: t.peak, thresholds: thresholds)
        func y(_ value: Double) -> Double { bottom - (bottom - top) * min(max(value, 0), yMax) / yMax }

        var s = #"<svg class="chart" viewBox="0 0 \#(Int(Self.width)) \#(Int(Self.height))" role="img" "#
        s += #"aria-label="escalation index of \#(HTML.attribute(t.region))">"#
        s += bands(y: y, yMax: yMax)
        s += grid(y: y, yMax: yMax)
        s += breaks(axis)
        s += line(t.baseline.map { ($0.time, $0.value) }, axis: axis, y: y, cls: "baseline", skipZero: true)
        s += line(t.curve.map { ($0.time, $0.index) }, axis: axis, y: y, cls: sampled ? "index" : "index sparse", skipZero: false)
        s += lane(t.items, axis: axis)
        for change in t.changes { s += marker(change, axis: axis, y: y) }
        for tick in axis.ticks() {
            s += #"<line class="tick" x1="\#(HTML.coordinate(tick.x))" x2="\#(HTML.coordinate(tick.x))" y1="\#(Int(bottom))" y2="\#(Int(bottom + 4))"/>"#
            s += #"<text class="xl" x="\#(HTML.coordinate(tick.x))" y="\#(Int(labelY))">\#(HTML.text(tick.label))</text>"#
        }
        return s + "</svg>"
    }

    /// The top of the y axis: room above the peak, and the next tier's band in view, so the chart
    /// shows how far the region is from the next level.
    static func yMax(peak: Double, thresholds: RegionConfig.Thresholds) -> Double {
        let levels = [thresholds.low, thresholds.medium, thresholds.high, thresholds.critical]
        let next = levels.first { $0 > peak } ?? thresholds.critical * 1.2
        let top = max(peak * 1.1, next * 1.12)
        let step = niceStep(top / 5)
        return (top / step).rounded(.up) * step
    }

    /// 1, 2 or 5 times a power of ten, at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = pow(10, (log10(raw)).rounded(.down))
        for m in [1.0, 2, 5, 10] where m * power >= raw { return m * power }
        return 10 * power
    }

    private func bands(y: (Double) -> Double, yMax: Double) -> String {
        let tiers: [(Severity, Double)] = [(.none, 0), (.low, thresholds.low), (.medium, thresholds.medium), (.high, thresholds.high), (.critical, thresholds.critical)]
        var s = ""
        for (k, (tier, from)) in tiers.enumerated() where from < yMax {
            let to = k + 1 < tiers.count ? min(tiers[k + 1].1, yMax) : yMax
            let (y0, y1) = (y(to), y(from))
            s += #"<rect class="band" x="\#(Int(left))" y="\#(HTML.coordinate(y0))" width="\#(Int(right - left))" height="\#(HTML.coordinate(y1 - y0))" fill="\#(Palette.band(tier))"><title>\#(tier.rawValue): index \#(HTML.number(from)) and up</title></rect>"#
            if tier != .none, y1 - y0 >= 9 {
                s += #"<text class="tier" x="\#(Int(right + 6))" y="\#(HTML.coordinate((y0 + y1) / 2 + 4))" fill="\#(Palette.severity(tier))">\#(tier.rawValue) ≥\#(HTML.number(from))</text>"#
            }
        }
        return s
    }

    private func grid(y: (Double) -> Double, yMax: Double) -> String {
        let step = Self.niceStep(yMax / 5)
        var s = ""
        var value = 0.0
        while value <= yMax + 1e-9 {
            let at = HTML.coordinate(y(value))
            s += #"<line class="grid" x1="\#(Int(left))" x2="\#(Int(right))" y1="\#(at)" y2="\#(at)"/>"#
            s += #"<text class="yl" x="\#(Int(left - 6))" y="\#(HTML.coordinate(y(value) + 4))">\#(HTML.number(value))</text>"#
            value += step
        }
        s += #"<line class="axis" x1="\#(Int(left))" x2="\#(Int(right))" y1="\#(Int(bottom))" y2="\#(Int(bottom))"/>"#
        s += #"<text class="lane" x="\#(Int(left - 6))" y="\#(Int(laneY + 4))">items</text>"#
        return s
    }

    /// Cut-out gaps: a white strip across bands and lane, two slanted strokes, and the gap's length.
    private func breaks(_ axis: TimeAxis) -> String {
        var s = ""
        for b in axis.breaks {
            let half = TimeAxis.breakWidth / 2
            s += #"<rect class="gap" x="\#(HTML.coordinate(b.x - half + 3))" y="\#(Int(top - 2))" width="\#(HTML.coordinate(TimeAxis.breakWidth - 6))" height="\#(Int(laneY + 10 - top))"><title>\#(TimeAxis.gapLabel(b.seconds)) without alerts or index, left out</title></rect>"#
            for dx in [-3.0, 3.0] {
                s += #"<line class="cut" x1="\#(HTML.coordinate(b.x + dx - 3))" x2="\#(HTML.coordinate(b.x + dx + 3))" y1="\#(Int(bottom + 6))" y2="\#(Int(bottom - 6))"/>"#
            }
            s += #"<text class="gl" x="\#(HTML.coordinate(b.x))" y="\#(Int(gapLabelY))">\#(TimeAxis.gapLabel(b.seconds))</text>"#
        }
        return s
    }

    /// A polyline per axis segment (sampled curves are zero across a cut-out gap, so they never
    /// cross one; a curve through alerts joins them all), thinned to at most the
    /// first, lowest, highest and last point per unit of x, which keeps every jump and peak.
    private func line(_ points: [(Date, Double)], axis: TimeAxis, y: (Double) -> Double, cls: String, skipZero: Bool) -> String {
        if skipZero && !points.contains(where: { $0.1 > 0 }) { return "" }
        var runs: [[(Double, Double)]] = []
        var current: Int?
        for (time, value) in points {
            guard let segment = axis.segment(of: time) else { continue }
            let point = (axis.x(time), y(value))
            if segment == current || (!sampled && !runs.isEmpty) { runs[runs.count - 1].append(point) } else { runs.append([point]); current = segment }
        }
        var s = ""
        for run in runs where run.count > 1 {
            let text = Self.thin(run).map { HTML.coordinate($0.0) + "," + HTML.coordinate($0.1) }.joined(separator: " ")
            s += #"<polyline class="\#(cls)" points="\#(text)"/>"#
        }
        return s
    }

    static func thin(_ run: [(Double, Double)]) -> [(Double, Double)] {
        var out: [(Double, Double)] = []
        var bucket: [(Double, Double)] = []
        func flush() {
            guard let first = bucket.first, let last = bucket.last else { return }
            // Screen y grows downwards: the lowest value has the largest y.
            let high = bucket.min { $0.1 < $1.1 }!, low = bucket.max { $0.1 < $1.1 }!
            for p in [first, high, low, last] where out.last.map({ $0 != p }) ?? true { out.append(p) }
            bucket = []
        }
        for p in run {
            if let first = bucket.first, p.0.rounded() != first.0.rounded() { flush() }
            bucket.append(p)
        }
        flush()
        return out
    }

    /// Item alerts: circles in the lane under the axis, coloured by severity.
    private func lane(_ items: [Entry], axis: TimeAxis) -> String {
        var s = #"<line class="laneline" x1="\#(Int(left))" x2="\#(Int(right))" y1="\#(Int(laneY))" y2="\#(Int(laneY))"/>"#
        for item in items {
            guard let time = item.time else { continue }
            let r = item.severity >= .high ? 5.5 : 4.5
            s += #"<circle class="item" cx="\#(HTML.coordinate(axis.x(time)))" cy="\#(Int(laneY))" r="\#(HTML.number(r))" fill="\#(Palette.severity(item.severity))"><title>\#(HTML.text(item.tooltip))</title></circle>"#
        }
        return s
    }

    /// A region alert on the curve: ▲ escalation, ▼ de-escalation (new level's colour), ◆ resolved.
    private func marker(_ change: Entry, axis: TimeAxis, y: (Double) -> Double) -> String {
        guard let time = change.time else { return "" }
        let (cx, cy) = (axis.x(time), y(change.score))
        let path: String
        let colour: String
        switch change.kind {
        case .escalation, .item:
            path = "M\(HTML.coordinate(cx)) \(HTML.coordinate(cy - 8))l7 12h-14z"
            colour = Palette.severity(change.severity)
        case .deEscalation:
            path = "M\(HTML.coordinate(cx)) \(HTML.coordinate(cy + 8))l7 -12h-14z"
            colour = Palette.severity(change.severity)
        case .resolved:
            path = "M\(HTML.coordinate(cx)) \(HTML.coordinate(cy - 7))l7 7l-7 7l-7 -7z"
            colour = Palette.resolved
        }
        return #"<path class="change" d="\#(path)" fill="\#(colour)"><title>\#(HTML.text(change.tooltip))</title></path>"#
    }
}
