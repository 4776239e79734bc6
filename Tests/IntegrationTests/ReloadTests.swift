import Foundation
import Testing
import TocsinKafka

/// Hot reload against the running daemon: rule files edited on disk and SIGHUP, with the real
/// broker that `make test` starts.
@Suite(
    "Rule reload in a running daemon", .serialized, .timeLimit(.minutes(5)),
    .enabled(if: TestEnvironment.available, "needs TOCSIN_TEST_BOOTSTRAP: run through `make test`"))
struct ReloadTests {
    typealias Env = TestEnvironment

    /// A config and a copy of the default rules in a folder of their own, free to edit.
    struct RuleFolder {
        let dir: URL
        var config: String { dir.appendingPathComponent("tocsin.yaml").path }
        var extraRule: URL { dir.appendingPathComponent("rules/zz-bakery.yaml") }

        init(watchSeconds: Int) throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent(Env.unique("reload"))
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Env.repoRoot.appendingPathComponent("Config/rules"), to: dir.appendingPathComponent("rules"))
            try FileManager.default.removeItem(at: dir.appendingPathComponent("rules/tests"))
            try """
                kafka:
                  consumer_properties: {session.timeout.ms: 6000, heartbeat.interval.ms: 1000}
                rules:
                  paths: [rules]
                  watch_interval_seconds: \(watchSeconds)
                regions:
                  # Low enough that a second story lifts the seed's region from high to critical.
                  thresholds: {low: 2, medium: 5, high: 10, critical: 15}
                """.write(toFile: config, atomically: true, encoding: .utf8)
        }

        /// A rule that makes bakery news an alert: easy to tell which rule set scored an item.
        func addBakeryRule(weight: Int = 6, category: String = "strike_or_shelling") throws {
            try """
                signals:
                  - id: bakery-test
                    category: \(category)
                    weight: \(weight)
                    match: [bakery]
                """.write(to: extraRule, atomically: true, encoding: .utf8)
        }
    }

    /// The daemon's stdout alert records of one type, in order.
    func records(_ daemon: Daemon, type: String) -> [[String: Any]] {
        daemon.stdoutLines.compactMap { alertObject(Array($0.utf8)) }.filter { $0["type"] as? String == type }
    }

    func waitFor(_ seconds: Double, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return condition()
    }

    /// Another India–Pakistan story (an air clash, from another outlet), an hour after the seed's.
    func secondStory(id: String) throws -> [UInt8] {
        let text = try String(contentsOf: Env.repoRoot.appendingPathComponent("samples/dev-labelled.jsonl"), encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.contains("dev-037") })
        var object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        object["id"] = id
        object["published_at"] = "2025-05-08T10:00:00Z"
        return Array(try JSONSerialization.data(withJSONObject: object))
    }

    @Test func editedRulesAreWatchedSwappedAndBadOnesRefused() async throws {
        let scenario = try Scenario(partitions: 1, signalPartitions: 1)
        let folder = try RuleFolder(watchSeconds: 1)
        let daemon = try Daemon(arguments: scenario.daemonArguments(config: folder.config))

        try await Env.produce([Env.seedItem(id: "seed-before"), Env.quietItem(id: "quiet-before")], to: scenario.input)
        #expect(await waitFor(60) { records(daemon, type: "item").count == 1 && records(daemon, type: "escalation").count == 1 }, "\(daemon.stderr)")
        let before = try #require(records(daemon, type: "item").first)
        let firstVersion = try #require(before["rules_version"] as? String)
        #expect(before["item_id"] as? String == "seed-before", "the bakery is quiet under the default rules")
        let firstRegion = try #require(records(daemon, type: "escalation").first)

        // A new rule file: picked up by the watcher, logged with what changed.
        try folder.addBakeryRule()
        #expect(await waitFor(30) { daemon.stderr.contains("rules reloaded") }, "\(daemon.stderr)")
        #expect(daemon.stderr.contains("signal rules: added bakery-test"))
        try await Env.produce([Env.quietItem(id: "quiet-after"), secondStory(id: "clash-after")], to: scenario.input)
        #expect(await waitFor(60) { records(daemon, type: "item").count == 3 }, "\(daemon.stderr)")
        let after = records(daemon, type: "item").dropFirst()
        #expect(after.map { $0["item_id"] as? String } == ["quiet-after", "clash-after"])
        let secondVersion = try #require(after.first?["rules_version"] as? String)
        #expect(secondVersion != firstVersion)
        #expect(after.allSatisfy { $0["rules_version"] as? String == secondVersion })

        // The region stage kept its state: only an engine that still holds the first story reaches
        // critical with the second, and lists both.
        #expect(await waitFor(30) { records(daemon, type: "escalation").count >= 2 }, "\(daemon.stdoutLines)")
        let secondRegion = try #require(records(daemon, type: "escalation").last)
        #expect(secondRegion["region"] as? String == firstRegion["region"] as? String)
        #expect(secondRegion["severity"] as? String == "critical" && secondRegion["previous_severity"] as? String == "high")
        #expect(secondRegion["rules_version"] as? String == secondVersion)
        #expect(secondRegion["items"] as? Int == 2, "\(secondRegion)")
        let drivers = (secondRegion["drivers"] as? [[String: Any]] ?? []).compactMap { $0["item_id"] as? String }
        #expect(Set(drivers) == ["seed-before", "clash-after"])

        // A broken file: every problem logged as path:line:column, the rules in force stay.
        try folder.addBakeryRule(category: "no_such_category")
        #expect(await waitFor(30) { daemon.stderr.contains("still running rules \(secondVersion)") }, "\(daemon.stderr)")
        #expect(daemon.stderr.contains("\(folder.extraRule.path):3:"), "\(daemon.stderr)")
        try await Env.produce([Env.quietItem(id: "quiet-broken")], to: scenario.input)
        #expect(await waitFor(60) { records(daemon, type: "item").count == 4 }, "\(daemon.stderr)")
        #expect(records(daemon, type: "item").last?["rules_version"] as? String == secondVersion)

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(seconds: 30) == 0, "\(daemon.stderr)")
    }

    @Test func sighupReloadsWhenWatchingIsOff() async throws {
        let scenario = try Scenario(partitions: 1, signalPartitions: 1)
        let folder = try RuleFolder(watchSeconds: 0)
        let daemon = try Daemon(arguments: scenario.daemonArguments(config: folder.config))
        #expect(await waitFor(60) { daemon.stderr.contains("rules: reloading on SIGHUP") }, "\(daemon.stderr)")

        try folder.addBakeryRule()
        try await Task.sleep(for: .seconds(2))
        #expect(!daemon.stderr.contains("rules reloaded"), "watching is off: only SIGHUP reloads")
        daemon.signal(SIGHUP)
        #expect(await waitFor(30) { daemon.stderr.contains("rules reloaded (SIGHUP)") }, "\(daemon.stderr)")
        try await Env.produce([Env.quietItem(id: "quiet-hup")], to: scenario.input)
        #expect(await waitFor(60) { records(daemon, type: "item").count == 1 }, "\(daemon.stderr)")

        // A SIGHUP with nothing changed is harmless and says so.
        daemon.signal(SIGHUP)
        #expect(await waitFor(30) { daemon.stderr.contains("rules unchanged") }, "\(daemon.stderr)")
        #expect(daemon.process.isRunning)
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(seconds: 30) == 0, "\(daemon.stderr)")
    }
}
