import Foundation
import Testing
import TocsinRules
@testable import TocsinRegions

/// What a rebuild from a replayed topic relies on: redeliveries ignored, deterministic ids,
/// replay without emitting.
@Suite struct RebuildTests {
    /// Two regions, rises and falls, a copy, a redelivery and a clock tick.
    private func history() -> [RegionSignal] {
        [
            signal("a", hours: 0, score: 10),
            signal("k1", hours: 0.5, score: 4, region: "koreas"),
            signal("b", hours: 1, score: 10),
            signal("b-copy", hours: 1.5, score: 9, source: "Other Outlet", fingerprint: uniqueFingerprint("b")),
            signal("a", hours: 2, score: 10),   // redelivered
            signal("k2", hours: 3, score: 6, region: "koreas"),
            signal("c", hours: 9, score: 3),
            signal("calm", hours: 10, score: -8, categories: ["de_escalation"]),
            signal("k3", hours: 30, score: 20, region: "koreas"),
            signal("d", hours: 31, score: 9),
        ]
    }

    private func run(_ signals: [RegionSignal], rulesVersion: String? = "rules-1") throws -> [RegionAlert] {
        var engine = try RegionEngine(config: plainConfig(), rulesVersion: rulesVersion)
        var alerts = engine.ingestAll(Array(signals.prefix(8)))
        alerts += engine.advance(to: at(hours: 20))
        alerts += engine.ingestAll(Array(signals.dropFirst(8)))
        return alerts
    }

    @Test func aRedeliveredItemChangesNothing() throws {
        var engine = try RegionEngine(config: plainConfig())
        #expect(engine.ingest(signal("a", hours: 0, score: 10)).count == 1)
        let before = engine.snapshot(of: "india-pakistan")
        #expect(engine.ingest(signal("a", hours: 0, score: 10)).isEmpty)
        #expect(engine.ingest(signal("a", hours: 3, score: 30)).isEmpty)   // even retimed or rescored
        #expect(engine.snapshot(of: "india-pakistan", at: at(hours: 0)) == before)
        #expect(engine.snapshot(of: "india-pakistan")?.items == 1)
    }

    @Test func theSameInputGivesTheSameAlertsAndIds() throws {
        let first = try run(history())
        let second = try run(history())
        #expect(first.count >= 5)
        #expect(first == second)
        #expect(first.map { $0.jsonLine() } == second.map { $0.jsonLine() })
        #expect(Set(first.map(\.alertID)).count == first.count)
        #expect(first.allSatisfy { $0.alertID.hasPrefix("reg-") && $0.alertID.count == 20 })
        let otherRules = try run(history(), rulesVersion: "rules-2")
        #expect(Set(otherRules.map(\.alertID)).isDisjoint(with: first.map(\.alertID)))
    }

    @Test func replayingWithoutEmittingThenContinuingSendsOnlyWhatFollows() throws {
        let signals = history()
        var original = try RegionEngine(config: plainConfig())
        let perSignal = signals.map { original.ingest($0) }
        let split = 6
        #expect(!perSignal[..<split].joined().isEmpty && !perSignal[split...].joined().isEmpty)

        var rebuilt = try RegionEngine(config: plainConfig())
        rebuilt.replay(signals[..<split])
        #expect(rebuilt.ingestAll(Array(signals[..<split]), emit: false).isEmpty)   // replaying twice is harmless
        let continued = signals[split...].flatMap { rebuilt.ingest($0) }
        #expect(continued == Array(perSignal[split...].joined()))
    }

    @Test func emitFalseStillUpdatesState() throws {
        var engine = try RegionEngine(config: plainConfig())
        #expect(engine.ingest(signal("a", hours: 0, score: 10), emit: false).isEmpty)
        #expect(engine.snapshot(of: "india-pakistan")?.level == .medium)
        #expect(engine.advance(to: at(hours: 30), emit: false).isEmpty)
        #expect(engine.snapshot(of: "india-pakistan")?.level == Severity.none)
        engine.advance(to: at(hours: 16 * 24), emit: false)   // past the baseline window: nothing left
        #expect(engine.regionNames.isEmpty)
    }
}
