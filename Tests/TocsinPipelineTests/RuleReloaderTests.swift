import Foundation
import Logging
import Testing
import TocsinRules
@testable import TocsinPipeline

/// The reloader on real files: what it swaps in, what it refuses, and what it leaves alone.
@Suite struct RuleReloaderTests {
    let dir: URL
    let configPath: String

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("reload-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("rules"), withIntermediateDirectories: true)
        configPath = dir.appendingPathComponent("tocsin.yaml").path
        try write("tocsin.yaml", "kafka:\n  group: one\nrules:\n  paths: [rules]\n")
        try write("rules/scoring.yaml", """
            scoring:
              thresholds: {low: 1, medium: 3, high: 6, critical: 9}
              categories:
                strike_or_shelling: {cap: 4}
            """)
        try write("rules/signals.yaml", signals(weight: 3))
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func signals(weight: Int, extra: String = "") -> String {
        """
        signals:
          - id: shelling
            category: strike_or_shelling
            weight: \(weight)
            match: [shelled]
        \(extra)
        """
    }

    func reloader() throws -> (RuleReloader, RuleStore) {
        let config = try DaemonConfig.load(path: configPath)
        let store = RuleStore(try RuleSet.load(paths: config.rulePaths, alertThreshold: config.alertThreshold))
        return (RuleReloader(store: store, configPath: configPath, config: config, logger: Logger(label: "test")), store)
    }

    @Test func aValidChangeIsSwappedIn() async throws {
        let (reloader, store) = try reloader()
        let before = store.ruleSet
        try write("rules/signals.yaml", signals(weight: 4))
        let outcome = await reloader.reload(trigger: "test")
        #expect(outcome == .reloaded(version: store.ruleSet.version))
        #expect(store.ruleSet !== before && store.ruleSet.version != before.version)
        #expect(RuleSetDiff(from: before, to: store.ruleSet).signals.modified == ["shelling"])
    }

    @Test func anInvalidChangeKeepsTheOldRules() async throws {
        let (reloader, store) = try reloader()
        let before = store.ruleSet
        try write("rules/signals.yaml", signals(weight: 3).replacingOccurrences(of: "strike_or_shelling", with: "no_such_category"))
        #expect(await reloader.reload(trigger: "test") == .failed)
        #expect(store.ruleSet === before)
    }

    @Test func anInvalidConfigKeepsTheOldRules() async throws {
        let (reloader, store) = try reloader()
        let before = store.ruleSet
        try write("tocsin.yaml", "rules:\n  alert_threshold: severe\n")
        #expect(await reloader.reload(trigger: "test") == .failed)
        #expect(store.ruleSet === before)
    }

    @Test func theConfigsRuleSettingsApply() async throws {
        let (reloader, store) = try reloader()
        try write("tocsin.yaml", "kafka:\n  group: two\nrules:\n  paths: [rules]\n  alert_threshold: high\n")
        #expect(await reloader.reload(trigger: "test") == .reloaded(version: store.ruleSet.version))
        #expect(store.ruleSet.alertThreshold == .high)
    }

    @Test func nothingChangedSwapsNothing() async throws {
        let (reloader, store) = try reloader()
        let before = store.ruleSet
        #expect(await reloader.reload(trigger: "test") == .unchanged)
        #expect(store.ruleSet === before)
    }

    @Test func watchedFilesSeeAddedAndChangedRuleFiles() throws {
        let paths = [configPath, dir.appendingPathComponent("rules").path]
        let first = WatchedFiles.read(paths)
        #expect(first.changedFiles(since: WatchedFiles.read(paths)).isEmpty)
        try write("rules/extra.yml", "lists: {}\n")
        try write("rules/signals.yaml", signals(weight: 5))
        let changed = WatchedFiles.read(paths).changedFiles(since: first).map { URL(fileURLWithPath: $0).lastPathComponent }
        #expect(changed == ["extra.yml", "signals.yaml"])
    }

    @Test func restartOnlySettingsAreEverySectionButRules() {
        let old = "kafka:\n  group: one\nrules:\n  paths: [rules]\n"
        #expect(RestartOnlySettings.changedSections(from: old, to: old + "# comment\n").isEmpty)
        #expect(RestartOnlySettings.changedSections(from: old, to: "kafka: {group: one}\nrules: {paths: [other]}\n").isEmpty)
        #expect(RestartOnlySettings.changedSections(from: old, to: "kafka:\n  group: two\nrules:\n  paths: [rules]\npipeline: {workers: 1}\n") == ["kafka", "pipeline"])
    }
}
