/// A Kafka record header.
public struct KafkaHeader: Sendable, Equatable {
    public var name: String
    public var value: [UInt8]

    public init(name: String, value: [UInt8]) {
        self.name = name
        self.value = value
    }

    public init(name: String, string: String) {
        self.init(name: name, value: Array(string.utf8))
    }

    public var stringValue: String? { String(validating: value, as: UTF8.self) }
}

/// A message read from a topic, copied out of librdkafka's buffers.
public struct ConsumedMessage: Sendable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var key: [UInt8]?
    public var value: [UInt8]
    public var headers: [KafkaHeader]
    /// Milliseconds since the epoch, when the broker or producer set one.
    public var timestampMillis: Int64?
    /// Increases on every (re)assignment; lets callers drop work from partitions they lost meanwhile.
    public var assignmentEpoch: UInt64

    public init(
        topic: String, partition: Int32, offset: Int64, key: [UInt8]? = nil, value: [UInt8],
        headers: [KafkaHeader] = [], timestampMillis: Int64? = nil, assignmentEpoch: UInt64 = 0
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMillis = timestampMillis
        self.assignmentEpoch = assignmentEpoch
    }
}

/// A message to produce.
public struct ProducerRecord: Sendable {
    public var topic: String
    public var key: [UInt8]?
    public var value: [UInt8]
    public var headers: [KafkaHeader]

    public init(topic: String, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader] = []) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
    }
}

/// The outcome of one produced message, matched to the caller's token.
public struct DeliveryReport: Sendable {
    public var token: UInt64
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var error: KafkaError?
}

/// A topic partition.
public struct TopicPartition: Sendable, Hashable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32

    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public var description: String { "\(topic)[\(partition)]" }
}

/// A change of the consumer's assignment, reported on the poll thread before it takes effect
/// (revocation) or right after (assignment).
public enum RebalanceEvent: Sendable {
    case assigned([TopicPartition], epoch: UInt64)
    case revoked([TopicPartition], epoch: UInt64)
}
