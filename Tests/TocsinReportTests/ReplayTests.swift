import Foundation
import Testing
import TocsinRegions
import TocsinRules
@testable import TocsinReport

@Suite struct ReplayTests {
    static func news() throws -> [NewsItem] {
        let text = try String(contentsOf: Env.repoRoot.appendingPathComponent("samples/news.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try NewsItem.decode(Array($0.utf8), maxBytes: 1 << 20) }
    }

    static func replay() throws -> (NewsReplay, RuleSet) {
        let rules = try RuleSet.load(paths: [Env.repoRoot.appendingPathComponent("Config/rules").path], alertThreshold: .medium)
        return (try NewsReplay(items: try news(), scorer: try Scorer(ruleSet: rules), rulesVersion: rules.version, regions: RegionConfig()), rules)
    }

    @Test func samplesDrawTheIndexOverTime() throws {
        let (replay, _) = try Self.replay()
        #expect(!replay.itemAlerts.isEmpty && !replay.regionAlerts.isEmpty)
        let india = replay.samples.filter { $0.region == "india-pakistan" }
        // Far more points than alerts: jumps at signals and the decay between them.
        #expect(india.count > 10 * replay.regionAlerts.filter { $0.region == "india-pakistan" }.count)
        #expect(zip(india, india.dropFirst()).allSatisfy { $0.time <= $1.time })
        #expect(india.last?.index == 0)   // the tail decays to zero
        // Every region alert's index is on the curve at its time.
        for alert in replay.regionAlerts where alert.region == "india-pakistan" {
            let at = ReportTime.parse(alert.windowEnd)!
            #expect(india.contains { $0.time == at && abs($0.index - alert.score) < 0.001 }, "\(alert.alertID)")
        }
    }

    @Test func sameNewsSamePage() throws {
        let (a, _) = try Self.replay()
        let (b, _) = try Self.replay()
        let page = { (r: NewsReplay) in ReportPage.html(ReportInput(itemAlerts: r.itemAlerts, regionAlerts: r.regionAlerts, samples: r.samples)) }
        #expect(page(a) == page(b))
        #expect(page(a).contains("sampled at every signal"))
        #expect(page(a).utf8.count < 200_000)
    }

    @Test func axisCutsLongGaps() {
        let t0 = ReportTime.parse("2024-01-01T00:00:00Z")!
        let times = [t0, t0.addingTimeInterval(3600), t0.addingTimeInterval(400 * 86_400)]
        let axis = TimeAxis(times: times, x0: 0, x1: 800)
        #expect(axis.segments.count == 2 && axis.breaks.count == 1)
        #expect(TimeAxis.gapLabel(axis.breaks[0].seconds) == "1.1y")
        #expect(axis.x(times[0]) < axis.x(times[1]) && axis.x(times[1]) < axis.breaks[0].x && axis.breaks[0].x < axis.x(times[2]))
        #expect(axis.x(times[2]) <= 800)
        let day = TimeAxis(times: [t0, t0.addingTimeInterval(86_400)], x0: 0, x1: 800)
        #expect(day.segments.count == 1 && day.breaks.isEmpty)
        #expect(day.ticks().count >= 4)
    }
}
