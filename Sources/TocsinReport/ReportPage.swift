import Foundation
import TocsinRules

/// Renders a report as one self-contained HTML page: inline CSS and SVG, no scripts, fonts or
/// images from elsewhere, so it can be mailed or archived as a single file. The same input gives
/// the same bytes.
public enum ReportPage {
    public static func html(_ input: ReportInput) -> String {
        let model = ReportModel(input)
        let chart = ChartRenderer(thresholds: input.thresholds, sampled: model.sampled)
        var s = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        s += "<title>\(HTML.text(input.title))</title><style>\(style)</style></head><body>\n"
        s += header(input, model)
        s += legend(input)
        if model.timelines.isEmpty { s += #"<p class="muted">No region has an alert or an index reading in this period.</p>"# }
        for t in model.timelines {
            s += "<section class=\"region\"><h2>\(HTML.text(t.region))</h2>"
            s += "<p class=\"facts\">\(facts(t))</p>\n"
            s += chart.svg(t) + "</section>\n"
        }
        s += TableRenderer.html(model.entries, limit: input.topAlerts)
        s += "\n</body></html>\n"
        return s
    }

    private static func header(_ input: ReportInput, _ model: ReportModel) -> String {
        var s = "<header><h1>\(HTML.text(input.title))</h1><p>"
        let from = input.since ?? model.period?.lowerBound, to = input.until ?? model.period?.upperBound
        if let from, let to {
            s += "<b>Period</b> \(HTML.text(ReportTime.minute(from))) – \(HTML.text(ReportTime.minute(to))) UTC · "
        }
        s += "<b>\(model.itemCount)</b> item alert\(model.itemCount == 1 ? "" : "s") · "
        s += "<b>\(model.regionAlertCount)</b> region alert\(model.regionAlertCount == 1 ? "" : "s") · "
        s += "<b>\(model.timelines.count)</b> region\(model.timelines.count == 1 ? "" : "s")"
        let versions = model.rulesVersions.isEmpty ? "unknown" : model.rulesVersions.map(HTML.text).joined(separator: ", ")
        s += " · rules \(versions)</p>"
        if !input.sourceNote.isEmpty { s += "<p class=\"muted\">Source: \(HTML.text(input.sourceNote))</p>" }
        s += "<p class=\"muted\">"
        s += model.sampled
            ? "The curve is each region's escalation index, sampled at every signal and every half hour between."
            : "The curve joins the index values of the region alerts (dashed): alerts come only when the level changes, so between them the index is not known."
        s += " Gaps of more than three days without news are cut out of the time axis and marked with their length."
        if let generated = input.generatedAt { s += " Generated \(HTML.text(ReportTime.minute(generated))) UTC." }
        return s + "</p></header>\n"
    }

    private static func legend(_ input: ReportInput) -> String {
        let t = input.thresholds
        var s = "<p class=\"legend\">"
        for (tier, from) in [(Severity.low, t.low), (.medium, t.medium), (.high, t.high), (.critical, t.critical)] {
            s += #"<span class="key"><i style="background:\#(Palette.band(tier));border-color:\#(Palette.severity(tier))"></i>\#(tier.rawValue) ≥\#(HTML.number(from))</span>"#
        }
        s += #"<span class="key"><svg width="26" height="10"><line class="index" x1="1" y1="5" x2="25" y2="5"/></svg>index</span>"#
        s += #"<span class="key"><svg width="26" height="10"><line class="baseline" x1="1" y1="5" x2="25" y2="5"/></svg>baseline</span>"#
        s += #"<span class="key"><svg width="14" height="12"><path d="M7 0l7 12h-14z" fill="\#(Palette.severity(.high))"/></svg>escalation</span>"#
        s += #"<span class="key"><svg width="14" height="12"><path d="M7 12l7 -12h-14z" fill="\#(Palette.severity(.low))"/></svg>de-escalation</span>"#
        s += #"<span class="key"><svg width="14" height="14"><path d="M7 0l7 7l-7 7l-7 -7z" fill="\#(Palette.resolved)"/></svg>resolved</span>"#
        s += #"<span class="key"><svg width="12" height="12"><circle cx="6" cy="6" r="5" fill="\#(Palette.severity(.medium))"/></svg>item alert (colour: severity)</span>"#
        return s + " <span class=\"muted\">Hover a marker for its headlines.</span></p>\n"
    }

    private static func facts(_ t: RegionTimeline) -> String {
        var parts: [String] = []
        if t.peak > 0, let at = t.peakTime { parts.append("peak index <b>\(HTML.number(t.peak))</b> at \(HTML.text(ReportTime.minute(at))) UTC") }
        parts.append("\(t.items.count) item alert\(t.items.count == 1 ? "" : "s")")
        parts.append("\(t.changes.count) region alert\(t.changes.count == 1 ? "" : "s")")
        if let last = t.changes.last { parts.append("level after the last: \(HTML.text(last.severity.rawValue))") }
        return parts.joined(separator: " · ")
    }

    private static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:\(Palette.ink);background:#f8f9fa;\
        max-width:1040px;margin:0 auto;padding:16px 20px 40px}\
        h1{font-size:22px;margin:0 0 6px}h2{font-size:17px;margin:0 0 2px}\
        header,section.region{background:#fff;border:1px solid #e3e6ea;border-radius:8px;padding:12px 16px;margin:0 0 14px}\
        header p{margin:4px 0}.muted{color:\(Palette.muted)}.facts{margin:0 0 4px;color:\(Palette.muted);font-size:13px}\
        .legend{display:flex;flex-wrap:wrap;gap:6px 16px;align-items:center;font-size:13px;margin:0 0 14px}\
        .key{display:inline-flex;align-items:center;gap:5px}.key i{display:inline-block;width:16px;height:11px;border:1px solid}\
        svg.chart{width:100%;height:auto;display:block}\
        .grid{stroke:\(Palette.grid);stroke-width:1}.axis{stroke:#adb5bd}.tick{stroke:#adb5bd}\
        .laneline{stroke:\(Palette.grid);stroke-dasharray:2 3}\
        .yl,.lane{font-size:11px;fill:\(Palette.muted);text-anchor:end}\
        .xl{font-size:11px;fill:\(Palette.muted);text-anchor:middle}.gl{font-size:10px;fill:\(Palette.muted);text-anchor:middle}\
        .tier{font-size:11px;font-weight:600}.gap{fill:#fff}.cut{stroke:#868e96;stroke-width:1.5}\
        .index{fill:none;stroke:\(Palette.index);stroke-width:2;stroke-linejoin:round}\
        .index.sparse{stroke-dasharray:6 4}\
        .baseline{fill:none;stroke:\(Palette.baseline);stroke-width:1.3;stroke-dasharray:3 3}\
        .change,.item{stroke:#fff;stroke-width:1.2}.change:hover,.item:hover{stroke:#000}\
        table{border-collapse:collapse;width:100%;background:#fff;font-size:13px;border:1px solid #e3e6ea}\
        th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #edf0f2;vertical-align:top}\
        th{background:#f1f3f5;font-weight:600}tbody tr:nth-child(even){background:#fafbfc}\
        .small{font-size:11px}.num{text-align:right;font-variant-numeric:tabular-nums}.nowrap{white-space:nowrap}\
        .sev{color:#fff;border-radius:3px;padding:1px 6px;font-size:12px;font-weight:600}\
        a{color:#1c5fb8}
        """
}
