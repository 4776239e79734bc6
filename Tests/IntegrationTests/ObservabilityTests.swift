import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `tocsin run` with its HTTP endpoint on, against the real broker: health, readiness, metrics, JSON logs.
@Suite(
    "Daemon observability on a real broker", .serialized, .timeLimit(.minutes(3)),
    .enabled(if: TestEnvironment.available, "needs TOCSIN_TEST_BOOTSTRAP: run through `make test`"))
struct ObservabilityTests {
    typealias Env = TestEnvironment

    @Test func endpointServesHealthReadinessAndMetrics() async throws {
        let scenario = try Scenario()
        let port = try freePort()
        let daemon = try Daemon(arguments: scenario.daemonArguments(config: try observabilityConfig(port: port)))
        let base = "http://127.0.0.1:\(port)"

        #expect(try await poll(seconds: 30) { try? await get(base, "/healthz") }?.status == 200, "\(daemon.stderr)")
        let ready = try await poll(seconds: 60) { () async throws -> (status: Int, body: String)? in
            guard let answer = try? await get(base, "/readyz") else { return nil }
            return answer.status == 200 ? answer : nil
        }
        let lastAnswer = try? await get(base, "/readyz")
        let readyAnswer = try #require(ready, "never ready: \(String(describing: lastAnswer)) \(daemon.stderr)")
        #expect(readyAnswer.body.contains("scoring: 3 partitions assigned, producer connected"))
        #expect(readyAnswer.body.contains("regions: 3 partitions assigned, producer connected"))

        // Published only now, so the end-to-end latency measures the pipeline, not the start-up.
        try await Env.produce([Env.seedItem(id: "obs-1"), Array("{not json".utf8)], to: scenario.input)
        #expect(await daemon.waitForOutput(lines: 2, seconds: 60), "item alert and region alert: \(daemon.stderr)")
        let metrics = try #require(await poll(seconds: 30) { () async throws -> [String: Double]? in
            // The last delivery acknowledgement may land just after the line is printed.
            guard let text = try? await get(base, "/metrics").body else { return nil }
            let values = parseMetrics(text)
            return values["tocsin_end_to_end_seconds_count"] == 1 && values[#"tocsin_items_consumed_total{stage="regions"}"#] == 1 ? values : nil
        })

        #expect(metrics[#"tocsin_items_consumed_total{stage="scoring"}"#] == 2)
        let severe = [#"tocsin_alerts_total{type="item",severity="critical"}"#, #"tocsin_alerts_total{type="item",severity="high"}"#]
        #expect(severe.compactMap { metrics[$0] }.reduce(0, +) == 1)
        #expect(metrics[#"tocsin_alerts_total{type="item",severity="low"}"#] == 0)
        #expect(metrics.filter { $0.key.hasPrefix(#"tocsin_alerts_total{type="escalation","#) }.values.reduce(0, +) == 1)
        #expect(metrics[#"tocsin_dead_letters_total{stage="scoring"}"#] == 1)
        #expect(metrics["tocsin_scoring_duration_seconds_count"] == 1)
        #expect((metrics["tocsin_scoring_duration_seconds_sum"] ?? 1) < 0.5)
        let endToEnd = try #require(metrics["tocsin_end_to_end_seconds_sum"])
        #expect(endToEnd >= 0 && endToEnd < 60)
        #expect(metrics[#"tocsin_end_to_end_seconds_bucket{le="600.0"}"#] == 1)
        #expect(metrics["tocsin_delivery_errors_total"] == 0)
        #expect((metrics[#"tocsin_rebalances_total{stage="scoring",kind="assign"}"#] ?? 0) >= 1)
        #expect(metrics[#"tocsin_partitions_assigned{stage="scoring"}"#] == 3)
        #expect(metrics[#"tocsin_partitions_assigned{stage="regions"}"#] == 3)

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(seconds: 30) == 0, "\(daemon.stderr)")

        // --log-format json (from the config): every stderr line is one JSON object; statistics arrive at debug.
        let lines = daemon.stderr.split(separator: "\n")
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(!lines.isEmpty && objects.count == lines.count, "not JSON: \(lines.filter { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) == nil }.prefix(3))")
        #expect(objects.allSatisfy { $0["timestamp"] is String && $0["level"] is String && $0["message"] is String && $0["label"] is String })
        let statistics = objects.filter { $0["message"] as? String == "kafka statistics" }
        #expect(statistics.contains { ($0["rdkafka.brokers_up"] as? String).map { !$0.hasPrefix("0/") } == true }, "\(statistics.prefix(2))")
        #expect(objects.contains { ($0["message"] as? String)?.hasPrefix("dead-lettering") == true && $0["level"] as? String == "warning" })
    }

    private func observabilityConfig(port: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(Env.unique("tocsin") + ".yaml").path
        let yaml = """
            kafka:
              consumer_properties: {session.timeout.ms: 6000, heartbeat.interval.ms: 1000}
            rules:
              paths: [\(Env.repoRoot.appendingPathComponent("Config/rules").path)]
            observability:
              http: {enabled: true, host: 127.0.0.1, port: \(port)}
              statistics_interval_seconds: 1
            logging:
              level: debug
              format: json
            """
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

/// Prometheus text as `series -> value`, the series written as exposed (`name{labels}`).
private func parseMetrics(_ text: String) -> [String: Double] {
    var values: [String: Double] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
        values[String(line[..<space])] = value
    }
    return values
}

private func get(_ base: String, _ path: String) async throws -> (status: Int, body: String) {
    var request = URLRequest(url: URL(string: base + path)!)
    request.timeoutInterval = 5
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
}

/// Retries `attempt` until it returns a value or the time is up.
private func poll<T>(seconds: Double, _ attempt: () async throws -> T?) async throws -> T? {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if let value = try await attempt() { return value }
        try await Task.sleep(for: .milliseconds(200))
    }
    return nil
}

/// A port nothing listens on now (the kernel's pick), for the daemon to bind.
private func freePort() throws -> Int {
    #if os(Linux)
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { throw TestFailure("socket() failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { throw TestFailure("could not bind a free port") }
    return Int(UInt16(bigEndian: address.sin_port))
}
