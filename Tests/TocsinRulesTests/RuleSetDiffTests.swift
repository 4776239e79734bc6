import Testing
@testable import TocsinRules

@Suite struct RuleSetDiffTests {
    let base = """
        signals:
          - id: shelling
            category: strike_or_shelling
            weight: 3
            match: [shelled]
          - id: troops
            category: troop_deployment
            weight: 2
            match: [troops deployed]
        modifiers:
          - id: denied
            kind: negation
            scope: sentence
            match: [denied]
        """

    @Test func namesAddedRemovedAndModifiedRules() throws {
        let old = try ruleSet(base)
        let new = try ruleSet("""
            signals:
              - id: shelling
                category: strike_or_shelling
                weight: 4
                match: [shelled]
              - id: airstrike
                category: strike_or_shelling
                weight: 3
                match: [air strike]
            modifiers:
              - id: denied
                kind: negation
                scope: sentence
                match: [denied, rejected]
            """)
        let diff = RuleSetDiff(from: old, to: new)
        #expect(diff.signals.added == ["airstrike"])
        #expect(diff.signals.removed == ["troops"])
        #expect(diff.signals.modified == ["shelling"])
        #expect(diff.modifiers.modified == ["denied"])
        #expect(diff.sections.isEmpty)
        #expect(diff.description == "signal rules: added airstrike; removed troops; modified shelling; modifiers: modified denied")
    }

    @Test func commentsAndLayoutAreNoChangeButChangeTheVersion() throws {
        let old = try ruleSet(base)
        let new = try ruleSet("# a comment\n" + base)
        let diff = RuleSetDiff(from: old, to: new)
        #expect(diff.isEmpty)
        #expect(diff.description.contains("no rule changed"))
        #expect(old.version != new.version)
    }

    @Test func otherSectionsAndTheThresholdAreNamed() throws {
        let old = try ruleSet(base + "\nlists:\n  units: [troops]\n")
        let new = try ruleSet(base + "\nlists:\n  units: [troops, soldiers]\n", alertThreshold: .high)
        let diff = RuleSetDiff(from: old, to: new)
        #expect(diff.signals.isEmpty && diff.modifiers.isEmpty)
        #expect(diff.sections == ["lists"])
        #expect(diff.threshold?.old == .medium && diff.threshold?.new == .high)
        #expect(diff.description == "also changed: lists; alert threshold: medium -> high")
    }
}
