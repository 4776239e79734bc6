import Foundation
import Testing
@testable import TocsinRules

/// Rule test files: parsing, positioned errors, running cases, and the shipped starter suite.
@Suite struct RuleTestFileTests {
    static let rules = try! ruleSet("""
        signals:
          - id: shelling
            category: strike_or_shelling
            weight: 3
            match: shell(ed|ing)
          - id: deployment
            category: troop_deployment
            weight: 2
            match: deployed ~2 troops
          - id: ceasefire
            category: de_escalation
            weight: -2
            match: cease-fire (agreed|holds)
        countries:
          india: [India]
          pakistan: [Pakistan]
        """)

    func load(_ yaml: String) throws(RuleTestLoadError) -> RuleTestSuite {
        try RuleTestSuite.load(sources: [RuleSource(path: "t.yaml", text: yaml)])
    }

    /// The problems a failing load reports, as `path:line:column: message` lines.
    func problems(_ yaml: String) -> [String] {
        do {
            _ = try load(yaml)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test func parsesCasesAndExpectations() throws {
        let suite = try load("""
            tests:
              - name: one
                title: India shelled
                body: More text.
                expect:
                  alert: true
                  severity: high
                  region: india-pakistan
                  signals: [shelling, troop_deployment]
                  absent: de_escalation
              - name: two
                body: Quiet day.
                pending: needs negation modifiers
                expect:
                  severity: {at_least: low, at_most: medium}
                  region: null
              - name: three
                body: x
                expect: {severity: {at_most: low}}
            """)
        #expect(suite.cases.map(\.name) == ["one", "two", "three"])
        let one = suite.cases[0]
        #expect(one.title == "India shelled" && one.body == "More text." && one.pending == nil)
        #expect(one.line == 2 && one.column == 5)
        #expect(one.expectations.map(\.kind) == [
            .alert(true), .severity(atLeast: .high, atMost: .high), .region("india-pakistan"),
            .signal("shelling"), .signal("troop_deployment"), .absent("de_escalation"),
        ])
        #expect(suite.cases[1].pending == "needs negation modifiers")
        #expect(suite.cases[1].expectations.map(\.kind) == [.severity(atLeast: .low, atMost: .medium), .region(nil)])
        #expect(suite.cases[2].expectations.map(\.kind) == [.severity(atLeast: .none, atMost: .low)])
    }

    @Test(arguments: [
        ("tests:\n  - name: a\n    body: x\n    expect: {alert: maybe}\n", "t.yaml:4:21: 'alert' must be true or false"),
        ("tests:\n  - name: a\n    body: x\n    expect: {severity: severe}\n", "t.yaml:4:24: severity must be one of none, low, medium, high, critical"),
        ("tests:\n  - name: a\n    body: x\n    expect: {severity: {at_least: high, at_most: low}}\n", "t.yaml:4:24: 'at_least' (high) is above 'at_most' (low)"),
        ("tests:\n  - name: a\n    body: x\n    expect: {alert: true, colour: red}\n", "t.yaml:4:27: unknown key 'colour' in 'expect'"),
        ("tests:\n  - name: a\n    text: x\n    expect: {alert: true}\n", "t.yaml:3:5: unknown key 'text' in a test case"),
        ("tests:\n  - name: a\n    expect: {alert: true}\n", "t.yaml:2:5: test case has no text"),
        ("tests:\n  - name: a\n    body: x\n", "t.yaml:2:5: test case expects nothing"),
        ("tests:\n  - body: x\n    expect: {alert: true}\n", "t.yaml:2:5: test case is missing 'name'"),
        ("tests:\n  - name: a\n    body: x\n    expect: {alert: true}\n  - name: a\n    body: y\n    expect: {alert: false}\n",
         "t.yaml:5:5: duplicate case name 'a' (first at line 2)"),
        ("tests:\n  - name: a\n    body: x\n    expect: {signals: [[nested]]}\n", "t.yaml:4:24: each entry of 'signals' must be a category or rule id"),
        ("cases: []\n", "t.yaml:1:1: unknown key 'cases' in the top level"),
        ("tests: {a: 1}\n", "t.yaml:1:8: 'tests' must be a list of cases"),
        ("- just a list\n", "t.yaml:1:1: expected a mapping (key: value) for the top level"),
        ("", "t.yaml:1:1: empty test file"),
        ("tests:\n  - name: a\n    body: \"unclosed\n", "t.yaml:4:1: invalid YAML"),
    ])
    func reportsMalformedFilesWithPositions(yaml: String, expected: String) {
        let found = problems(yaml)
        #expect(found.contains { $0.hasPrefix(expected) }, "\(found)")
    }

    @Test func reportsEveryProblemNotJustTheFirst() {
        let found = problems("tests:\n  - name: a\n    expect: {alert: 3}\n  - name: b\n    body: x\n    expect: {region: [a]}\n")
        #expect(found.count == 3, "\(found)")
    }

    @Test func loadingAMissingPathSaysWhatToCheck() {
        #expect {
            _ = try RuleTestSuite.load(paths: ["/nonexistent/tests"])
        } throws: { error in
            "\(error)".hasPrefix("/nonexistent/tests:1:1: no such test file or folder")
        }
    }

    @Test func flagsNamesThatAreNeitherCategoriesNorRules() throws {
        let suite = try load("tests:\n  - name: a\n    body: x\n    expect:\n      signals: [shelling, strike_or_shelling]\n      absent: [troop_deploymnt]\n")
        let found = suite.unknownNames(in: Self.rules).map(\.description)
        #expect(found == ["t.yaml:6:16: case 'a': 'troop_deploymnt' is neither a category nor a rule id of the loaded rules; check the spelling"])
    }

    @Test func runReportsEachUnmetExpectationAtItsLine() throws {
        let suite = try load("""
            tests:
              - name: shelling alerts
                body: Pakistan said India shelled villages.
                expect: {alert: true, region: india-pakistan, signals: shelling}
              - name: wrong on purpose
                body: Pakistan said India shelled villages.
                expect:
                  alert: false
                  severity: {at_most: low}
                  region: null
                  signals: [troop_deployment]
                  absent: [shelling]
              - name: pending but passing
                body: A quiet day at the border.
                pending: needs negation modifiers
                expect: {alert: false}
            """)
        let results = suite.run(with: try Scorer(ruleSet: Self.rules))
        #expect(results.map(\.status) == [.passed, .failed, .pendingPasses])
        #expect(results[0].summary == "t.yaml:2:5: case 'shelling alerts': ok")
        let failed = results[1]
        #expect(failed.failures.map(\.line) == [8, 9, 10, 11, 12])
        #expect(failed.summary.hasPrefix("t.yaml:8:14: case 'wrong on purpose': expected alert false, got true (severity medium, score 3); "))
        #expect(failed.summary.contains("expected severity at most low, got medium (score 3)"))
        #expect(failed.summary.contains("expected region null, got india-pakistan"))
        #expect(failed.summary.contains(#"expected signal troop_deployment, got strike_or_shelling/shelling "shelled""#))
        #expect(failed.summary.hasSuffix(#"expected no shelling, got strike_or_shelling/shelling "shelled""#))
        // A pending case that still fails is reported, but is not a failure.
        let pending = try load("tests:\n  - name: p\n    body: India deployed more troops.\n    pending: needs negation\n    expect: {absent: deployment}\n")
            .run(with: try Scorer(ruleSet: Self.rules))
        #expect(pending.map(\.status) == [.pending])
        #expect(pending[0].summary.hasPrefix("t.yaml:5:22: case 'p': pending (needs negation): expected no deployment"))
    }

    @Test func theStarterSuitePasses() throws {
        let rules = try RuleSet.load(paths: [Paths.defaultRules])
        let testsFolder = Paths.root.appendingPathComponent("Config/rules/tests").path
        #expect(RuleTestSuite.defaultPaths(forRulePaths: [Paths.defaultRules]) == [testsFolder])
        let suite = try RuleTestSuite.load(paths: [testsFolder])
        #expect(suite.cases.count >= 30)
        #expect(suite.unknownNames(in: rules).isEmpty)
        let results = suite.run(with: try Scorer(ruleSet: rules))
        let failures = results.filter { $0.status == .failed }.map(\.summary)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        // Every one of the nine default categories is exercised by some expectation.
        let named = Set(suite.cases.flatMap(\.expectations).compactMap { e -> String? in
            if case let .signal(name) = e.kind { return name } else { return nil }
        })
        let categories: Set = ["troop_deployment", "air_activity", "naval_activity", "strike_or_shelling", "un_statement",
                               "nuclear_rhetoric", "diplomatic_rupture", "evacuation_advisory", "de_escalation"]
        let covered = Set(results.flatMap { r in r.assessment.signals.filter { named.contains($0.rule) || named.contains($0.category) }.map(\.category) })
        #expect(categories.isSubset(of: covered), "\(categories.subtracting(covered))")
    }
}
