import Foundation
import Testing
import TocsinKafka

/// Several `tocsin run` instances in one group, one of them killed with SIGKILL mid-stream and
/// restarted: the region alerts (by id) are those a single instance sends for the same input.
@Suite(
    "Scale-out on a real broker", .serialized, .timeLimit(.minutes(5)),
    .enabled(if: TestEnvironment.available, "needs TOCSIN_TEST_BOOTSTRAP: run through `make test`"))
struct ScaleOutTests {
    typealias Env = TestEnvironment

    @Test(arguments: [2, 3]) func instancesInOneGroupSendTheSingleInstanceRegionAlerts(instances: Int) async throws {
        let stream = try await GeneratedStream.shared.value()
        let baseline = try await SingleInstanceBaseline.shared.value(stream)
        let started = ContinuousClock.now
        let scenario = try Scenario(partitions: 6, signalPartitions: 6)
        let arguments = scenario.daemonArguments(config: stream.config)
        var daemons = try (0..<instances).map { _ in try Daemon(arguments: arguments) }
        for daemon in daemons {
            #expect(await daemon.waitForLog(["partitions assigned: \(scenario.input)", "partitions assigned: \(scenario.signals)"], seconds: 30), "\(daemon.stderr)")
        }
        let split = stream.values.count * 2 / 3
        try await stream.produce(to: scenario.input, range: 0..<split)
        // The busiest instance dies while the first part is in flight; the rest arrives while it is down.
        #expect(await waitForItemLines(daemons, 300, seconds: 60))
        let busiest = daemons.indices.max { daemons[$0].itemLines.count < daemons[$1].itemLines.count }!
        let victim = daemons[busiest]
        // Its region stage has sent alerts, and two auto-commits have passed since: the signals
        // partitions taken over have committed history to rebuild from (on a loaded machine one
        // commit interval after the first item alerts was sometimes not enough).
        let deadline = ContinuousClock.now + .seconds(60)
        while victim.stdoutLines.count == victim.itemLines.count && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        try await Task.sleep(for: .milliseconds(2500))
        victim.signal(SIGKILL)
        _ = await victim.waitForExit(seconds: 10)
        try await stream.produce(to: scenario.input, range: split..<stream.values.count)
        daemons[busiest] = try Daemon(arguments: arguments)

        let alerts = try await AlertCollector.collect(scenario.alerts, timeoutSeconds: 150) { summary, quiet in
            summary.itemIDs.isSuperset(of: stream.alertingItems) && summary.regionIDs.isSuperset(of: baseline) && quiet >= 2
        }
        for daemon in daemons { daemon.signal(SIGTERM) }
        for daemon in daemons { #expect(await daemon.waitForExit(seconds: 60) == 0, "\(daemon.stderr)") }

        #expect(alerts.itemIDs == stream.alertingItems, "missing items: \(stream.alertingItems.subtracting(alerts.itemIDs).count)")
        #expect(alerts.regionIDs == baseline,
                "missing: \(baseline.subtracting(alerts.regionIDs).sorted()), extra: \(alerts.regionIDs.subtracting(baseline).sorted())")
        let logs = (daemons + [victim]).map(\.stderr).joined()
        #expect(logs.contains(/region engine rebuilt from [1-9][0-9]* messages/), "a partition was taken over mid-stream and rebuilt")
        print("scale-out with \(instances) instances: \(alerts.regionIDs.count) region alerts (\(alerts.regionMessages) messages), \(alerts.itemIDs.count) item alerts in \(started.duration(to: .now))")
    }
}

/// A few thousand news items over several regions, `published_at` advancing three minutes per
/// item; regions flare up and fall quiet in turns, so they escalate, de-escalate and resolve.
/// Each item is keyed by the region the rules give it: with as many input as signal partitions,
/// a region's items and signals share a partition number, so every signals partition holds the
/// same sequence whichever instance scores it (the region stage's determinism needs one order
/// per partition; see the README's "Scale-out").
struct GeneratedStream: Sendable {
    /// A config whose rules are a copy taken once: others may edit `Config/rules` meanwhile, and
    /// the rules version is part of every alert id.
    var config: String
    var values: [[UInt8]]
    var keys: [[UInt8]]
    var alertingItems: Set<String>

    static let shared = Cache<GeneratedStream>()

    static func make() throws -> GeneratedStream {
        let config = try snapshotConfig()
        let templates = try scored(TestEnvironment.repoRoot.appendingPathComponent("samples/news.jsonl").path, config: config)
            .filter { $0.assessment["region"] is String && ($0.assessment["score"] as? Double ?? 0) > 0 }
        let byRegion = Dictionary(grouping: templates) { $0.assessment["region"] as! String }.filter { $0.value.count >= 2 }
        let regions = byRegion.keys.sorted()
        var random = SplitMix(seed: 42)
        let start = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01, always before the Kafka timestamp
        var lines: [String] = []
        var hot: [String] = []
        var previous: [String: [String: Any]] = [:]
        let outlets = ["Reuters", "AP", "AFP", "BBC", "Al Jazeera", "Dawn", "Kyiv Independent"]
        for index in 0..<3000 {
            if index % 200 == 0 { hot = (0..<2).map { _ in regions[random.next(regions.count)] } }  // every 10 hours
            var item: [String: Any]
            if random.next(10) < 2 {
                item = ["title": "Local council approves new park", "body": "The council voted \(index) to build a park by the river."]
            } else {
                let region = hot[random.next(hot.count)]
                if let copy = previous[region], random.next(4) == 0 {
                    item = copy  // syndicated copy: same text, another outlet
                } else {
                    item = byRegion[region]![random.next(byRegion[region]!.count)].item
                    let words = (0..<40).map { _ in "w\(random.next(100_000))" }.joined(separator: " ")
                    item["body"] = (item["body"] as? String ?? "") + "\n\nArchive reference " + words + "."
                    previous[region] = item
                }
            }
            item["id"] = "scale-\(index)"
            item["source"] = outlets[random.next(outlets.count)]
            item["published_at"] = ISO8601DateFormatter().string(from: start.addingTimeInterval(Double(index) * 180))
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: item, options: [.sortedKeys]), as: UTF8.self))
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnvironment.unique("stream") + ".jsonl").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let assessed = try scored(path, config: config)
        guard assessed.count == lines.count else { throw TestFailure("tocsin score --all gave \(assessed.count) of \(lines.count) assessments") }
        return GeneratedStream(
            config: config,
            values: lines.map { Array($0.utf8) },
            keys: assessed.map { Array(($0.assessment["region"] as? String ?? $0.assessment["item_id"] as! String).utf8) },
            alertingItems: Set(assessed.filter { $0.assessment["alert"] as? Bool == true }.map { $0.assessment["item_id"] as! String }))
    }

    /// Each line of a news file with its assessment, from `tocsin score --all`.
    static func scored(_ path: String, config: String) throws -> [(item: [String: Any], assessment: [String: Any])] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestEnvironment.binary)
        process.arguments = ["score", "--config", config, "--all", path]
        process.currentDirectoryURL = TestEnvironment.repoRoot
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("tocsin score exited \(process.terminationStatus)") }
        let items = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let assessments = try data.split(separator: UInt8(ascii: "\n"))
            .map { try JSONSerialization.jsonObject(with: Data($0)) as! [String: Any] }
        return Array(zip(items, assessments))
    }

    /// The shipped config's consumer settings with a private copy of the rules.
    static func snapshotConfig() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnvironment.unique("scale-config"))
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestEnvironment.repoRoot.appendingPathComponent("Config/rules"), to: dir.appendingPathComponent("rules"))
        let yaml = """
            kafka:
              consumer_properties: {session.timeout.ms: 6000, heartbeat.interval.ms: 1000, auto.commit.interval.ms: 1000}
              producer_properties: {linger.ms: 5}
            rules:
              paths: [rules]
            """
        let path = dir.appendingPathComponent("tocsin.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Publishes `range` keyed, with the partitioner the daemon uses, and waits for every ack.
    func produce(to topic: String, range: Range<Int>) async throws {
        let failures = Counter()
        let producer = try KafkaProducer(
            configuration: KafkaConfiguration(["bootstrap.servers": TestEnvironment.bootstrap, "linger.ms": "5", "partitioner": "murmur2_random"]),
            logger: TestEnvironment.logger) { if $0.error != nil { failures.increment() } }
        for index in range {
            try await producer.enqueue(ProducerRecord(topic: topic, key: keys[index], value: values[index]), token: UInt64(index + 1))
        }
        guard await producer.flush(timeoutMillis: 60_000), failures.value == 0 else { throw TestFailure("producing to \(topic) failed") }
    }
}

/// The region alert ids one instance sends for the generated stream; computed once.
enum SingleInstanceBaseline {
    static let shared = Cache<Set<String>>()

    static func make(_ stream: GeneratedStream) async throws -> Set<String> {
        let started = ContinuousClock.now
        let scenario = try Scenario(partitions: 6, signalPartitions: 6)
        try await stream.produce(to: scenario.input, range: 0..<stream.values.count)
        let daemon = try Daemon(arguments: scenario.daemonArguments(config: stream.config))
        let alerts = try await AlertCollector.collect(scenario.alerts, timeoutSeconds: 120) { summary, quiet in
            summary.itemIDs.isSuperset(of: stream.alertingItems) && quiet >= 4
        }
        daemon.signal(SIGTERM)
        guard await daemon.waitForExit(seconds: 60) == 0 else { throw TestFailure("the single instance did not stop cleanly: \(daemon.stderr)") }
        guard alerts.itemIDs == stream.alertingItems else { throw TestFailure("the single instance missed item alerts") }
        guard alerts.types.isSuperset(of: ["escalation", "de-escalation", "resolved"]) else {
            throw TestFailure("the stream should escalate, de-escalate and resolve; got \(alerts.types)")
        }
        print("single instance: \(alerts.regionIDs.count) region alerts, \(alerts.itemIDs.count) item alerts in \(started.duration(to: .now))")
        return alerts.regionIDs
    }
}

extension Cache where Value == GeneratedStream {
    func value() async throws -> GeneratedStream { try await value { try GeneratedStream.make() } }
}

extension Cache where Value == Set<String> {
    func value(_ stream: GeneratedStream) async throws -> Set<String> { try await value { try await SingleInstanceBaseline.make(stream) } }
}

/// A value computed once per test run, shared by the tests that need it.
actor Cache<Value: Sendable> {
    private var stored: Value?

    func value(_ make: () async throws -> Value) async throws -> Value {
        if let stored { return stored }
        let made = try await make()
        stored = made
        return made
    }
}

/// What was read from the alerts topic.
struct AlertSummary: Sendable {
    var itemIDs: Set<String> = []
    var regionIDs: Set<String> = []
    var regionMessages = 0
    var types: Set<String> = []

    mutating func add(_ message: ConsumedMessage) {
        guard let object = alertObject(message.value), let type = object["type"] as? String else { return }
        types.insert(type)
        if type == "item" {
            if let id = object["item_id"] as? String { itemIDs.insert(id) }
        } else if let id = object["alert_id"] as? String {
            regionIDs.insert(id)
            regionMessages += 1
        }
    }
}

/// Reads a topic from the beginning until `done(summary, seconds since the last message)` holds.
enum AlertCollector {
    static func collect(_ topic: String, timeoutSeconds: Double, done: @escaping @Sendable (AlertSummary, Double) -> Bool) async throws -> AlertSummary {
        let consumer = try KafkaConsumer(
            configuration: KafkaConfiguration([
                "bootstrap.servers": TestEnvironment.bootstrap, "group.id": TestEnvironment.unique("collector"),
                "enable.auto.commit": "false", "session.timeout.ms": "6000", "heartbeat.interval.ms": "1000",
            ]), topics: [topic], logger: TestEnvironment.logger)
        let state = Locked(AlertSummary())
        let last = SharedInstant()
        consumer.start()
        let deadline = ContinuousClock.now + .seconds(timeoutSeconds)
        let watcher = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                let quiet = last.value.duration(to: .now)
                let seconds = Double(quiet.components.seconds) + Double(quiet.components.attoseconds) / 1e18
                if ContinuousClock.now > deadline || done(state.value, seconds) { break }
            }
            consumer.requestStop()
        }
        for await batch in consumer.batches {
            state.update { for message in batch { $0.add(message) } }
            consumer.release(batch.count)
            last.value = .now
        }
        watcher.cancel()
        await consumer.stopPolling()
        await consumer.close()
        return state.value
    }
}

/// A lock-guarded value.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func update(_ change: (inout Value) -> Void) { lock.withLock { change(&stored) } }
}

/// A small seeded generator, so the stream is the same in every run.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}

/// Waits until the daemons have printed `count` item alerts between them.
func waitForItemLines(_ daemons: [Daemon], _ count: Int, seconds: Double) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if daemons.reduce(0, { $0 + $1.itemLines.count }) >= count { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return false
}

extension Daemon {
    /// Waits until stderr contains every one of `needles`.
    func waitForLog(_ needles: [String], seconds: Double) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            let text = stderr
            if needles.allSatisfy(text.contains) { return true }
            if !process.isRunning { return false }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
