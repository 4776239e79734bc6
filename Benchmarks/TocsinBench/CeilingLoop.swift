import Foundation
import Logging
import TocsinKafka

/// The ceiling: consume and forward every message unchanged, with the daemon's librdkafka
/// settings, storing each offset once its copy is delivered. No decoding, scoring or tracking.
enum CeilingLoop {
    static func run(
        consumerConfiguration: KafkaConfiguration, producerConfiguration: KafkaConfiguration,
        input: String, output: String, count: Int, batchSize: Int, maxInFlight: Int, logger: Logger
    ) async throws -> Duration {
        let done = Completion(target: count)
        let consumerBox = ConsumerBox()
        // Batched like the daemon's delivery handling, so the ceiling is as cheap as it can be.
        let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger, onDeliveries: { reports in
            guard let consumer = consumerBox.consumer else { return }
            var next: [TopicPartition: Int64] = [:]
            var delivered = 0
            for report in reports where report.error == nil {
                let source = SourceToken(report.token)
                let partition = TopicPartition(topic: input, partition: source.partition)
                next[partition] = max(next[partition] ?? 0, source.offset + 1)
                delivered += 1
            }
            consumer.storeOffsets(next)
            consumer.release(delivered)
            done.increment(by: delivered)
        })
        let consumer = try KafkaConsumer(
            configuration: consumerConfiguration, topics: [input],
            options: .init(batchSize: batchSize, maxInFlight: maxInFlight), logger: logger)
        consumerBox.consumer = consumer
        consumer.start()
        var start: ContinuousClock.Instant?
        var sent = 0
        for await batch in consumer.batches {
            if start == nil { start = .now }
            for message in batch {
                let token = SourceToken(partition: message.partition, offset: message.offset).raw
                let record = ProducerRecord(topic: output, key: message.key, value: message.value)
                try await producer.enqueue(record, token: token)
                sent += 1
            }
            if sent >= count { break }
        }
        let end = await done.wait()
        await consumer.stopPolling()
        try await consumer.commit()
        await consumer.close()
        return end - (start ?? end)
    }
}

/// Packs a source partition and offset into a delivery token.
struct SourceToken {
    let partition: Int32
    let offset: Int64
    init(partition: Int32, offset: Int64) {
        self.partition = partition
        self.offset = offset
    }
    init(_ raw: UInt64) {
        partition = Int32(raw >> 48) - 1
        offset = Int64(raw & 0xFFFF_FFFF_FFFF)
    }
    var raw: UInt64 { UInt64(partition + 1) << 48 | UInt64(offset) }
}

/// Counts completions and records when the last one arrived.
final class Completion: @unchecked Sendable {
    private let condition = NSCondition()
    private let target: Int
    private var done = 0
    private var finishedAt: ContinuousClock.Instant?

    init(target: Int) { self.target = target }

    func increment(by count: Int) {
        condition.withLock {
            let before = done
            done += count
            if before < target && done >= target { finishedAt = .now }
        }
    }

    func wait() async -> ContinuousClock.Instant {
        while true {
            if let finishedAt = condition.withLock({ finishedAt }) { return finishedAt }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}

final class ConsumerBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: KafkaConsumer?
    var consumer: KafkaConsumer? {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
