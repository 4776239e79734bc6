/// The table of the period's top alerts, item and region together, by severity then score.
enum TableRenderer {
    static func html(_ entries: [Entry], limit: Int) -> String {
        let shown = entries.prefix(max(limit, 0))
        var s = "<h2>Top alerts</h2>"
        guard !shown.isEmpty else { return s + #"<p class="muted">No alerts in this period.</p>"# }
        if entries.count > shown.count {
            s += #"<p class="muted">The \#(shown.count) highest of \#(entries.count), by severity then score (an item's score, or a region's index).</p>"#
        }
        s += "<table><thead><tr><th>time (UTC)</th><th>region</th><th>severity</th><th>type</th><th class=\"num\">score</th><th>headline</th><th>link</th></tr></thead><tbody>"
        for e in shown {
            s += "<tr>"
            s += "<td class=\"nowrap\">\(e.time.map { HTML.text(ReportTime.minute($0)) } ?? "—")</td>"
            s += "<td class=\"nowrap\">\(e.region.map(HTML.text) ?? "—")</td>"
            s += #"<td><span class="sev" style="background:\#(Palette.severity(e.severity))">\#(e.severity.rawValue)</span></td>"#
            s += "<td class=\"nowrap\">\(e.kind.rawValue)"
            if let previous = e.previous { s += "<br><span class=\"muted small\">from \(previous.rawValue)</span>" }
            s += "</td>"
            s += "<td class=\"num\">\(HTML.number(e.score))</td>"
            s += #"<td title="\#(HTML.attribute(e.tooltip))">\#(HTML.text(HTML.clip(e.headline ?? "", 140)))</td>"#
            if let url = HTML.safeURL(e.url) {
                s += #"<td><a href="\#(HTML.attribute(url))" rel="noopener noreferrer">source</a></td>"#
            } else {
                s += "<td></td>"
            }
            s += "</tr>"
        }
        return s + "</tbody></table>"
    }
}
