import Foundation
import Testing
@testable import TocsinRegions

/// Escalation, de-escalation and resolved alerts; hysteresis; suppression.
@Suite struct TransitionTests {
    @Test func levelRisesFallsAndResolves() throws {
        var engine = try RegionEngine(config: plainConfig())   // low 3, medium 8, high 15; half-life 6 h
        var alerts = engine.ingestAll([signal("a", hours: 0, score: 10), signal("b", hours: 1, score: 10)])
        alerts += engine.advance(to: at(hours: 8))    // 3.97 + 4.45 = 8.42: below high's hold (12)
        alerts += engine.advance(to: at(hours: 14))   // 4.2: below medium's hold (6.4)
        alerts += engine.advance(to: at(hours: 26))   // both out of the window
        #expect(alerts.map(\.type) == [.escalation, .escalation, .deEscalation, .deEscalation, .resolved])
        #expect(alerts.map(\.severity) == [.medium, .high, .medium, .low, .none])
        #expect(alerts.map(\.previousSeverity) == [.none, .medium, .high, .medium, .low])
        #expect(alerts.allSatisfy { $0.alert })
        // The second escalation names both stories, the newer (less decayed) first.
        #expect(alerts[1].drivers.map(\.itemID) == ["b", "a"])
        #expect(alerts[1].drivers.first?.title == "title b")
        #expect(alerts[1].eventTime == "2025-05-07T07:40:00Z")
        #expect(alerts[1].windowStart == "2025-05-06T07:40:00Z" && alerts[1].windowEnd == "2025-05-07T07:40:00Z")
        #expect(alerts[4].drivers.isEmpty && alerts[4].score == 0)
        #expect(Set(alerts.map(\.alertID)).count == 5)
    }

    @Test func aFallCanSkipTiers() throws {
        var engine = try RegionEngine(config: flatConfig())
        var alerts = engine.ingestAll([signal("a", hours: 0, score: 20)])
        alerts += engine.ingestAll([signal("calm", hours: 1, score: -18, categories: ["de_escalation"])])
        #expect(alerts.map(\.severity) == [.high, .none])
        #expect(alerts.last?.type == .resolved)
        #expect(alerts.last?.drivers.first?.itemID == "calm")   // what pulled it down comes first
    }

    /// An index swinging between 7.5 and 8.5 around medium's threshold (8) alerts once.
    @Test func hysteresisStopsFlapping() throws {
        var engine = try RegionEngine(config: flatConfig { $0.suppressionInterval = 0 })
        var alerts = engine.ingestAll(oscillation())
        #expect(alerts.map(\.severity) == [.medium])
        // Falling below medium's hold level (8 × 0.8 = 6.4), to 5.5, de-escalates.
        alerts += engine.ingestAll([signal("drop", hours: 20, score: -3, categories: ["de_escalation"])])
        #expect(alerts.map(\.severity) == [.medium, .low])
        #expect(alerts.last?.type == .deEscalation)
    }

    @Test func withoutAMarginTheSameSwingFlaps() throws {
        var engine = try RegionEngine(config: flatConfig { $0.suppressionInterval = 0; $0.hysteresisMargin = 0 })
        let alerts = engine.ingestAll(oscillation())
        #expect(alerts.count == 7)
    }

    /// Repeats of the same type and tier within 6 h are held back and counted; the next alert
    /// sent says how many.
    @Test func suppressionCountsWhatItHoldsBack() throws {
        var engine = try RegionEngine(config: flatConfig { $0.hysteresisMargin = 0 })   // suppression 6 h
        let up = { (id: String, hours: Double, score: Double) in signal(id, hours: hours, score: score) }
        let down = { (id: String, hours: Double, score: Double) in signal(id, hours: hours, score: score, categories: ["de_escalation"]) }
        var alerts = engine.ingestAll([
            up("a", 0, 8.5),     // medium, sent
            down("b", 1, -1),    // low, sent
            up("c", 2, 1),       // medium again within 6 h: suppressed
            down("d", 3, -1),    // low again: suppressed
            up("e", 4, 1),       // medium again: suppressed
        ])
        #expect(alerts.map(\.severity) == [.medium, .low])
        alerts += engine.ingestAll([up("f", 5, 10)])   // high: a new tier, sent with the count
        #expect(alerts.last?.severity == .high)
        #expect(alerts.last?.suppressed == 3)
        alerts += engine.ingestAll([down("g", 7.5, -11)])   // low: its last alert was 6.5 h ago
        #expect(alerts.last?.severity == .low && alerts.last?.suppressed == 0)
        #expect(engine.snapshot(of: "india-pakistan")?.level == .low)
    }

    /// 8.5, then −1 and +1 in turns: 7.5, 8.5, 7.5, ...
    private func oscillation() -> [RegionSignal] {
        var signals = [signal("start", hours: 0, score: 8.5)]
        for k in 1...6 {
            signals.append(k % 2 == 1
                ? signal("dip\(k)", hours: Double(k), score: -1, categories: ["de_escalation"])
                : signal("rise\(k)", hours: Double(k), score: 1))
        }
        return signals
    }
}
