import Foundation
import Testing
import TocsinKafka

/// `tocsin report` reading a range of an alerts topic from a real broker.
@Suite(.enabled(if: TestEnvironment.available, "needs TOCSIN_TEST_BOOTSTRAP: run through `make test`"))
struct ReportTests {
    @Test func reportsEveryPartitionOfTheAlertsTopic() async throws {
        // Alerts as the daemon writes them: `tocsin score --regions --all` prints the same records.
        let score = Process()
        let scored = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnvironment.unique("scored"))
        _ = FileManager.default.createFile(atPath: scored.path, contents: nil)
        score.executableURL = URL(fileURLWithPath: TestEnvironment.binary)
        score.arguments = ["score", "--regions", "--all", "samples/news.jsonl"]
        score.currentDirectoryURL = TestEnvironment.repoRoot
        score.standardOutput = try FileHandle(forWritingTo: scored)
        try score.run()
        score.waitUntilExit()
        let lines = try String(contentsOf: scored, encoding: .utf8).split(separator: "\n").map { Array($0.utf8) }
        let alerts = lines.filter { alertObject($0)?["alert"] as? Bool == true }
        let regionAlerts = alerts.filter { !isItemAlert($0) }
        #expect(!regionAlerts.isEmpty)

        let topic = TestEnvironment.unique("alerts")
        try TestEnvironment.createTopic(topic, partitions: 3)
        // Every record twice: a redelivery must not count twice.
        try await TestEnvironment.produceKeyed(alerts + alerts, to: topic)

        let out = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnvironment.unique("report") + ".html")
        let report = Process()
        report.executableURL = URL(fileURLWithPath: TestEnvironment.binary)
        report.arguments = ["report", "--bootstrap", TestEnvironment.bootstrap, "--topic", topic, "--since", "2022-01-01T00:00:00Z", "-o", out.path]
        report.currentDirectoryURL = TestEnvironment.repoRoot
        try report.run()
        report.waitUntilExit()
        #expect(report.terminationStatus == 0)
        let page = try String(contentsOf: out, encoding: .utf8)

        func time(_ bytes: [UInt8]) -> String { (alertObject(bytes)?["published_at"] ?? alertObject(bytes)?["window_end"]) as? String ?? "" }
        let since = alerts.filter { time($0) >= "2022-01-01T00:00:00Z" }
        let items = since.filter(isItemAlert).count
        #expect(page.contains("<b>\(items)</b> item alert\(items == 1 ? "" : "s") · <b>\(since.count - items)</b> region alert"))
        #expect(page.contains("\(2 * alerts.count) messages of topic \(topic)"))
        #expect(page.contains("3 partitions from the start"))
        #expect(page.contains(#"<path class="change""#))

        let missing = Process()
        missing.executableURL = URL(fileURLWithPath: TestEnvironment.binary)
        missing.arguments = ["report", "--bootstrap", TestEnvironment.bootstrap, "--topic", TestEnvironment.unique("absent"), "--timeout", "10"]
        missing.standardOutput = FileHandle.nullDevice
        missing.standardError = FileHandle.nullDevice
        try missing.run()
        missing.waitUntilExit()
        #expect(missing.terminationStatus == 1)
    }
}

extension TestEnvironment {
    /// Publishes values keyed by their region (as the daemon does), so they spread over partitions.
    static func produceKeyed(_ values: [[UInt8]], to topic: String) async throws {
        let failures = Counter()
        let producer = try KafkaProducer(configuration: KafkaConfiguration(["bootstrap.servers": bootstrap, "linger.ms": "5"]), logger: logger) {
            if $0.error != nil { failures.increment() }
        }
        for (index, value) in values.enumerated() {
            let key = (alertObject(value)?["region"] as? String).map { Array($0.utf8) }
            try await producer.enqueue(ProducerRecord(topic: topic, key: key, value: value), token: UInt64(index + 1))
        }
        guard await producer.flush(timeoutMillis: 60_000), failures.value == 0 else { throw TestFailure("producing to \(topic) failed") }
    }
}
