import Foundation
import Testing
import TocsinKafka

/// `tocsin run` as a real process against the real Tansu broker that `make test` starts.
@Suite(
    "Daemon on a real broker", .serialized, .timeLimit(.minutes(5)),
    .enabled(if: TestEnvironment.available, "needs TOCSIN_TEST_BOOTSTRAP: run through `make test`"))
struct DaemonTests {
    typealias Env = TestEnvironment

    @Test func newsInGivesAnAlertOnTheTopicAndStdout() async throws {
        let scenario = try Scenario()
        try await Env.produce([Env.quietItem(id: "quiet-1"), Env.seedItem(id: "seed-1")], to: scenario.input)
        let daemon = try Daemon(arguments: scenario.daemonArguments())
        // The seed item also raises its region's level: a region alert follows the item alert.
        let messages = try await Env.readTopic(scenario.alerts) { $0.count >= 2 }
        let alerts = itemAlerts(messages)
        #expect(await daemon.waitForOutput(lines: 2, seconds: 30))
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(seconds: 30) == 0, "\(daemon.stderr)")

        #expect(alerts.count == 1)
        let message = try #require(alerts.first)
        let alert = try #require(alertObject(message.value))
        #expect(alert["type"] as? String == "item")
        #expect(alert["item_id"] as? String == "seed-1")
        #expect(alert["region"] as? String == "india-pakistan")
        #expect(["high", "critical"].contains(alert["severity"] as? String ?? ""))
        #expect(alert["alert"] as? Bool == true)
        #expect((alert["alert_id"] as? String)?.isEmpty == false)
        #expect(alert["rules_version"] is String)
        #expect(alert["score"] is Double || alert["score"] is Int)
        #expect(alert["published_at"] as? String == "2025-05-08T09:00:00Z")
        let signals = try #require(alert["signals"] as? [[String: Any]])
        let categories = Set(signals.compactMap { $0["category"] as? String })
        #expect(categories.isSuperset(of: ["troop_deployment", "air_activity", "un_statement"]))
        for signal in signals {
            #expect(signal["rule"] is String && signal["evidence"] is String && signal["start"] is Int && signal["end"] is Int)
        }
        let input = try #require(alert["input"] as? [String: Any])
        #expect(input["topic"] as? String == scenario.input)
        #expect(input["partition"] is Int && input["offset"] is Int)
        #expect(message.key == Array("india-pakistan".utf8))

        let printed = daemon.itemLines.compactMap { alertObject(Array($0.utf8)) }
        #expect(printed.map { $0["alert_id"] as? String } == [alert["alert_id"] as? String])

        let region = try #require(messages.compactMap { alertObject($0.value) }.first { $0["type"] as? String == "escalation" })
        #expect(region["region"] as? String == "india-pakistan")
        #expect((region["alert_id"] as? String)?.hasPrefix("reg-") == true)
        #expect((region["drivers"] as? [[String: Any]])?.first?["item_id"] as? String == "seed-1")
        #expect(daemon.stdoutLines.contains { alertObject(Array($0.utf8))?["type"] as? String == "escalation" })
    }

    @Test func textOutputIsOneReadableLinePerAlert() async throws {
        let scenario = try Scenario()
        try await Env.produce([Env.seedItem(id: "seed-text")], to: scenario.input)
        var arguments = scenario.daemonArguments()
        arguments[arguments.firstIndex(of: "json")!] = "text"
        let daemon = try Daemon(arguments: arguments)
        #expect(await daemon.waitForOutput(lines: 1, seconds: 60))
        daemon.signal(SIGINT)
        #expect(await daemon.waitForExit(seconds: 30) == 0)
        let line = try #require(daemon.stdoutLines.first { !$0.contains("escalation from") })
        #expect(line.hasPrefix("HIGH") || line.hasPrefix("CRITICAL"))
        #expect(line.contains("india-pakistan"))
        #expect(line.contains("Pakistan's Defense Minister"))
        #expect(line.contains("troop_deployment") || line.contains("air_activity"))
        #expect(!line.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test func badMessagesGoToTheDeadLetterTopicWithReasons() async throws {
        let scenario = try Scenario(partitions: 1)
        let config = try smallLimitConfig(maxBytes: 20_000)
        let oversized = Array(#"{"id":"big","body":""#.utf8) + Array(repeating: UInt8(ascii: "a"), count: 30_000) + Array(#""}"#.utf8)
        let bad: [[UInt8]] = [
            Array("{not json".utf8),
            [0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D],  // {"id":"\xff\xfe"}
            Array(#"{"title":"no id here","body":"troops"}"#.utf8),
            oversized,
        ]
        try await Env.produce([Env.seedItem(id: "good-before")] + bad + [Env.seedItem(id: "good-after")], to: scenario.input)
        let daemon = try Daemon(arguments: scenario.daemonArguments(config: config))
        let dead = try await Env.readTopic(scenario.dlq) { $0.count >= 4 }
        let alerts = itemAlerts(try await Env.readTopic(scenario.alerts) { itemAlerts($0).count >= 2 })
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(seconds: 30) == 0, "\(daemon.stderr)")

        #expect(Set(alerts.compactMap { alertObject($0.value)?["item_id"] as? String }) == ["good-before", "good-after"])
        #expect(dead.count == 4)
        // Workers score slices of a batch in parallel, so dead letters may arrive in any order:
        // compare them in their original offset order.
        func headers(_ message: ConsumedMessage) -> [String: String] {
            Dictionary(uniqueKeysWithValues: message.headers.map { ($0.name, $0.stringValue ?? "") })
        }
        func originalOffset(_ message: ConsumedMessage) -> Int { Int(headers(message)["tocsin.dlq.original.offset"] ?? "") ?? -1 }
        let ordered = dead.sorted { originalOffset($0) < originalOffset($1) }
        let reasons = ordered.map(headers)
        #expect(reasons.map { $0["tocsin.dlq.reason"] } == ["invalid_json", "invalid_utf8", "missing_id", "too_large"])
        #expect(reasons.map { $0["tocsin.dlq.original.offset"] } == ["1", "2", "3", "4"])
        #expect(reasons.allSatisfy { $0["tocsin.dlq.original.topic"] == scenario.input && $0["tocsin.dlq.original.partition"] == "0" })
        #expect(reasons.allSatisfy { ($0["tocsin.dlq.message"] ?? "").count > 5 })
        #expect(ordered.map(\.value) == bad, "the original bytes are kept")
        #expect(daemon.stderr.contains("dead-lettering"))
    }

    @Test func killNineMidStreamLosesNothing() async throws {
        let scenario = try Scenario()
        let ids = (0..<4000).map { "kill-\($0)" }
        try await Env.produce(ids.map(Env.seedItem), to: scenario.input)
        let first = try Daemon(arguments: scenario.daemonArguments())
        #expect(await first.waitForOutput(lines: 500, seconds: 90), "\(first.stderr)")
        first.signal(SIGKILL)
        _ = await first.waitForExit(seconds: 10)
        let printedBeforeKill = first.itemLines.count
        #expect(printedBeforeKill < ids.count, "the kill should land mid-stream")

        let second = try Daemon(arguments: scenario.daemonArguments())
        let alerts = try await Env.readTopic(scenario.alerts, timeoutSeconds: 180) { messages in
            Set(messages.compactMap { alertObject($0.value)?["item_id"] as? String }).count >= ids.count
        }
        second.signal(SIGTERM)
        #expect(await second.waitForExit(seconds: 60) == 0, "\(second.stderr)")
        let delivered = Set(alerts.compactMap { alertObject($0.value)?["item_id"] as? String })
        #expect(delivered == Set(ids), "missing: \(Set(ids).subtracting(delivered).count)")
    }

    @Test func sigtermMidStreamCommitsAndARestartResumesWithoutLoss() async throws {
        let scenario = try Scenario()
        let ids = (0..<3000).map { "term-\($0)" }
        try await Env.produce(ids.map(Env.seedItem), to: scenario.input)
        let first = try Daemon(arguments: scenario.daemonArguments())
        #expect(await first.waitForOutput(lines: 300, seconds: 90), "\(first.stderr)")
        first.signal(SIGTERM)
        #expect(await first.waitForExit(seconds: 60) == 0, "\(first.stderr)")
        let handledByFirst = first.itemLines.count
        #expect(first.stderr.contains("stopped:"))

        let second = try Daemon(arguments: scenario.daemonArguments())
        let alerts = try await Env.readTopic(scenario.alerts, timeoutSeconds: 180) { messages in
            Set(messages.compactMap { alertObject($0.value)?["item_id"] as? String }).count >= ids.count
        }
        second.signal(SIGTERM)
        #expect(await second.waitForExit(seconds: 60) == 0, "\(second.stderr)")
        let delivered = alerts.compactMap { alertObject($0.value)?["item_id"] as? String }
        #expect(Set(delivered) == Set(ids))
        // Everything the first run finished was committed, so the second run redid none of it.
        #expect(delivered.count == ids.count, "duplicates: \(delivered.count - ids.count)")
        #expect(second.itemLines.count == ids.count - handledByFirst)
    }

    /// The shipped config with a smaller message size limit, rules resolved to the repository's.
    private func smallLimitConfig(maxBytes: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(Env.unique("tocsin") + ".yaml").path
        let yaml = """
            kafka:
              consumer_properties: {session.timeout.ms: 6000, heartbeat.interval.ms: 1000}
            rules:
              paths: [\(Env.repoRoot.appendingPathComponent("Config/rules").path)]
            pipeline:
              max_message_bytes: \(maxBytes)
            """
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
