import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Testing

@testable import TocsinObservability

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The HTTP endpoint, served on a real loopback socket.
@Suite("Observability endpoint", .timeLimit(.minutes(1)))
struct ObservabilityServerTests {
    @Test func healthReadinessAndMetrics() async throws {
        let registry = MetricsRegistry()
        let ready = Flag()
        let counter = Counter(label: "tocsin_items_consumed_total", dimensions: [("stage", "scoring")], factory: registry.factory)
        counter.increment(by: 3)
        let timer = Metrics.Timer(label: "tocsin_scoring_duration_seconds", factory: registry.factory)
        timer.recordMicroseconds(30)

        try await withRunningServer(registry: registry, readiness: { (ready.value, ready.value ? "all good" : "scoring: no partitions assigned") }) { base in
            let health = try await get(base, "/healthz")
            #expect(health.status == 200)
            #expect(health.body == "ok\n")

            let notReady = try await get(base, "/readyz")
            #expect(notReady.status == 503)
            let reason = try JSONSerialization.jsonObject(with: Data(notReady.body.utf8)) as? [String: Any]
            #expect(reason?["ready"] as? Bool == false)
            #expect(reason?["reason"] as? String == "scoring: no partitions assigned")

            ready.value = true
            let nowReady = try await get(base, "/readyz")
            #expect(nowReady.status == 200)
            #expect(nowReady.body.contains("all good"))

            let metrics = try await get(base, "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.body.contains(#"tocsin_items_consumed_total{stage="scoring"} 3"#))
            // 30 µs falls in the 50 µs bucket and above, not in the 25 µs one: the scoring buckets apply.
            #expect(metrics.body.contains(#"tocsin_scoring_duration_seconds_bucket{le="0.000025"} 0"#))
            #expect(metrics.body.contains(#"tocsin_scoring_duration_seconds_bucket{le="0.00005"} 1"#))
            #expect(metrics.body.contains("tocsin_scoring_duration_seconds_count 1"))

            #expect(try await get(base, "/nope").status == 404)
        }
    }

    @Test func aTakenPortIsAnErrorThatSaysWhatToDo() async throws {
        try await withRunningServer(registry: MetricsRegistry(), readiness: { (true, "") }) { base in
            let port = Int(base.split(separator: ":").last!)!
            let second = ObservabilityServer(
                host: "127.0.0.1", port: port, registry: MetricsRegistry(), readiness: { (true, "") },
                logger: Logger(label: "test"))
            await #expect { try await second.run() } throws: { error in
                "\(error)".contains("observability.http.port")
            }
        }
    }
}

/// Runs a server on a free port for `body`, then shuts it down.
private func withRunningServer(
    registry: MetricsRegistry, readiness: @escaping ObservabilityServer.Readiness, _ body: (String) async throws -> Void
) async throws {
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let server = ObservabilityServer(
        host: "127.0.0.1", port: 0, registry: registry, readiness: readiness, logger: Logger(label: "test"),
        onListening: { continuation.yield($0) })
    let group = ServiceGroup(services: [server], logger: Logger(label: "test"))
    let running = Task { try await group.run() }
    var iterator = ports.makeAsyncIterator()
    let port = try #require(await iterator.next())
    do {
        try await body("http://127.0.0.1:\(port)")
    } catch {
        await group.triggerGracefulShutdown()
        throw error
    }
    await group.triggerGracefulShutdown()
    try await running.value
}

private func get(_ base: String, _ path: String) async throws -> (status: Int, body: String) {
    let (data, response) = try await URLSession.shared.data(from: URL(string: base + path)!)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
}

private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = false
    var value: Bool {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
