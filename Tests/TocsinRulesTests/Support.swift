import Foundation
@testable import TocsinRules

/// Paths located from this file, so tests work from any working directory.
enum Paths {
    /// The package root (three levels above this file).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The default rule pack.
    static let defaultRules = root.appendingPathComponent("Config/rules").path
}

/// Scoring settings that every small test rule set needs.
let testScoring = """
    scoring:
      thresholds: {low: 1, medium: 3, high: 6, critical: 9}
      categories:
        troop_deployment: {cap: 3}
        strike_or_shelling: {cap: 4}
        de_escalation: {cap: 4}
        un_statement: {cap: 3}
    """

/// A rule set from inline YAML (plus `testScoring` unless `scoring` is false).
func ruleSet(_ yaml: String, scoring: Bool = true, alertThreshold: Severity = .medium) throws -> RuleSet {
    var sources = [RuleSource(path: "test.yaml", text: yaml)]
    if scoring { sources.append(RuleSource(path: "scoring.yaml", text: testScoring)) }
    return try RuleSet.load(sources: sources, alertThreshold: alertThreshold)
}

/// The problems a failing load reports (empty if it loads).
func loadProblems(_ sources: [RuleSource]) -> [FileProblem] {
    do {
        _ = try RuleSet.load(sources: sources)
        return []
    } catch {
        return error.problems
    }
}

/// A fresh temporary directory, removed by the caller.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-rules-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// `text[start..<end]` counted in Unicode scalars, as Python would slice it.
func scalarSlice(_ text: String, _ start: Int, _ end: Int) -> String {
    let scalars = Array(text.unicodeScalars)
    var out = String.UnicodeScalarView()
    out.append(contentsOf: scalars[start..<end])
    return String(out)
}

/// The scored text of an item, as the contract defines it.
func scoredText(_ item: NewsItem) -> String {
    [item.title, item.body].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n\n")
}
