import Foundation
import Logging
import Testing
import TocsinKafka

/// The real broker and binaries that `make test` provides through the environment.
enum TestEnvironment {
    static let env = ProcessInfo.processInfo.environment
    static let bootstrap = env["TOCSIN_TEST_BOOTSTRAP"] ?? ""
    static let available = !bootstrap.isEmpty
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = env["TOCSIN_BIN"] ?? repoRoot.appendingPathComponent(".build/debug/tocsin").path
    static let tansu = env["TOCSIN_TANSU"] ?? repoRoot.appendingPathComponent(".tools/bin/tansu").path
    static let seedArticle = try! String(contentsOf: repoRoot.appendingPathComponent("samples/seed.jsonl"), encoding: .utf8)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    static let logger = Logger(label: "integration-test")

    /// Unique topic and group names, so tests never see each other's data.
    static func unique(_ stem: String) -> String { "\(stem)-\(UUID().uuidString.prefix(8).lowercased())" }

    static func createTopic(_ name: String, partitions: Int = 3) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tansu)
        process.arguments = ["topic", "create", name, "--partitions", String(partitions), "--broker", "tcp://\(bootstrap)"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("tansu topic create \(name) exited \(process.terminationStatus)") }
    }

    /// A news item that the default rules alert on: the seed article under another id.
    static func seedItem(id: String) -> [UInt8] {
        var object = try! JSONSerialization.jsonObject(with: Data(seedArticle.utf8)) as! [String: Any]
        object["id"] = id
        return Array(try! JSONSerialization.data(withJSONObject: object))
    }

    static func quietItem(id: String) -> [UInt8] {
        Array(#"{"id":"\#(id)","title":"Local bakery wins award","body":"The bakery on Main Street won a regional prize for its bread."}"#.utf8)
    }

    /// Publishes values and waits until every one is acknowledged.
    static func produce(_ values: [[UInt8]], to topic: String) async throws {
        let failures = Counter()
        let producer = try KafkaProducer(configuration: KafkaConfiguration(["bootstrap.servers": bootstrap, "linger.ms": "5"]), logger: logger) {
            if $0.error != nil { failures.increment() }
        }
        for (index, value) in values.enumerated() {
            try await producer.enqueue(ProducerRecord(topic: topic, key: nil, value: value), token: UInt64(index + 1))
        }
        guard await producer.flush(timeoutMillis: 60_000), failures.value == 0 else { throw TestFailure("producing to \(topic) failed") }
    }

    /// Reads a topic from the beginning until `done` says so or nothing new arrives for `idleSeconds`.
    static func readTopic(
        _ topic: String, timeoutSeconds: Double = 90, idleSeconds: Double = 15,
        until done: ([ConsumedMessage]) -> Bool
    ) async throws -> [ConsumedMessage] {
        let consumer = try KafkaConsumer(
            configuration: KafkaConfiguration([
                "bootstrap.servers": bootstrap, "group.id": unique("reader"), "enable.auto.commit": "false",
                "session.timeout.ms": "6000", "heartbeat.interval.ms": "1000",
            ]), topics: [topic], logger: logger)
        consumer.start()
        let deadline = ContinuousClock.now + .seconds(timeoutSeconds)
        let watchdog = Task {
            while !Task.isCancelled && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(200)) }
            consumer.requestStop()
        }
        let lastNew = SharedInstant()
        let idle = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(500))
                if ContinuousClock.now - lastNew.value > .seconds(idleSeconds) { consumer.requestStop() }
            }
        }
        var messages: [ConsumedMessage] = []
        for await batch in consumer.batches {
            messages += batch
            consumer.release(batch.count)
            lastNew.value = .now
            if done(messages) { break }
        }
        watchdog.cancel()
        idle.cancel()
        await consumer.stopPolling()
        await consumer.close()
        return messages
    }
}

/// A `tocsin run` process with its stdout and stderr in files.
final class Daemon {
    let process = Process()
    let stdoutURL: URL
    let stderrURL: URL

    init(arguments: [String]) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnvironment.unique("daemon"))
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        stdoutURL = dir.appendingPathComponent("stdout")
        stderrURL = dir.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: TestEnvironment.binary)
        process.arguments = ["run"] + arguments
        process.currentDirectoryURL = TestEnvironment.repoRoot
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
    }

    var stdoutLines: [String] {
        (try? String(contentsOf: stdoutURL, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    }

    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// Stdout lines of per-item alerts (`--output json`), without the region alerts.
    var itemLines: [String] { stdoutLines.filter { isItemAlert(Array($0.utf8)) } }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for exit and returns the status, or nil on timeout.
    func waitForExit(seconds: Double) async -> Int32? {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while process.isRunning {
            if ContinuousClock.now > deadline { return nil }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return process.terminationStatus
    }

    /// Waits until stdout has at least `count` lines.
    func waitForOutput(lines count: Int, seconds: Double) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if stdoutLines.count >= count { return true }
            if !process.isRunning { return false }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}

/// Names of one test's topics and group, and the daemon arguments that use them.
struct Scenario {
    let input = TestEnvironment.unique("news")
    let alerts = TestEnvironment.unique("alerts")
    let group = TestEnvironment.unique("group")
    /// Each test's own signals topic, so no region stage sees another test's signals.
    let signals = TestEnvironment.unique("signals")
    var dlq: String { "\(input).dlq" }

    init(partitions: Int = 3, signalPartitions: Int = 3) throws {
        try TestEnvironment.createTopic(input, partitions: partitions)
        try TestEnvironment.createTopic(alerts, partitions: 3)
        try TestEnvironment.createTopic(dlq, partitions: 1)
        try TestEnvironment.createTopic(signals, partitions: signalPartitions)
    }

    func daemonArguments(config: String = "Config/tocsin.yaml") -> [String] {
        ["--config", config, "--bootstrap", TestEnvironment.bootstrap, "--group", group,
         "--input-topic", input, "--alerts-topic", alerts, "--signals-topic", signals,
         "--output", "json", "--colour", "never"]
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

final class SharedInstant: @unchecked Sendable {
    private let lock = NSLock()
    private var instant = ContinuousClock.now
    var value: ContinuousClock.Instant {
        get { lock.withLock { instant } }
        set { lock.withLock { instant = newValue } }
    }
}

/// Whether an alerts-topic value (or a `--output json` line) is a per-item alert, not a region alert.
func isItemAlert(_ bytes: [UInt8]) -> Bool { alertObject(bytes)?["type"] as? String == "item" }

/// The per-item alerts among alerts-topic messages.
func itemAlerts(_ messages: [ConsumedMessage]) -> [ConsumedMessage] { messages.filter { isItemAlert($0.value) } }

/// Decoded alert JSON, loosely typed, for assertions.
func alertObject(_ bytes: [UInt8]) -> [String: Any]? {
    try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
}
