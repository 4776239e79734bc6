import Foundation
import Testing
@testable import TocsinRegions

/// Syndication-aware dedup: copies of one story count once and raise its corroboration.
@Suite struct DedupTests {
    let wire = RegionSignal.fingerprint(title: wireTitle, body: wireBody)
    let paper = RegionSignal.fingerprint(title: paperTitle, body: paperBody)
    let portal = RegionSignal.fingerprint(title: portalTitle, body: portalBody)
    let other = RegionSignal.fingerprint(title: otherShellingTitle, body: otherShellingBody)
    let missile = RegionSignal.fingerprint(title: missileTitle, body: missileBody)
    let airspace = RegionSignal.fingerprint(title: airspaceTitle, body: airspaceBody)

    @Test func copiesAreCloseAndDistinctStoriesFar() {
        let limit = RegionConfig().dedupMaxDistance
        #expect(limit == 14)
        for copy in [paper, portal] { #expect(Fingerprint.distance(wire, copy) <= limit) }
        for story in [other, missile, airspace] {
            #expect(Fingerprint.distance(wire, story) > limit)
            #expect(Fingerprint.distance(paper, story) > limit)
            #expect(Fingerprint.distance(portal, story) > limit)
        }
    }

    @Test func syndicatedAndRewordedCopiesCountOnceWithTheirSources() throws {
        var engine = try RegionEngine(config: plainConfig())
        engine.ingest(signal("wire", hours: 0, score: 9, source: "Global Wire", title: wireTitle, fingerprint: wire))
        engine.ingest(signal("paper", hours: 3, score: 8, source: "Daily Times", title: paperTitle, fingerprint: paper))
        engine.ingest(signal("portal", hours: 5, score: 10, source: "News Portal", title: portalTitle, fingerprint: portal))
        engine.ingest(signal("repost", hours: 6, score: 9, source: " global wire ", fingerprint: wire))   // same outlet again
        let snapshot = try #require(engine.snapshot(of: "india-pakistan", at: at(hours: 5)))
        #expect(snapshot.stories == 1 && snapshot.items == 4)
        #expect(snapshot.corroboration == 3)
        // The story weighs its strongest report (10), aged from its first (5 h before).
        #expect(abs(snapshot.index - 10 * exp2(-5.0 / 6)) < 1e-9)
    }

    @Test func distinctStoriesOnTheSameRegionEachCount() throws {
        var engine = try RegionEngine(config: plainConfig())
        engine.ingest(signal("wire", hours: 0, score: 5, fingerprint: wire))
        engine.ingest(signal("other", hours: 1, score: 5, fingerprint: other))
        engine.ingest(signal("missile", hours: 1, score: 5, categories: ["nuclear_rhetoric"], fingerprint: missile))
        engine.ingest(signal("airspace", hours: 1, score: 5, categories: ["diplomatic_rupture"], fingerprint: airspace))
        #expect(engine.snapshot(of: "india-pakistan")?.stories == 4)
    }

    @Test func aCopyMergesOnlyWithSharedSignalsWithinTheDedupWindowAndRegion() throws {
        var engine = try RegionEngine(config: plainConfig())   // dedup window 48 h
        engine.ingest(signal("wire", hours: 0, score: 5, fingerprint: wire))
        engine.ingest(signal("no-shared-category", hours: 1, score: 5, categories: ["evacuation_advisory"], fingerprint: paper))
        engine.ingest(signal("other-region", hours: 1, score: 5, region: "china-taiwan", fingerprint: paper))
        engine.ingest(signal("much-later", hours: 49, score: 5, fingerprint: portal))
        engine.ingest(signal("in-time", hours: 47, score: 5, fingerprint: paper))
        let snapshot = try #require(engine.snapshot(of: "india-pakistan", at: at(hours: 49)))
        // In the window at 49 h: "in-time" joined the story of 0 h (out of the window now), "much-later" is new.
        #expect(snapshot.stories == 1)
        #expect(engine.snapshot(of: "india-pakistan", at: at(hours: 1))?.stories == 2)
        #expect(engine.snapshot(of: "china-taiwan")?.stories == 1)
    }

    @Test func criticalNeedsCorroborationFromEnoughSources() throws {
        var engine = try RegionEngine(config: plainConfig { $0.minSourcesForCritical = 2 })
        let first = engine.ingest(signal("wire", hours: 0, score: 30, source: "Global Wire", fingerprint: wire))
        #expect(first.map(\.severity) == [.high])   // 30 reaches critical (25), one source caps it
        let second = engine.ingest(signal("paper", hours: 1, score: 30, source: "Daily Times", fingerprint: paper))
        #expect(second.map(\.severity) == [.critical])
        #expect(second.first?.corroboration == 2)
        #expect(second.first?.stories == 1 && second.first?.items == 2)
        #expect(second.first?.drivers.first?.corroboration == 2)
    }
}
