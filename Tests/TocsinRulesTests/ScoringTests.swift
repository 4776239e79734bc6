import Testing
@testable import TocsinRules

@Suite struct ScoringTests {
    /// A small rule set exercising each feature; weights are chosen so sums are easy to check.
    static let rules = try! ruleSet("""
        signals:
          - id: air-strike
            category: strike_or_shelling
            weight: 3
            match: (air|missile) strikes?
          - id: shelling
            category: strike_or_shelling
            weight: 3
            match: shell(ed|ing)
          - id: artillery
            category: strike_or_shelling
            weight: 3
            match: artillery (fire|rounds)
          - id: missile-word
            category: strike_or_shelling
            weight: 1
            match: missile
          - id: deployment
            category: troop_deployment
            weight: 2
            match: [deployment, deployed ~2 troops]
          - id: build-up
            category: troop_deployment
            weight: 1
            match: build-up
          - id: evacuations
            category: un_statement
            weight: 1
            match: evacuat*
          - id: security-council
            category: un_statement
            weight: 2
            regex: 'security council (met|meets)'
          - id: ceasefire
            category: de_escalation
            weight: -2
            match: cease-fire (agreed|holds)
        countries:
          india: [India, Indians?, New Delhi]
          pakistan: [Pakistan, Pakistanis?, Islamabad]
          north-korea: [North Korea, North Korean, Pyongyang]
          south-korea: [South Korea, Seoul]
          japan: [Japan, Japanese, Tokyo]
          sudan: [Sudan]
          south-sudan: [South Sudan]
          united-states: [United States, US]
        regions:
          koreas: [north-korea, south-korea]
          india-pakistan: [india, pakistan]
        """)

    func assess(_ body: String, title: String? = nil, rules: RuleSet = rules) throws -> Assessment {
        try Scorer(ruleSet: rules).assess(NewsItem(id: "t", title: title, body: body))
    }

    func ruleIDs(_ a: Assessment) -> [String] { a.signals.map(\.rule) }

    @Test func matchesPhrasesCaseInsensitively() throws {
        let a = try assess("Officials said an AIR STRIKE hit the depot.")
        #expect(ruleIDs(a) == ["air-strike"])
        #expect(a.signals[0].evidence == "AIR STRIKE")
        #expect(a.signals[0].category == "strike_or_shelling")
        #expect(a.score == 3)
    }

    @Test func matchesWholeWordsOnly() throws {
        #expect(ruleIDs(try assess("The deployment began.")) == ["deployment"])
        #expect(ruleIDs(try assess("A redeployment began.")).isEmpty)
        #expect(ruleIDs(try assess("Deployments began.")).isEmpty)
        #expect(ruleIDs(try assess("Seashelling is not a word, nor is shellingx.")).isEmpty)
    }

    @Test func gapsAllowSomeWordsWithinASentence() throws {
        #expect(ruleIDs(try assess("Russia deployed 3,000 extra troops.")) == ["deployment"])
        #expect(ruleIDs(try assess("Russia deployed some 3,000 extra troops.")).isEmpty)
        #expect(ruleIDs(try assess("Russia deployed. Troops arrived.")).isEmpty)
        #expect(ruleIDs(try assess("Russia deployed\ntroops.")).isEmpty)
    }

    @Test func starMatchesAnyEndingAndHyphenMatchesSpaceOrNothing() throws {
        let a = try assess("Evacuations began.")
        #expect(a.signals.map(\.evidence) == ["Evacuations"])
        for text in ["A build-up.", "A build up.", "A buildup.", "A build—up.", "A build -  up."] {
            #expect(ruleIDs(try assess(text)) == ["build-up"], "\(text)")
        }
    }

    @Test func spacesMatchAnyRunButNotLineBreaks() throws {
        let a = try assess("An air  \t strike.")
        #expect(a.signals.map(\.evidence) == ["air  \t strike"])
        #expect(ruleIDs(try assess("An air\nstrike.")).isEmpty)
    }

    @Test func aRuleCountsOnceAndCategoriesAreCapped() throws {
        let once = try assess("Shelling, shelling and more shelling.")
        #expect(once.signals.count == 1)
        #expect(once.signals[0].start == 0)
        #expect(once.score == 3)
        // Three 3-point rules in a category capped at 4: the strongest two fill the cap.
        let capped = try assess("Air strikes, then shelling, then artillery fire.")
        #expect(capped.score == 4)
        #expect(capped.signals.map(\.weight) == [3, 1])
        #expect(capped.signals.map(\.weight).reduce(0, +) == capped.score)
    }

    @Test func overlappingEvidenceCountsOnce() throws {
        // "missile strikes" is one fact: the 3-point rule counts, the 1-point "missile" does not.
        let a = try assess("Missile strikes hit the city.")
        #expect(ruleIDs(a) == ["air-strike"])
        #expect(a.score == 3)
    }

    @Test func deEscalationLowersTheScore() throws {
        let escalation = try assess("Shelling continued and troops were deployed; a troop deployment followed.")
        let mixed = try assess("Shelling continued and a troop deployment followed, but a ceasefire holds.")
        #expect(escalation.score == 5)
        #expect(mixed.score == 3)
        #expect(mixed.signals.last?.weight == -2)
        #expect(mixed.signals.last?.category == "de_escalation")
    }

    @Test func severityFollowsTheThresholds() throws {
        #expect(try assess("Nothing happened.").severity == .none)
        #expect(try assess("A troop deployment.").severity == .low)                      // 2
        #expect(try assess("Shelling.").severity == .medium)                              // 3
        #expect(try assess("Shelling and a troop deployment, then a build-up.").severity == .high)   // 3 + 3 (capped)
        let all = try assess("Shelling and air strikes; a deployment and a build-up; evacuations; the Security Council met.")
        #expect(all.score == 10)
        #expect(all.severity == .critical)
        #expect(all.alert)
        #expect(!(try assess("A troop deployment.")).alert)
    }

    @Test func alertThresholdIsConfigurable() throws {
        let strict = try ruleSet("signals:\n  - {id: s, category: strike_or_shelling, weight: 3, match: shelling}\n", alertThreshold: .high)
        let a = try assess("Shelling.", rules: strict)
        #expect(a.severity == .medium)
        #expect(!a.alert)
    }

    @Test func regionIsTheTwoMostMentionedCountriesInAlphabeticalOrder() throws {
        #expect(try assess("Pakistan said Indian troops fired; Islamabad protested.").region == "india-pakistan")
        #expect(try assess("Only Japan is named, twice: Tokyo.").region == nil)
        #expect(try assess("No country at all.").region == nil)
        #expect(try assess("US and Japanese officials met in Tokyo; the United States agreed.").region == "japan-united-states")
    }

    @Test func knownRegionWinsWhenItsCountriesAreMentioned() throws {
        let a = try assess("North Korea fired a missile over Japan. Japanese officials in Tokyo protested; South Korea's military tracked it.",
                           title: "Missile flies over Japan")
        #expect(a.region == "koreas")
    }

    @Test func titleMentionsWeighDouble() throws {
        let a = try assess("Japan protested. Japan again. The United States spoke.", title: "Seoul and Pyongyang trade threats")
        #expect(a.region == "koreas")
        let b = try assess("Tokyo, Tokyo and Tokyo. The United States, the United States.", title: "Japan")
        #expect(b.region == "japan-united-states")
    }

    @Test func mentionsInsideLongerNamesDoNotCount() throws {
        #expect(try assess("South Sudan and Japan held talks.").region == "japan-south-sudan")
    }

    @Test func acronymsAreCaseSensitive() throws {
        #expect(try assess("Let us talk to Japan.").region == nil)
        #expect(try assess("The US talked to Japan.").region == "japan-united-states")
    }

    @Test func offsetsCountUnicodeScalarsOfTheOriginalText() throws {
        let item = NewsItem(id: "u", title: "Émile’s “scoop” — naïve 😀 coverage",
                            body: "Intro\u{00A0}text. Pakistan’s air   strike and then SHELLING.")
        let a = try Scorer(ruleSet: Self.rules).assess(item)
        let text = scoredText(item)
        #expect(a.signals.count == 2)
        for signal in a.signals {
            #expect(scalarSlice(text, signal.start, signal.end) == signal.evidence)
        }
        #expect(a.signals.map(\.evidence) == ["air   strike", "SHELLING"])
    }

    @Test func phrasesMatchAcrossTypographicQuotes() throws {
        let rules = try ruleSet("signals:\n  - {id: q, category: troop_deployment, weight: 1, match: \"Pakistan's army\"}\n")
        let item = NewsItem(id: "q", body: "“Quote.” Pakistan’s army moved.")
        let a = try Scorer(ruleSet: rules).assess(item)
        #expect(a.signals.map(\.evidence) == ["Pakistan’s army"])
        #expect(scalarSlice(scoredText(item), a.signals[0].start, a.signals[0].end) == "Pakistan’s army")
    }

    @Test func regexRulesReportTheirStart() throws {
        let item = NewsItem(id: "r", title: "Ünïcödé — title", body: "The Security Council met today.")
        let a = try Scorer(ruleSet: Self.rules).assess(item)
        #expect(ruleIDs(a) == ["security-council"])
        #expect(a.signals[0].evidence == "Security Council met")
        #expect(scalarSlice(scoredText(item), a.signals[0].start, a.signals[0].end) == "Security Council met")
    }

    @Test func titleOnlyAndBodyOnlyItems() throws {
        let titleOnly = try Scorer(ruleSet: Self.rules).assess(NewsItem(id: "t", title: "Shelling near Seoul"))
        #expect(titleOnly.signals.first?.start == 0)
        let bodyOnly = try assess("Shelling near Seoul")
        #expect(bodyOnly.signals.first?.start == 0)
    }

    @Test func ruleSetWithoutPatternsScoresNothing() throws {
        let empty = try RuleSet.load(sources: [RuleSource(path: "s.yaml", text: testScoring)])
        let a = try assess("Shelling everywhere.", rules: empty)
        #expect(a == Assessment(region: nil, severity: .none, score: 0, signals: [], alert: false))
    }

    @Test func scorerIsReusableAndDeterministic() throws {
        let scorer = try Scorer(ruleSet: Self.rules)
        let items = ["Shelling in India.", "Nothing.", "Air strikes; Pakistan and India.", "Évacuations — none."]
            .map { NewsItem(id: "x", body: $0) }
        let first = items.map(scorer.assess)
        let second = items.map(scorer.assess)
        #expect(first == second)
        #expect(first == items.map { try! Scorer(ruleSet: Self.rules).assess($0) })
    }

    @Test func scorersInConcurrentTasksShareOneRuleSet() async throws {
        let rules = Self.rules
        let item = NewsItem(id: "c", body: "Shelling and air strikes near Islamabad and New Delhi.")
        let expected = try Scorer(ruleSet: rules).assess(item)
        try await withThrowingTaskGroup(of: Assessment.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let scorer = try Scorer(ruleSet: rules)
                    var last = scorer.assess(item)
                    for _ in 0..<200 { last = scorer.assess(item) }
                    return last
                }
            }
            for try await result in group { #expect(result == expected) }
        }
    }
}
