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
        let result: Result<[ConsumedMessage], KafkaError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: Result { () throws(KafkaError) in
                    try readBlocking(configuration: configuration, topic: topic, partition: partition, until: endOffset, timeout: timeout, logger: logger)
                })
            }
            thread.name = "tocsin-partition-reader"
            thread.start()
        }
        return try result.get()
    }

    private static func readBlocking(
        configuration: KafkaConfiguration, topic: String, partition: Int32, until endOffset: Int64,
        timeout: Duration, logger: Logger
    ) throws(KafkaError) -> [ConsumedMessage] {
        // assign(), not subscribe(): the group is never joined, so the live consumers' group is not
        // disturbed; librdkafka still wants a group id to poll, and nothing is committed under it.
        var properties = configuration.properties
        properties["group.id"] = (properties["group.id"] ?? "tocsin") + ".reader"
        properties["enable.auto.commit"] = "false"
        properties["enable.partition.eof"] = "true"
        let context = ClientContext(logger: logger)
        let conf = try KafkaConfiguration(properties).makeNativeConfig()
        installCommonCallbacks(conf, context: context)
        var text = [CChar](repeating: 0, count: 512)
        guard let client = rd_kafka_new(RD_KAFKA_CONSUMER, conf, &text, text.count) else {
            rd_kafka_conf_destroy(conf)
            throw .configuration("cannot create Kafka reader: \(errorText(text))")
        }
        defer { withExtendedLifetime(context) { rd_kafka_destroy(client) } }
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
