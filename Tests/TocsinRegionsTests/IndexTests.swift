import Foundation
import Testing
@testable import TocsinRegions

/// The index: the window's stories, decayed by half-life; the baseline and surges; bounded state.
@Suite struct IndexTests {
    @Test func aStoryDecaysByHalfLifeAndLeavesTheWindow() throws {
        var engine = try RegionEngine(config: plainConfig())   // window 24 h, half-life 6 h
        engine.ingest(signal("a", hours: 0, score: 10))
        func index(_ hours: Double) -> Double { engine.snapshot(of: "india-pakistan", at: at(hours: hours))!.index }
        #expect(abs(index(0) - 10) < 1e-9)
        #expect(abs(index(6) - 5) < 1e-9)
        #expect(abs(index(12) - 2.5) < 1e-9)
        #expect(abs(index(24 - 1.0 / 3600) - 0.625) < 1e-3)
        #expect(index(24) == 0)   // out of the window, however little it still weighed
    }

    @Test func storiesAddUpWithTheirOwnAges() throws {
        var engine = try RegionEngine(config: plainConfig())
        engine.ingest(signal("a", hours: 0, score: 10))
        engine.ingest(signal("b", hours: 6, score: 10))
        let snapshot = try #require(engine.snapshot(of: "india-pakistan"))
        #expect(abs(snapshot.index - 15) < 1e-9)
        #expect(snapshot.stories == 2 && snapshot.items == 2 && snapshot.corroboration == 2)
    }

    @Test func deEscalationStoriesPullTheIndexDownButNotBelowZero() throws {
        var engine = try RegionEngine(config: flatConfig())
        engine.ingest(signal("a", hours: 0, score: 4))
        engine.ingest(signal("b", hours: 1, score: -3, categories: ["de_escalation"]))
        #expect(abs(engine.snapshot(of: "india-pakistan")!.index - 1) < 1e-4)
        engine.ingest(signal("c", hours: 2, score: -3, categories: ["de_escalation"]))
        #expect(engine.snapshot(of: "india-pakistan")!.index == 0)
    }

    /// A steady history (6 points every 6 h for 10 days) sets the baseline near the index that
    /// flow holds; a burst of twice that is a surge.
    @Test func baselineFollowsHistoryAndABurstSurges() throws {
        var engine = try RegionEngine(config: plainConfig())
        var hour = 0.0
        while hour <= 240 {
            engine.ingest(signal("h\(Int(hour))", hours: hour, score: 6))
            hour += 6
        }
        let steady = try #require(engine.snapshot(of: "india-pakistan"))
        // 1 point per hour times ∫₀^24h 0.5^(a/6h) da = 6/ln 2 × (1 − 1/16) ≈ 8.11 h.
        #expect(abs(steady.baseline - 8.115) < 0.5)
        #expect(!steady.surge)
        let alerts = engine.ingestAll((0..<3).map { signal("burst\($0)", hours: 241, score: 6) })
        let surging = try #require(engine.snapshot(of: "india-pakistan"))
        #expect(surging.index >= 2 * surging.baseline)
        #expect(surging.surge)
        let last = try #require(alerts.last)
        #expect(last.surge && last.baseline > 7)
    }

    @Test func aQuietRegionSurgesAgainstTheFloorAndTheSurgeRaisesTheTier() throws {
        var config = RegionConfig()   // surge_raises_tier true, floor 4, ratio 2: surge at 8
        config.minSourcesForCritical = 1
        var engine = try RegionEngine(config: config)
        let alerts = engine.ingestAll([signal("a", hours: 0, score: 9)])
        #expect(alerts.map(\.severity) == [.high])   // medium by the index, one up for the surge
        #expect(alerts.first?.surge == true && alerts.first?.baseline == 0)
    }

    @Test func oldStoriesAndIdleRegionsAreDropped() throws {
        var engine = try RegionEngine(config: plainConfig())
        engine.ingest(signal("old", hours: 0, score: 10))
        engine.ingest(signal("new", hours: 15 * 24, score: 1))
        #expect(!engine.contains(itemID: "old", region: "india-pakistan"))
        // Older than the clock minus the baseline window: too late to count.
        #expect(engine.ingest(signal("late", hours: 0.5, score: 50)).isEmpty)
        #expect(!engine.contains(itemID: "late", region: "india-pakistan"))
        engine.advance(to: at(hours: 40 * 24))
        #expect(engine.regionNames.isEmpty)
    }

    @Test func regionsAreIndependent() throws {
        var engine = try RegionEngine(config: plainConfig())
        engine.ingest(signal("a", hours: 0, score: 10))
        engine.ingest(signal("b", hours: 0, score: 4, region: "koreas"))
        #expect(engine.regionNames == ["india-pakistan", "koreas"])
        #expect(engine.snapshot(of: "koreas")?.index == 4)
    }
}
