import Foundation
import Testing
import TocsinRegions
import TocsinRules
@testable import TocsinReport

@Suite struct RenderTests {
    let html = ReportPage.html(Fixture.input)

    @Test func wellFormedWithOneChartPerRegion() {
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(tagProblem(html) == nil, "\(tagProblem(html) ?? "")")
        #expect(html.components(separatedBy: "<svg class=\"chart\"").count - 1 == 2)
        // Ordered by peak index: koreas (16) before india-pakistan (9).
        let koreas = html.range(of: "<h2>koreas</h2>"), india = html.range(of: "<h2>india-pakistan</h2>")
        #expect(koreas != nil && india != nil && koreas!.lowerBound < india!.lowerBound)
        #expect(html.contains("<b>4</b> item alerts · <b>4</b> region alerts · <b>2</b> regions"))
        #expect(html.contains("rules sha-test"))
    }

    @Test func tierBandsFromTheThresholds() {
        let custom = ReportPage.html(ReportInput(
            regionAlerts: Fixture.input.regionAlerts, thresholds: .init(low: 2, medium: 5, high: 10, critical: 20)))
        for (tier, colour) in [("low", Palette.band(.low)), ("medium", Palette.band(.medium)), ("high", Palette.band(.high))] {
            #expect(custom.contains(#"fill="\#(colour)"><title>\#(tier): index"#), "band \(tier)")
        }
        #expect(custom.contains("medium ≥5"))
        #expect(custom.contains("critical ≥20"))   // koreas peaks at 16: the critical band is in view
        #expect(custom.contains(#"<rect class="band""#))
    }

    @Test func markersCarryTheirHeadlines() {
        // Item alerts: circles; region alerts: paths; each with a <title> naming the headlines.
        let circles = captures(#"<circle class="item"[^>]*><title>([^<]*)</title>"#, in: html)
        #expect(circles.count == 3)   // the alert without a region has no chart
        #expect(circles.contains { $0.contains("Shelling reported along the Line of Control") && $0.contains("MEDIUM item alert") })
        let changes = captures(#"<path class="change"[^>]*><title>([^<]*)</title>"#, in: html)
        #expect(changes.count == 4)
        #expect(changes.contains { $0.contains("escalation none → HIGH") && $0.contains("Driving headlines:\n• Missile lands near coast (Agency, 16)") })
        #expect(changes.contains { $0.contains("resolved high → NONE") })
    }

    @Test func hostileTextIsEscaped() {
        #expect(!html.contains("<script"))
        #expect(!html.contains(Fixture.hostile))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Troops &amp; tanks"))
        #expect(html.contains("<title>Test &amp; report</title>"))
        // A javascript: URL from a feed is never a link; an http(s) one is, with & escaped.
        #expect(!html.contains("javascript:"))
        #expect(html.contains(#"href="https://news.example.com/a1?x=1&amp;y=2""#))
    }

    @Test func nothingExternal() {
        #expect(!html.contains("<link"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("@import"))
        #expect(!html.contains("url("))
        #expect(captures(#"\bsrc\s*=\s*"([^"]*)""#, in: html).isEmpty)
        // The only http in the page: the alert links in the table.
        let hrefs = captures(#"\bhref\s*=\s*"([^"]*)""#, in: html)
        #expect(hrefs.allSatisfy { $0.hasPrefix("https://") })
        let links = captures(#"<td><a href="([^"]*)""#, in: html)
        #expect(Set(hrefs) == Set(links) && !links.isEmpty)
        #expect(html.components(separatedBy: "http").count - 1 == hrefs.count)
    }

    @Test func deterministic() {
        #expect(ReportPage.html(Fixture.input) == html)
        #expect(!html.contains("Generated"))
        var stamped = Fixture.input
        stamped.generatedAt = ReportTime.parse("2025-06-01T12:00:00Z")
        #expect(ReportPage.html(stamped).contains("Generated 2025-06-01 12:00 UTC."))
    }

    @Test func periodFiltersByEventTime() {
        var input = Fixture.input
        input.since = ReportTime.parse("2025-05-09T00:00:00Z")
        let page = ReportPage.html(input)
        #expect(page.contains("<b>2</b> item alerts · <b>2</b> region alerts · <b>1</b> region"))
        #expect(page.contains("<b>Period</b> 2025-05-09 00:00 – 2025-05-10 08:00 UTC"))
        #expect(!page.contains("india-pakistan"))
        input.until = ReportTime.parse("2025-05-09T00:00:00Z")   // empty period
        #expect(ReportPage.html(input).contains("No alerts in this period."))
    }

    @Test func duplicatesCountOnce() {
        var input = Fixture.input
        input.itemAlerts += input.itemAlerts
        input.regionAlerts += input.regionAlerts
        #expect(ReportPage.html(input) == html)
    }

    @Test func topAlertsTableOrder() {
        let rows = captures(#"<tr><td class="nowrap">([^<]*)</td>"#, in: html)
        // critical item, high escalation, high item, then medium by score: escalation 9, item 4, item 3.5; then low and none.
        #expect(rows == ["2025-05-09 02:00", "2025-05-09 02:00", "2025-05-08 09:00", "2025-05-08 09:00", "2025-05-08 11:00", "2025-05-09 03:00", "2025-05-08 20:00", "2025-05-10 08:00"])
        var input = Fixture.input
        input.topAlerts = 3
        #expect(captures(#"<tr><td class="nowrap">([^<]*)</td>"#, in: ReportPage.html(input)).count == 3)
    }

    @Test func decodesAlertsTopicRecords() throws {
        let region = Fixture.input.regionAlerts[0]
        #expect(try AlertRecord(json: region.jsonBytes()) == .region(region))
        let item = Fixture.input.itemAlerts[1]
        #expect(try AlertRecord(json: item.jsonBytes()) == .item(item))
        #expect(throws: (any Error).self) { try AlertRecord(json: Array(#"{"id":"n1","title":"news"}"#.utf8)) }
    }
}
