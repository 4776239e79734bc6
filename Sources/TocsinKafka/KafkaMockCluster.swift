import CRdKafka

/// librdkafka's in-process mock cluster, for unit tests of this wrapper only (never for the daemon).
public final class KafkaMockCluster: @unchecked Sendable {
    // @unchecked: immutable after init; librdkafka's mock cluster is thread-safe.
    private let owner: OpaquePointer  // the client that hosts the mock cluster; freed last
    private let cluster: OpaquePointer

    /// Comma-separated addresses to use as `bootstrap.servers`.
    public let bootstrap: String

    public init(brokers: Int32 = 1) throws(KafkaError) {
        let conf = try KafkaConfiguration(["log_level": "3"]).makeNativeConfig()
        var text = [CChar](repeating: 0, count: 512)
        guard let client = rd_kafka_new(RD_KAFKA_PRODUCER, conf, &text, text.count) else {
            rd_kafka_conf_destroy(conf)
            throw .configuration("cannot create the mock cluster's host client: \(errorText(text))")
        }
        guard let mock = rd_kafka_mock_cluster_new(client, brokers) else {
            rd_kafka_destroy(client)
            throw .configuration("cannot create a librdkafka mock cluster")
        }
        owner = client
        cluster = mock
        bootstrap = String(cString: rd_kafka_mock_cluster_bootstraps(mock))
    }

    public func createTopic(_ name: String, partitions: Int32) throws(KafkaError) {
        let code = rd_kafka_mock_topic_create(cluster, name, partitions, 1)
        if code != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(code: code) }
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
        rd_kafka_destroy(owner)
    }
}
