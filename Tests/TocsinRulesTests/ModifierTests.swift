import Testing
@testable import TocsinRules

/// Modifiers: each kind, their reach (sentence, word window, boundaries) and best-match counting.
@Suite struct ModifierTests {
    static let rules = try! ruleSet("""
        signals:
          - {id: troop-movement, category: troop_deployment, weight: 2, match: "troop (movement|movements|build-up)"}
          - {id: deployed, category: troop_deployment, weight: 3, match: "deployed ~3 troops"}
          - {id: killed, category: strike_or_shelling, weight: 2, match: "soldiers ~3 killed"}
          - {id: strike, category: strike_or_shelling, weight: 3, match: "air strikes?"}
          - {id: abide, category: un_statement, weight: 1, match: "no longer abide by"}
        modifiers:
          - {id: neg, kind: negation, scope: {before: 3, after: 0}, match: [no, not, did not]}
          - {id: denial, kind: negation, scope: {before: 5, after: 3}, match: [denied]}
          - {id: observed, kind: negation, scope: {before: 0, after: 3}, match: "(was|were) observed"}
          - {id: hedge, kind: hedge, scope: sentence, match: [reportedly, could not be independently verified]}
          - {id: scale, kind: magnitude, scope: {before: 2, after: 0}, match: [additional, thousands of]}
          - {id: past, kind: historical, scope: sentence, match: "in (1999|2019)"}
          - {id: if, kind: hypothetical, scope: {before: 4, after: 0}, effect: cancel, match: [if, were to]}
          - {id: but, kind: boundary, match: [but, however]}
        """)

    func assess(_ body: String) throws -> Assessment { try Scorer(ruleSet: Self.rules).assess(NewsItem(id: "m", body: body)) }
    func rules(_ body: String) throws -> [String] { try assess(body).signals.map(\.rule) }

    @Test func negationCancelsNearbyMatches() throws {
        #expect(try rules("No troop movement was observed near the border.").isEmpty)
        #expect(try rules("The army did not deploy troops; it deployed 300 troops later.") == ["deployed"])
        #expect(try rules("Troop movements near the frontier.") == ["troop-movement"])
    }

    @Test func negationAfterTheMatchUsesItsOwnWindow() throws {
        #expect(try rules("Unusual troop movements were observed.").isEmpty)
        #expect(try rules("Troop movements, which officials in the capital said on Monday were observed, continued.") == ["troop-movement"])
    }

    @Test func negationStopsAtABoundaryAndAtTheSentenceEnd() throws {
        #expect(try rules("Pakistan denied the strike, but India said 3 soldiers were killed.") == ["killed"])
        #expect(try rules("Pakistan denied it. Three soldiers were killed.") == ["killed"])
        #expect(try rules("Officials denied that soldiers were killed.").isEmpty)
    }

    @Test func aNegationFarAwayInALongSentenceDoesNotCancel() throws {
        let body = "The minister, who did not attend the summit in the capital last week because of a long-planned visit abroad, said troop movements continued."
        #expect(try rules(body) == ["troop-movement"])
    }

    @Test func negationWordsInsideTheRulesOwnPhraseDoNotCancelIt() throws {
        #expect(try rules("Pyongyang said it will no longer abide by the pact.") == ["abide"])
    }

    @Test func hedgesDampenButStillCount() throws {
        let a = try assess("Jets reportedly carried out air strikes on the depot.")
        #expect(a.signals.map(\.rule) == ["strike"])
        #expect(a.signals[0].weight == 1.5)
        // The longest modifier wins: this is a hedge, not the negation "not".
        let b = try assess("Air strikes hit the depot, a claim that could not be independently verified.")
        #expect(b.signals.map(\.weight) == [1.5])
    }

    @Test func magnitudeAmplifiesWithinTheCap() throws {
        let a = try assess("Russia deployed additional troops.")
        #expect(a.signals.map(\.weight) == [3])          // 3 x 1.5, cut to the troop_deployment cap of 3
        let b = try assess("Thousands of troop movements.")
        #expect(b.signals.map(\.weight) == [3])          // 2 x 1.5
    }

    @Test func historicalAndHypotheticalFramingSuppress() throws {
        #expect(try rules("In 1999, air strikes hit the valley.").isEmpty)
        #expect(try rules("Air strikes hit the valley in 2019, officials recalled.").isEmpty)
        #expect(try rules("If China were to launch air strikes, the region would suffer.").isEmpty)
        #expect(try rules("Air strikes hit the valley on Tuesday.") == ["strike"])
    }

    @Test func aRuleCountsItsBestSurvivingMatch() throws {
        // The first match is negated, the second hedged, the third plain: the plain one counts.
        let body = "There were no air strikes on Monday. Air strikes reportedly hit on Tuesday. Air strikes hit on Wednesday."
        let a = try assess(body)
        #expect(a.signals.count == 1)
        #expect(a.signals[0].weight == 3)
        #expect(a.signals[0].start == body.unicodeScalars.count - "Air strikes hit on Wednesday.".count)
    }

    @Test func modifiersDoNotChangeScoresWithoutThem() throws {
        let plain = try ruleSet("signals:\n  - {id: strike, category: strike_or_shelling, weight: 3, match: air strikes?}\n")
        let a = try Scorer(ruleSet: plain).assess(NewsItem(id: "p", body: "Officials denied air strikes in 1999."))
        #expect(a.signals.map(\.rule) == ["strike"])
    }
}

/// `scope: title`: headline framing reaches every signal in the item, but only from the title.
@Suite struct TitleScopeTests {
    static let rules = try! ruleSet("""
        signals:
          - {id: strike, category: strike_or_shelling, weight: 3, match: "air strikes?"}
          - {id: deployed, category: troop_deployment, weight: 3, match: "deployed ~3 troops"}
        modifiers:
          - {id: review, kind: figurative, scope: title, match: "Review:"}
          - {id: storm, kind: figurative, scope: title, effect: 0.5, match: typhoon}
          - {id: drill, kind: hypothetical, scope: sentence, match: "drill"}
          - {id: but, kind: boundary, match: [but]}
        """)

    func assess(title: String, body: String) throws -> Assessment {
        try Scorer(ruleSet: Self.rules).assess(NewsItem(id: "t", title: title, body: body))
    }

    @Test func aTitleMatchReachesTheWholeBody() throws {
        let a = try assess(title: "Review: a thriller", body: "The hero calls in air strikes. Later, but only later, he deployed more troops.")
        #expect(a.signals.isEmpty)
    }

    @Test func aBodyMatchDoesNotCount() throws {
        let a = try assess(title: "Jets hit depot", body: "Air strikes hit the depot. Review: the army said it was a success.")
        #expect(a.signals.map(\.rule) == ["strike"])
    }

    @Test func aFactorScalesEverySignal() throws {
        let a = try assess(title: "Typhoon nears the coast", body: "The army deployed 2,000 troops. Air strikes were halted.")
        #expect(a.signals.map(\.weight) == [1.5, 1.5])
    }

    @Test func aTitleMatchIsNotHiddenByAnOverlappingSentenceModifier() throws {
        let rules = try ruleSet("""
            signals:
              - {id: strike, category: strike_or_shelling, weight: 3, match: "air strikes?"}
            modifiers:
              - {id: drill-sentence, kind: hypothetical, scope: {before: 1, after: 0}, effect: 0.9, match: "civil defence drill"}
              - {id: drill-title, kind: hypothetical, scope: title, match: "civil defence drill"}
            """)
        let a = try Scorer(ruleSet: rules).assess(NewsItem(id: "t", title: "Annual civil defence drill", body: "Sirens will simulate air strikes."))
        #expect(a.signals.isEmpty)
    }

    @Test func scopeTitleIsAcceptedByTheReader() throws {
        #expect(Self.rules.modifiers.contains { $0.id == "review" })
    }
}
