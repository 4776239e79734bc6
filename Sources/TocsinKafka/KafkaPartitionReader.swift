import CRdKafka
import Foundation
import Logging

/// Reads one partition from its start up to an offset, outside any consumer group: how a stateful
/// stage rebuilds its state from a topic when it takes a partition over.
public enum KafkaPartitionReader {
    /// Reads `partition` of `topic` from the oldest retained message up to `endOffset` (exclusive)
    /// and returns the messages in offset order. Runs on a thread of its own (it blocks in librdkafka).
    /// - Throws: `KafkaError` when the client cannot be created or the range is not read within the timeout.
    public static func read(
        configuration: KafkaConfiguration, topic: String, partition: Int32, until endOffset: Int64,
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
        let millis = Int32(clamping: timeout.components.seconds * 1000)
        var low: Int64 = 0, high: Int64 = 0
        var code = rd_kafka_query_watermark_offsets(client, topic, partition, &low, &high, millis)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: code, message: "cannot read the offsets of \(topic)[\(partition)]: \(String(cString: rd_kafka_err2str(code)))")
        }
        let end = min(endOffset, high)
        guard low < end else { return [] }
        rd_kafka_poll_set_consumer(client)
        let list = rd_kafka_topic_partition_list_new(1)!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        rd_kafka_topic_partition_list_add(list, topic, partition).pointee.offset = low
        code = rd_kafka_assign(client, list)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(code: code) }
        defer { rd_kafka_assign(client, nil) }

        let deadline = ContinuousClock.now + timeout
        var messages: [ConsumedMessage] = []
        messages.reserveCapacity(Int(end - low))
        while ContinuousClock.now < deadline {
            guard let message = rd_kafka_consumer_poll(client, 100) else { continue }
            defer { rd_kafka_message_destroy(message) }
            let err = message.pointee.err
            if err == RD_KAFKA_RESP_ERR__PARTITION_EOF { break }
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                let error = KafkaError(code: err)
                if error.isFatal { throw error }
                logger.warning("reading \(topic)[\(partition)] to rebuild state: \(error); retrying")
                continue
            }
            if message.pointee.offset >= end { break }
            messages.append(ConsumedMessage(message, epoch: 0))
            if message.pointee.offset == end - 1 { break }
        }
        if let last = messages.last?.offset, last >= end - 1 { return messages }
        if messages.isEmpty || ContinuousClock.now >= deadline {
            throw KafkaError(code: RD_KAFKA_RESP_ERR__TIMED_OUT, message: "could not read \(topic)[\(partition)] up to offset \(end) within \(timeout); is the broker reachable?")
        }
        return messages  // the partition ended early: compaction or retention removed the tail's gaps
    }
}
