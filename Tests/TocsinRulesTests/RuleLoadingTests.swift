import Foundation
import Testing
@testable import TocsinRules

@Suite struct RuleLoadingTests {
    let scoring = RuleSource(path: "scoring.yaml", text: testScoring)

    func problems(_ yaml: String, path: String = "rules.yaml") -> [FileProblem] {
        loadProblems([RuleSource(path: path, text: yaml), scoring])
    }

    @Test func badYAMLReportsItsPosition() throws {
        let found = problems("""
            signals:
              - id: a
                category: troop_deployment
               weight: 2
            """)
        let problem = try #require(found.first)
        #expect(problem.path == "rules.yaml")
        #expect(problem.line == 4)
        #expect(problem.message.contains("invalid YAML"))
        #expect(problem.description.hasPrefix("rules.yaml:4:"))
    }

    @Test func badRegexReportsThePatternPosition() throws {
        let found = problems("""
            signals:
              - id: broken
                category: strike_or_shelling
                weight: 2
                regex:
                  - 'fine\\s+pattern'
                  - 'shell(ed|ing'
            """)
        #expect(found.count == 1)
        let problem = try #require(found.first)
        #expect((problem.line, problem.column) == (7, 9))
        #expect(problem.message.contains("invalid regex 'shell(ed|ing'"))
    }

    @Test func badPhraseReportsThePhrasePosition() throws {
        let found = problems("""
            signals:
              - id: p
                category: strike_or_shelling
                weight: 2
                match: [ok phrase, "shell(ed|ing", "~3 troops"]
            """)
        #expect(found.map(\.line) == [5, 5])
        #expect(found.map(\.column) == [24, 40])
        #expect(found[0].message.contains("unclosed '('"))
        #expect(found[1].message.contains("between two words"))
    }

    @Test func duplicateRuleIDAcrossFilesPointsAtBoth() throws {
        let one = RuleSource(path: "one.yaml", text: "signals:\n  - {id: dup, category: un_statement, weight: 1, match: UN Security Council}\n")
        let two = RuleSource(path: "two.yaml", text: "\nsignals:\n  - id: dup\n    category: un_statement\n    weight: 1\n    match: Guterres\n")
        let found = loadProblems([one, two, scoring])
        #expect(found.count == 1)
        let problem = try #require(found.first)
        #expect(problem.description.hasPrefix("two.yaml:3:9: duplicate rule id 'dup' (first defined at one.yaml:2:10)"))
    }

    @Test func thresholdsMustAscend() throws {
        let found = loadProblems([RuleSource(path: "s.yaml", text: """
            scoring:
              thresholds:
                low: 1
                medium: 5
                high: 4
                critical: 9
            """)])
        let problem = try #require(found.first)
        #expect((problem.path, problem.line, problem.column) == ("s.yaml", 5, 11))
        #expect(problem.message.contains("must be greater than 'medium'"))
    }

    @Test func missingThresholdsAreReported() {
        let found = loadProblems([RuleSource(path: "only-signals.yaml", text: "signals: []\n")])
        #expect(found.map(\.description) == ["only-signals.yaml:1:1: no scoring thresholds in any rule file; add 'scoring: {thresholds: {low: 1, medium: 3, high: 6, critical: 9}}'"])
    }

    @Test func unknownCategoryIsReportedAtTheCategory() throws {
        let found = problems("""
            signals:
              - id: a
                category: troop_movements
                weight: 2
                match: troops
            """)
        let problem = try #require(found.first)
        #expect((problem.line, problem.column) == (3, 15))
        #expect(problem.message.hasPrefix("unknown category 'troop_movements'; declare it under scoring.categories"))
    }

    @Test func typosInKeysAndTypesAreReported() {
        let found = problems("""
            signals:
              - id: a
                category: troop_deployment
                wieght: 2
                match: troops
              - id: b
                category: troop_deployment
                weight: heavy
                match: troops
            countries:
              india: []
            regions:
              india-pakistan: [india, pakistan]
            """)
        let messages = found.map(\.description)
        #expect(messages.contains { $0.hasPrefix("rules.yaml:4:5: unknown key 'wieght' in a signal rule") })
        #expect(messages.contains { $0.hasPrefix("rules.yaml:2:5: signal rule is missing 'weight'") })
        #expect(messages.contains("rules.yaml:8:13: weight must be a number"))
        #expect(messages.contains { $0.hasPrefix("rules.yaml:11:10: country 'india' has no names") })
        #expect(messages.contains { $0.hasPrefix("rules.yaml:13:27: region 'india-pakistan' names unknown country 'pakistan'") })
    }

    @Test func missingPathIsReported() {
        #expect {
            _ = try RuleSet.load(paths: ["/nonexistent/rules"])
        } throws: { error in
            (error as? RuleLoadError)?.description.hasPrefix("/nonexistent/rules:1:1: no such rule file or folder") == true
        }
    }

    @Test func directoryLoadsYAMLFilesInNameOrderAndVersionsFollowContent() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try testScoring.write(to: dir.appendingPathComponent("b-scoring.yml"), atomically: true, encoding: .utf8)
        try "signals:\n  - {id: a, category: un_statement, weight: 2, match: Security Council}\n"
            .write(to: dir.appendingPathComponent("a-signals.yaml"), atomically: true, encoding: .utf8)
        try "not: [rules".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let first = try RuleSet.load(paths: [dir.path])
        #expect(first.files.map { URL(fileURLWithPath: $0).lastPathComponent } == ["a-signals.yaml", "b-scoring.yml"])
        #expect(first.version.hasPrefix("sha-"))
        #expect(first.version.count == 16)
        #expect(try RuleSet.load(paths: [dir.path]).version == first.version)
        try "signals:\n  - {id: a, category: un_statement, weight: 3, match: Security Council}\n"
            .write(to: dir.appendingPathComponent("a-signals.yaml"), atomically: true, encoding: .utf8)
        #expect(try RuleSet.load(paths: [dir.path]).version != first.version)
    }

    @Test func errorDescriptionListsOneProblemPerLine() {
        let error = RuleLoadError(problems: [
            FileProblem(path: "a.yaml", line: 1, column: 2, message: "first"),
            FileProblem(path: "b.yaml", line: 3, column: 4, message: "second"),
        ])
        #expect(error.description == "a.yaml:1:2: first\nb.yaml:3:4: second")
    }

    @Test func defaultPackLoadsWithTheContractCategories() throws {
        let rules = try RuleSet.load(paths: [Paths.defaultRules])
        #expect(Set(rules.categories.map(\.name)) == [
            "troop_deployment", "air_activity", "naval_activity", "strike_or_shelling", "un_statement",
            "nuclear_rhetoric", "diplomatic_rupture", "evacuation_advisory", "de_escalation",
        ])
        #expect(rules.alertThreshold == .medium)
        #expect(rules.countryCount >= 40)
    }
}
