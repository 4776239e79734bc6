import Foundation
import Testing
@testable import TocsinRules

/// `assessIfSignalled` must agree with `assess` on every item: nil exactly when no signal counts,
/// and the same assessment otherwise.
@Suite struct SignalPrefilterTests {
    @Test func agreesWithTheFullScanOnTheSampleCorpora() throws {
        let ruleSet = try RuleSet.load(paths: [Paths.defaultRules])
        let scorer = try Scorer(ruleSet: ruleSet)
        var skipped = 0, total = 0
        for file in ["samples/dev-labelled.jsonl", "samples/heldout-labelled.jsonl", "samples/seed.jsonl"] {
            for item in try sampleItems(file) {
                total += 1
                let full = scorer.assess(item)
                if let quick = scorer.assessIfSignalled(item) {
                    #expect(quick == full, "\(item.id)")
                } else {
                    skipped += 1
                    #expect(full.signals.isEmpty && full.score == 0 && full.severity == .none, "\(item.id) was skipped but has signals")
                }
            }
        }
        #expect(total > 100)
    }

    @Test func skipsEverydayNewsAndKeepsRegexAndLaterSegmentRules() throws {
        let ruleSet = try TocsinRulesTests.ruleSet("""
            countries:
              india: [India]
            signals:
              - id: troops-deployed
                category: troop_deployment
                weight: 3
                match: deployed ~3 troops
              - id: massed
                category: troop_deployment
                weight: 3
                regex: 'troops? massed'
            """)
        let scorer = try Scorer(ruleSet: ruleSet)
        // Only a country name and a later segment ("troops"): nothing can start a signal match.
        #expect(scorer.assessIfSignalled(NewsItem(id: "a", title: "India cricket troops to victory", body: "Fans cheered.")) == nil)
        #expect(scorer.assessIfSignalled(NewsItem(id: "b", title: "India deployed 300 troops", body: "")) != nil)
        #expect(scorer.assessIfSignalled(NewsItem(id: "c", title: "Troops massed in India", body: ""))?.signals.count == 1)
    }

    private func sampleItems(_ file: String) throws -> [NewsItem] {
        let data = try Data(contentsOf: Paths.root.appendingPathComponent(file))
        return try data.split(separator: UInt8(ascii: "\n")).map { try NewsItem.decode(Array($0), maxBytes: 1 << 20) }
    }
}
