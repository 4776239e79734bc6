import Foundation
import Testing
@testable import TocsinRules

/// `Scorer.explain`: the same verdict as `assess`, plus modifiers and uncounted matches with reasons.
@Suite struct ExplainTests {
    static let rules = try! ruleSet("""
        signals:
          - {id: strike, category: strike_or_shelling, weight: 3, match: "air strikes?"}
          - {id: shelling, category: strike_or_shelling, weight: 3, match: shelling}
          - {id: artillery, category: strike_or_shelling, weight: 3, match: artillery fire}
          - {id: missile, category: strike_or_shelling, weight: 1, match: missile}
          - {id: missile-strike, category: strike_or_shelling, weight: 2, match: missile strikes}
          - {id: bombing, category: strike_or_shelling, weight: 1, match: bombing}
          - {id: talks, category: de_escalation, weight: -2, match: talks, enabled: false}
          - {id: deployed, category: troop_deployment, weight: 2, match: "deployed ~3 troops", tags: [posture]}
        modifiers:
          - {id: denial, kind: negation, scope: {before: 4, after: 0}, match: denied}
          - {id: past, kind: historical, scope: sentence, match: in 1999}
          - {id: if, kind: hypothetical, scope: {before: 4, after: 0}, match: if}
          - {id: hedge, kind: hedge, scope: sentence, match: reportedly}
        """)

    // strike_or_shelling (cap 4): "air strikes" is negated first, then counts (3); "missile strikes"
    // is cut to 1 by the cap; "missile" overlaps it; "bombing" finds the cap full.
    static let item = NewsItem(id: "x", title: "Missile strikes", body: """
        India denied air strikes. In 1999, artillery fire hit the post. If shelling resumed, talks would end. \
        Troops were reportedly deployed with 300 troops. Air strikes followed, then more air strikes and bombing.
        """)

    @Test func explanationMatchesTheAssessment() throws {
        let scorer = try Scorer(ruleSet: Self.rules)
        let explanation = scorer.explain(Self.item)
        #expect(explanation.assessment == scorer.assess(Self.item))
        #expect(explanation.counted.map(\.signal) == explanation.assessment.signals)
        // Explaining leaves no state behind.
        #expect(scorer.assess(Self.item) == Self.rules.scorerAssess(Self.item))
    }

    @Test func uncountedMatchesSayWhy() throws {
        let e = try Scorer(ruleSet: Self.rules).explain(Self.item)
        let reasons = e.uncounted.map { "\($0.rule):\($0.reason.rawValue)" }
        #expect(reasons.contains("strike:negated"))
        #expect(reasons.contains("artillery:historical"))
        #expect(reasons.contains("shelling:hypothetical"))
        #expect(reasons.contains("talks:disabled"))
        #expect(reasons.contains("missile:overlapping"))
        #expect(reasons.contains("bombing:over_cap"))
        #expect(reasons.contains("strike:repeated"))
        let negated = try #require(e.uncounted.first { $0.reason == .negated })
        #expect(negated.modifier == "denial")
        #expect(negated.modifierSpan?.evidence == "denied")
        #expect(negated.span.evidence == "air strikes")
        let text = scoredText(Self.item)
        for u in e.uncounted {
            #expect(scalarSlice(text, u.span.start, u.span.end) == u.span.evidence)
        }
    }

    @Test func firedModifiersSayWhatTheyDidToWhich() throws {
        let e = try Scorer(ruleSet: Self.rules).explain(Self.item)
        #expect(e.modifiers.map(\.id) == ["denial", "past", "if", "hedge"])
        let hedge = try #require(e.modifiers.last)
        #expect(hedge.kind == .hedge)
        #expect(hedge.phrase == "reportedly")
        #expect(hedge.effect == .multiply(0.5))
        #expect(hedge.affects.map(\.rule) == ["deployed"])
        #expect(scalarSlice(scoredText(Self.item), hedge.span.start, hedge.span.end) == "reportedly")
        let deployed = try #require(e.counted.first { $0.signal.rule == "deployed" })
        #expect(deployed.factor == 0.5)
        #expect(deployed.ruleWeight == 2)
        #expect(deployed.signal.weight == 1)
        #expect(deployed.modifiers == ["hedge"])
        #expect(deployed.tags == ["posture"])
    }

    @Test func reportIsReadable() throws {
        let e = try Scorer(ruleSet: Self.rules).explain(Self.item)
        let report = e.report(for: Self.item)
        #expect(report.hasPrefix("x: ALERT, severity medium, score 5, region none\n"))
        #expect(report.contains("  counted:\n"))
        #expect(report.contains("  modifiers:\n"))
        #expect(report.contains("    negated      strike                 \"air strikes\""))
        #expect(report.contains("by denial \"denied\""))
        #expect(report.contains("(enabled: false)"))
        #expect(report.contains("rule 2 x0.5"))
    }

    @Test func explanationEncodesAsJSON() throws {
        let e = try Scorer(ruleSet: Self.rules).explain(Self.item)
        let json = String(decoding: try JSONEncoder().encode(e), as: UTF8.self)
        #expect(json.contains(#""reason":"negated""#))
        #expect(json.contains(#""effect":0.5"#))
        #expect(json.contains(#""effect":"cancel""#))
        #expect(!json.contains("assessment"))
    }
}

extension RuleSet {
    /// A fresh scorer's assessment, to compare with a reused one.
    func scorerAssess(_ item: NewsItem) -> Assessment { try! Scorer(ruleSet: self).assess(item) }
}
