import Foundation
import Logging
import Testing

@testable import TocsinKafka

/// The wrapper against librdkafka's in-process mock cluster.
@Suite("Kafka wrapper (mock cluster)", .serialized, .timeLimit(.minutes(2)))
struct KafkaWrapperTests {
    let logger = Logger(label: "test")

    func clientConfig(_ cluster: KafkaMockCluster, group: String? = nil) -> KafkaConfiguration {
        var config = KafkaConfiguration([
            "bootstrap.servers": cluster.bootstrap, "session.timeout.ms": "6000",
            "heartbeat.interval.ms": "500", "log_level": "3",
        ])
        if let group { config["group.id"] = group }
        return config
    }

    /// Produces `count` messages and waits for their reports.
    func produce(_ count: Int, to topic: String, on cluster: KafkaMockCluster) async throws -> [DeliveryReport] {
        let reports = ReportBox()
        let producer = try KafkaProducer(configuration: clientConfig(cluster), logger: logger) { reports.add($0) }
        for index in 0..<count {
            let record = ProducerRecord(
                topic: topic, key: Array("key-\(index % 7)".utf8), value: Array("value-\(index)".utf8),
                headers: [KafkaHeader(name: "h", string: "header-\(index)")])
            try producer.send(record, token: UInt64(index + 1))
        }
        #expect(await producer.flush(timeoutMillis: 10_000))
        return reports.all
    }

    /// Reads batches until `count` messages arrived, releasing credits as a pipeline would.
    func consume(_ count: Int, from consumer: KafkaConsumer) async -> [ConsumedMessage] {
        var received: [ConsumedMessage] = []
        for await batch in consumer.batches {
            received += batch
            consumer.release(batch.count)
            if received.count >= count { break }
        }
        return received
    }

    @Test func invalidPropertyIsAFatalConfigurationError() {
        #expect(throws: KafkaError.self) {
            _ = try KafkaProducer(configuration: KafkaConfiguration(["no.such.property": "1"]), logger: logger, onDelivery: { _ in })
        }
        do {
            _ = try KafkaConfiguration(["sasl.password": "hunter2", "no.such": "x"]).makeNativeConfig()
        } catch {
            #expect(error.isFatal)
            #expect(!error.description.contains("hunter2"))
        }
        do {
            _ = try KafkaConfiguration(["linger.ms": "not-a-number"]).makeNativeConfig()
            Issue.record("a bad value was accepted")
        } catch {
            #expect(error.description.contains("linger.ms"))
        }
    }

    @Test func consumerNeedsAGroup() {
        #expect(throws: KafkaError.self) {
            _ = try KafkaConsumer(configuration: KafkaConfiguration(), topics: ["t"], logger: logger)
        }
    }

    @Test func producedMessagesReportDeliveryWithTheirTokens() async throws {
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("deliveries", partitions: 3)
        let reports = try await produce(50, to: "deliveries", on: cluster)
        #expect(reports.count == 50)
        #expect(Set(reports.map(\.token)) == Set(1...50))
        #expect(reports.allSatisfy { $0.error == nil && $0.topic == "deliveries" && $0.offset >= 0 })
    }

    @Test func consumerReceivesKeysValuesAndHeadersInPartitionOrder() async throws {
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("roundtrip", partitions: 2)
        _ = try await produce(40, to: "roundtrip", on: cluster)
        let consumer = try KafkaConsumer(configuration: clientConfig(cluster, group: "g1"), topics: ["roundtrip"], logger: logger)
        consumer.start()
        let received = await consume(40, from: consumer)
        await consumer.stopPolling()
        await consumer.close()
        #expect(received.count == 40)
        let byValue = Dictionary(uniqueKeysWithValues: received.map { (String(decoding: $0.value, as: UTF8.self), $0) })
        let sample = try #require(byValue["value-12"])
        #expect(sample.key == Array("key-5".utf8))
        #expect(sample.headers == [KafkaHeader(name: "h", string: "header-12")])
        #expect(sample.timestampMillis != nil)
        #expect(sample.assignmentEpoch > 0)
        for partition in Set(received.map(\.partition)) {
            let offsets = received.filter { $0.partition == partition }.map(\.offset)
            #expect(offsets == offsets.sorted())
        }
    }

    @Test func partitionReaderReadsFromTheStartUpToAnOffset() async throws {
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("replay", partitions: 1)
        _ = try await produce(20, to: "replay", on: cluster)
        let messages = try await KafkaPartitionReader.read(
            configuration: clientConfig(cluster), topic: "replay", partition: 0, until: 10, logger: logger)
        #expect(messages.map(\.offset) == Array(0..<10))
        #expect(messages.first.map { String(decoding: $0.value, as: UTF8.self) } == "value-0")
        let none = try await KafkaPartitionReader.read(
            configuration: clientConfig(cluster), topic: "replay", partition: 0, until: 0, logger: logger)
        #expect(none.isEmpty)
    }

    @Test func onlyStoredOffsetsAreCommitted() async throws {
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("commits", partitions: 1)
        _ = try await produce(30, to: "commits", on: cluster)
        let first = try KafkaConsumer(configuration: clientConfig(cluster, group: "g2"), topics: ["commits"], logger: logger)
        first.start()
        let seen = await consume(30, from: first)
        #expect(seen.count == 30)
        // Work finished up to offset 9 only: the next member must resume at 10, not 30.
        first.storeOffset(TopicPartition(topic: "commits", partition: 0), nextOffset: 10)
        await first.stopPolling()
        try await first.commit()
        await first.close()

        let second = try KafkaConsumer(configuration: clientConfig(cluster, group: "g2"), topics: ["commits"], logger: logger)
        second.start()
        let resumed = await consume(20, from: second)
        await second.stopPolling()
        await second.close()
        #expect(resumed.first?.offset == 10)
        #expect(resumed.count == 20)
    }

    @Test func inFlightCreditsBoundWhatIsHandedOut() async throws {
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("credits", partitions: 1)
        _ = try await produce(100, to: "credits", on: cluster)
        let consumer = try KafkaConsumer(
            configuration: clientConfig(cluster, group: "g3"), topics: ["credits"],
            options: .init(batchSize: 8, maxInFlight: 10), logger: logger)
        consumer.start()
        var iterator = consumer.batches.makeAsyncIterator()
        var held = 0
        while held < 10, let batch = await iterator.next() { held += batch.count }
        #expect(held == 10)
        // Nothing more may arrive until credits are released.
        try await Task.sleep(for: .milliseconds(500))
        consumer.release(10)
        let more = await iterator.next()
        #expect((more?.count ?? 0) > 0)
        #expect((more?.count ?? 0) <= 8)
        await consumer.stopPolling()
        await consumer.close()
    }

    @Test func rebalanceEventsCarryIncreasingEpochs() async throws {
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("rebalance", partitions: 2)
        _ = try await produce(4, to: "rebalance", on: cluster)
        let events = EventBox()
        let consumer = try KafkaConsumer(
            configuration: clientConfig(cluster, group: "g4"), topics: ["rebalance"], logger: logger,
            onRebalance: { events.add($0) })
        consumer.start()
        _ = await consume(4, from: consumer)
        await consumer.stopPolling()
        await consumer.close()
        guard case .assigned(let partitions, let epoch)? = events.all.first else {
            Issue.record("no assignment event: \(events.all)")
            return
        }
        #expect(Set(partitions.map(\.partition)) == [0, 1])
        #expect(epoch == 1)
        if case .revoked(_, let later)? = events.all.last { #expect(later > epoch) } else { Issue.record("no revocation on close") }
    }
}

final class ReportBox: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [DeliveryReport] = []
    func add(_ report: DeliveryReport) { lock.withLock { reports.append(report) } }
    var all: [DeliveryReport] { lock.withLock { reports } }
}

final class EventBox: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [RebalanceEvent] = []
    func add(_ event: RebalanceEvent) { lock.withLock { events.append(event) } }
    var all: [RebalanceEvent] { lock.withLock { events } }
}
