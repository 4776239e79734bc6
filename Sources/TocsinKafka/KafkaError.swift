import CRdKafka

/// An error from librdkafka or from this wrapper, classified so callers know whether to retry.
public struct KafkaError: Error, Sendable, CustomStringConvertible {
    /// librdkafka's error name, e.g. `_TRANSPORT` or `UNKNOWN_TOPIC_OR_PART`.
    public let name: String
    public let message: String
    /// The client is unusable and must be recreated (or the process must stop).
    public let isFatal: Bool
    /// The same call may succeed later (broker down, queue full, timeout).
    public let isRetriable: Bool
    let code: rd_kafka_resp_err_t

    init(code: rd_kafka_resp_err_t, message: String? = nil, isFatal: Bool = false, isRetriable: Bool? = nil) {
        self.code = code
        self.name = String(cString: rd_kafka_err2name(code))
        self.message = message ?? String(cString: rd_kafka_err2str(code))
        self.isFatal = isFatal || code == RD_KAFKA_RESP_ERR__FATAL
        self.isRetriable = isRetriable ?? KafkaError.retriableCodes.contains(code.rawValue)
    }

    /// Takes ownership of `error` and destroys it.
    init(consuming error: OpaquePointer) {
        defer { rd_kafka_error_destroy(error) }
        self.init(
            code: rd_kafka_error_code(error),
            message: String(cString: rd_kafka_error_string(error)),
            isFatal: rd_kafka_error_is_fatal(error) != 0,
            isRetriable: rd_kafka_error_is_retriable(error) != 0
        )
    }

    static func configuration(_ message: String) -> KafkaError {
        KafkaError(code: RD_KAFKA_RESP_ERR__INVALID_ARG, message: message, isFatal: true, isRetriable: false)
    }

    public var isQueueFull: Bool { code == RD_KAFKA_RESP_ERR__QUEUE_FULL }
    public var isTimeout: Bool { code == RD_KAFKA_RESP_ERR__MSG_TIMED_OUT || code == RD_KAFKA_RESP_ERR__TIMED_OUT }

    public var description: String {
        let kind = isFatal ? "fatal" : (isRetriable ? "retriable" : "error")
        return "\(message) [\(name), \(kind)]"
    }

    private static let retriableCodes: Set<Int32> = [
        RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__QUEUE_FULL,
        RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE,
        RD_KAFKA_RESP_ERR__RESOLVE, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
        RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
    ].reduce(into: []) { $0.insert($1.rawValue) }
}
