import Testing
@testable import TocsinRules

/// Named lists, the new rule fields (tags, enabled), `~N` proximity, and load warnings.
@Suite struct ListAndWarningTests {
    let scoring = RuleSource(path: "scoring.yaml", text: testScoring)

    func assess(_ rules: RuleSet, _ body: String) -> Assessment {
        try! Scorer(ruleSet: rules).assess(NewsItem(id: "l", body: body))
    }

    @Test func listsExpandInsidePhrasesAndNest() throws {
        let rules = try ruleSet("""
            lists:
              units: [troops, soldiers, "@armour"]
              armour: [tanks?, armou?red vehicles]
              verbs: [deploy(s|ed)?, sen(d|t)]
            signals:
              - id: deployed
                category: troop_deployment
                weight: 3
                match: "@verbs ~3 @units"
            """)
        for body in ["Russia sent 300 troops.", "They deployed tanks.", "It deploys two armoured vehicles."] {
            #expect(assess(rules, body).signals.map(\.rule) == ["deployed"], "\(body)")
        }
        #expect(assess(rules, "Russia sent aid.").signals.isEmpty)
        #expect(rules.warnings.filter { $0.path == "test.yaml" }.isEmpty)
    }

    @Test func unknownListIsReportedAtTheReference() throws {
        let found = loadProblems([RuleSource(path: "r.yaml", text: """
            signals:
              - id: a
                category: troop_deployment
                weight: 1
                match: [deployed ~3 @unitz, "@verbz troops"]
            """), scoring])
        #expect(found.map(\.description) == [
            "r.yaml:5:25: unknown list '@unitz'; define it under 'lists:' in a rule file, or use one of: (no lists defined)",
            "r.yaml:5:34: unknown list '@verbz'; define it under 'lists:' in a rule file, or use one of: (no lists defined)",
        ])
    }

    @Test func badListsAreReported() {
        let found = loadProblems([RuleSource(path: "r.yaml", text: """
            lists:
              gap: [deployed ~2 troops]
              loop: [a, "@loop"]
              bad: ["(x|y"]
            signals:
              - {id: a, category: troop_deployment, weight: 1, match: "@loop @gap @bad"}
            """), scoring])
        let messages = found.map(\.description)
        #expect(messages.contains { $0.hasPrefix("r.yaml:2:9: list items cannot use '~N'") })
        #expect(messages.contains { $0.hasPrefix("r.yaml:3:13: invalid phrase '@loop' in list 'loop': list '@loop' refers to itself") })
        #expect(messages.contains { $0.hasPrefix("r.yaml:4:9: invalid phrase '(x|y' in list 'bad': unclosed '('") })
    }

    @Test func aPhraseStartingWithAListMustBeQuoted() {
        let found = loadProblems([RuleSource(path: "r.yaml", text: "signals:\n  - {id: a, category: troop_deployment, weight: 1, match: @units}\n"), scoring])
        #expect(found.first?.message.hasPrefix("a phrase that starts with a list reference must be quoted") == true)
        #expect(found.first?.line == 2)
    }

    @Test func disabledRulesLoadButNeverCount() throws {
        let rules = try ruleSet("""
            signals:
              - {id: off, category: strike_or_shelling, weight: 3, match: shelling, enabled: false, tags: [kinetic]}
              - {id: on, category: troop_deployment, weight: 2, match: deployment, tags: [posture, weak], description: d}
            """)
        #expect(rules.signalRules.map(\.enabled) == [false, true])
        #expect(rules.signalRules.map(\.tags) == [["kinetic"], ["posture", "weak"]])
        #expect(assess(rules, "Shelling and a deployment.").signals.map(\.rule) == ["on"])
        // Disabled rules are still checked.
        let found = loadProblems([RuleSource(path: "r.yaml", text: "signals:\n  - {id: off, category: strike_or_shelling, weight: 3, match: \"(a\", enabled: false}\n"), scoring])
        #expect(found.first?.message.contains("unclosed '('") == true)
        #expect(loadProblems([RuleSource(path: "r.yaml", text: "signals:\n  - {id: x, category: strike_or_shelling, weight: 3, match: a, enabled: maybe}\n"), scoring])
            .first?.message == "'enabled' must be true or false")
    }

    @Test func proximityStaysInOneSentenceAndCountsWords() throws {
        let rules = try ruleSet("signals:\n  - {id: d, category: troop_deployment, weight: 2, match: deployed ~2 troops}\n")
        #expect(assess(rules, "It deployed U.S. troops.").signals.count == 1)          // "U.S." ends no sentence
        #expect(assess(rules, "It deployed, again, troops.").signals.count == 1)       // a comma is not a word
        #expect(assess(rules, "It deployed 3.5 thousand troops.").signals.count == 1)
        #expect(assess(rules, "It deployed. Troops arrived.").signals.isEmpty)
        #expect(assess(rules, "It deployed; troops arrived.").signals.isEmpty)
        #expect(assess(rules, "It deployed some more extra troops.").signals.isEmpty)  // 3 words
    }

    @Test func shortPartsOfGappedPhrasesAreFlaggedAsSlow() throws {
        let rules = try ruleSet("""
            signals:
              - id: alert
                category: troop_deployment
                weight: 1
                match: [troops ~3 on high alert, UN ~3 condemned, no troops, troops ~2 (to|into) ~1 positions]
            modifiers:
              - {id: hospital, kind: figurative, scope: sentence, effect: cancel, match: "(to|at) ~2 hospital"}
            """)
        let slow = rules.warnings.map(\.message).filter { $0.contains("slows every scan") }
        // "on high alert" is one part; the acronym "UN" is matched case-sensitively; "no troops" has one part.
        #expect(slow.count == 2)
        #expect(slow.contains { $0.hasPrefix("phrase 'troops ~2 (to|into) ~1 positions': the part that can be just 'to'") })
        #expect(slow.contains { $0.hasPrefix("phrase '(to|at) ~2 hospital': the part that can be just 'at'") })
    }

    @Test func warningsListWhatCanNeverCount() throws {
        let rules = try RuleSet.load(sources: [RuleSource(path: "w.yaml", text: """
            lists:
              unused: [a, b]
              empty: []
            signals:
              - {id: nothing, category: troop_deployment, weight: 1, match: []}
              - {id: uses-empty, category: troop_deployment, weight: 1, match: "@empty troops"}
              - {id: muted, category: muted_category, weight: 1, match: muted}
              - id: redundant
                category: troop_deployment
                weight: 1
                match: [troops?, troops]
            modifiers:
              - {id: idle, kind: hedge, scope: sentence, effect: 1, match: reportedly}
            scoring:
              thresholds: {low: 1, medium: 3, high: 6, critical: 9}
              categories:
                troop_deployment: {cap: 3}
                muted_category: {cap: 0}
                lonely: {cap: 2}
            """)])
        let lines = rules.warnings.map(\.description)
        let expected = [
            "w.yaml:2:3: list 'unused' is never used",
            "w.yaml:3:3: list 'empty' is empty: phrases that use it can never match",
            "w.yaml:5:10: rule 'nothing' can never match: its 'match' and 'regex' lists are empty",
            "w.yaml:6:10: rule 'uses-empty' can never match: every phrase uses an empty list",
            "w.yaml:6:68: phrase '@empty troops' can never match: it uses an empty list",
            "w.yaml:7:27: rule 'muted' can never add to a score: category 'muted_category' has cap 0",
            "w.yaml:11:22: phrase 'troops' adds nothing to rule 'redundant'",
            "w.yaml:13:54: modifier 'idle' has no effect",
            "w.yaml:19:5: category 'lonely' has no signal rules",
        ]
        for prefix in expected {
            #expect(lines.contains { $0.hasPrefix(prefix) }, "missing: \(prefix)\nin: \(lines)")
        }
        #expect(lines.count == expected.count)
    }

    @Test func warningsTravelWithErrors() {
        do {
            _ = try RuleSet.load(sources: [RuleSource(path: "e.yaml", text: "lists:\n  spare: [x]\nsignals:\n  - {id: a, category: nope, weight: 1, match: y}\n"), scoring])
            Issue.record("expected a load error")
        } catch {
            #expect(error.problems.first?.message.hasPrefix("unknown category 'nope'") == true)
            #expect(error.warnings.filter { $0.path == "e.yaml" }.map(\.description) == [
                "e.yaml:2:3: list 'spare' is never used; refer to it as @spare in a phrase, or remove it",
            ])
        }
    }

    @Test func modifierDefinitionsAreChecked() {
        let found = loadProblems([RuleSource(path: "m.yaml", text: """
            modifiers:
              - {id: a, kind: negation, match: not}
              - {id: b, kind: sarcasm, scope: sentence, match: sure}
              - {id: c, kind: hedge, scope: {before: 99}, match: maybe}
              - {id: d, kind: hedge, scope: sentence, effect: -1, match: maybe}
              - {id: e, kind: boundary, scope: sentence, match: but}
              - {id: f, kind: negation, scope: sentence, match: no}
              - {id: f, kind: negation, scope: sentence, match: never}
            """), scoring])
        let messages = found.map(\.description)
        #expect(messages.contains { $0.hasPrefix("m.yaml:2:5: modifier is missing 'scope'") })
        #expect(messages.contains { $0.hasPrefix("m.yaml:3:19: unknown modifier kind 'sarcasm'") })
        #expect(messages.contains { $0.hasPrefix("m.yaml:4:42: 'scope' is 'sentence', 'title' or {before: N, after: N}") })
        #expect(messages.contains { $0.hasPrefix("m.yaml:5:51: 'effect' is 'cancel' or a factor above 0") })
        #expect(messages.contains { $0.hasPrefix("m.yaml:6:36: a boundary modifier has no 'scope'") })
        #expect(messages.contains { $0.hasPrefix("m.yaml:8:10: duplicate modifier id 'f' (first defined at m.yaml:7:10)") })
    }
}
