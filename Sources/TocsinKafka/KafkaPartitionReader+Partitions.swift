import CRdKafka
import Foundation
import Logging

extension KafkaPartitionReader {
    /// The partition numbers of `topic`, from the cluster's metadata, so a whole topic can be read
    /// with `read(configuration:topic:partition:until:)` one partition at a time.
    /// - Throws: `KafkaError` when the client cannot be created, the broker does not answer within
    ///   the timeout, or the topic does not exist.
    public static func partitions(
        configuration: KafkaConfiguration, topic: String, timeout: Duration = .seconds(30), logger: Logger
    ) async throws(KafkaError) -> [Int32] {
        try await onOwnThread(named: "tocsin-topic-metadata") { () throws(KafkaError) in
            try partitionsBlocking(configuration: configuration, topic: topic, timeout: timeout, logger: logger)
        }
    }

    private static func partitionsBlocking(
        configuration: KafkaConfiguration, topic: String, timeout: Duration, logger: Logger
    ) throws(KafkaError) -> [Int32] {
        // Asking about a topic must not create it.
        let reader = try ReaderClient(configuration: configuration, extra: ["allow.auto.create.topics": "false"], logger: logger)
        let client = reader.handle
        defer { withExtendedLifetime(reader) {} }  // the handle is used below; free it only after
        guard let handle = rd_kafka_topic_new(client, topic, nil) else {
            throw .configuration("cannot create a handle for topic \(topic)")
        }
        defer { rd_kafka_topic_destroy(handle) }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let millis = Int32(clamping: timeout.components.seconds * 1000)
        let code = rd_kafka_metadata(client, 0, handle, &metadata, millis)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw KafkaError(code: code, message: "cannot read the metadata of \(topic): \(String(cString: rd_kafka_err2str(code))); is the broker reachable?")
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        guard metadata.pointee.topic_cnt > 0, let info = metadata.pointee.topics?.pointee else {
            throw KafkaError(code: RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, message: "topic \(topic) not found")
        }
        guard info.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: info.err, message: "topic \(topic): \(String(cString: rd_kafka_err2str(info.err)))")
        }
        return (0..<Int(info.partition_cnt)).map { info.partitions[$0].id }.sorted()
    }
}
