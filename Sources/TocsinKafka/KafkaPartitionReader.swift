import CRdKafka
import Foundation
import Logging

/// Reads one partition from its start up to an offset, outside any consumer group: how a stateful
/// stage rebuilds its state from a topic when it takes a partition over.
public enum KafkaPartitionReader {
    /// Reads `partition` of `topic` from the oldest retained message up to `endOffset` (exclusive;
    /// `.max`: to the partition's current end) and returns the messages in offset order. Runs on a thread of its own (it blocks in librdkafka).
    /// - Throws: `KafkaError` when the client cannot be created or the range is not read within the timeout.
    public static func read(
        configuration: KafkaConfiguration, topic: String, partition: Int32, until endOffset: Int64 = .max,
        timeout: Duration = .seconds(60), logger: Logger
    ) async throws(KafkaError) -> [ConsumedMessage] {
        try await onOwnThread(named: "tocsin-partition-reader") { () throws(KafkaError) in
            try readBlocking(configuration: configuration, topic: topic, partition: partition, until: endOffset, timeout: timeout, logger: logger)
        }
    }

    private static func readBlocking(
        configuration: KafkaConfiguration, topic: String, partition: Int32, until endOffset: Int64,
        timeout: Duration, logger: Logger
    ) throws(KafkaError) -> [ConsumedMessage] {
        let reader = try ReaderClient(configuration: configuration, extra: ["enable.partition.eof": "true"], logger: logger)
        let client = reader.handle
        defer { withExtendedLifetime(reader) {} }  // the handle is used below; free it only after
        rd_kafka_poll_set_consumer(client)
        let list = rd_kafka_topic_partition_list_new(1)!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        rd_kafka_topic_partition_list_add(list, topic, partition).pointee.offset = Int64(RD_KAFKA_OFFSET_BEGINNING)
        let code = rd_kafka_assign(client, list)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(code: code) }
        defer { rd_kafka_assign(client, nil) }

        // The end is the end-of-partition event or `endOffset`, never a queried high watermark:
        // some brokers (Tansu) answer that query with the last batch's base offset + 1, which
        // would cut the read a batch short.
        let deadline = ContinuousClock.now + timeout
        var messages: [ConsumedMessage] = []
        while ContinuousClock.now < deadline {
            guard let message = rd_kafka_consumer_poll(client, 100) else { continue }
            defer { rd_kafka_message_destroy(message) }
            let err = message.pointee.err
            // Before `endOffset`: compaction or retention removed the tail, or the partition is empty.
            if err == RD_KAFKA_RESP_ERR__PARTITION_EOF { return messages }
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                let error = KafkaError(code: err)
                if error.isFatal { throw error }
                logger.warning("reading \(topic)[\(partition)]: \(error); retrying")
                continue
            }
            if message.pointee.offset >= endOffset { return messages }
            messages.append(ConsumedMessage(message, epoch: 0))
            if message.pointee.offset == endOffset - 1 { return messages }
        }
        let goal = endOffset == .max ? "its end" : "offset \(endOffset)"
        throw KafkaError(code: RD_KAFKA_RESP_ERR__TIMED_OUT, message: "could not read \(topic)[\(partition)] up to \(goal) within \(timeout); is the broker reachable?")
    }
}

extension KafkaPartitionReader {
    /// Runs a blocking librdkafka call on a thread of its own, never on the cooperative pool.
    static func onOwnThread<T: Sendable>(named name: String, _ body: @escaping @Sendable () throws(KafkaError) -> T) async throws(KafkaError) -> T {
        let result: Result<T, KafkaError> = await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: Result { () throws(KafkaError) in try body() }) }
            thread.name = name
            thread.start()
        }
        return try result.get()
    }
}

/// A short-lived consumer handle for reading partitions and metadata: it never joins its group
/// (readers use assign(), not subscribe(), so the live consumers' group is not disturbed) and
/// commits nothing. The only owner of its `rd_kafka_t`, freed on deinit.
final class ReaderClient {
    let handle: OpaquePointer
    private let context: ClientContext

    init(configuration: KafkaConfiguration, extra: [String: String], logger: Logger) throws(KafkaError) {
        var properties = configuration.properties
        // librdkafka still wants a group id to poll; nothing is committed under it.
        properties["group.id"] = (properties["group.id"] ?? "tocsin") + ".reader"
        properties["enable.auto.commit"] = "false"
        properties.merge(extra) { _, new in new }
        context = ClientContext(logger: logger)
        let conf = try KafkaConfiguration(properties).makeNativeConfig()
        installCommonCallbacks(conf, context: context)
        var text = [CChar](repeating: 0, count: 512)
        guard let client = rd_kafka_new(RD_KAFKA_CONSUMER, conf, &text, text.count) else {
            rd_kafka_conf_destroy(conf)
            throw .configuration("cannot create Kafka reader: \(errorText(text))")
        }
        handle = client
    }

    deinit { rd_kafka_destroy(handle) }
}
