import Foundation
import Logging

/// The few fields of a librdkafka statistics report (its STATISTICS.md) that Tocsin logs and uses.
public struct KafkaStatistics: Decodable, Sendable {
    /// A broker connection as librdkafka sees it.
    public struct Broker: Decodable, Sendable {
        public var state: String
        /// `configured`, `learned`, `internal` or `logical`; only the first two are real connections.
        public var source: String?
    }

    /// The consumer group membership (consumers only).
    public struct Group: Decodable, Sendable {
        public var state: String?
        public var joinState: String?
        public var assignmentSize: Int?

        enum CodingKeys: String, CodingKey {
            case state, joinState = "join_state", assignmentSize = "assignment_size"
        }
    }

    public struct Topic: Decodable, Sendable {
        public var partitions: [String: Partition]?
    }

    public struct Partition: Decodable, Sendable {
        /// -1 when unknown (not assigned, or no committed offset yet).
        public var consumerLag: Int64?

        enum CodingKeys: String, CodingKey { case consumerLag = "consumer_lag" }
    }

    /// The idempotent producer's state; `Assigned` once it has a producer id.
    public struct IdempotenceState: Decodable, Sendable {
        public var idempState: String?

        enum CodingKeys: String, CodingKey { case idempState = "idemp_state" }
    }

    public var name: String?
    public var type: String?
    /// Messages waiting in the producer's queues.
    public var messagesQueued: Int64?
    public var messagesSent: Int64?
    public var messagesReceived: Int64?
    public var brokers: [String: Broker]
    public var group: Group?
    public var topics: [String: Topic]?
    public var idempotence: IdempotenceState?

    enum CodingKeys: String, CodingKey {
        case name, type, brokers, topics
        case messagesQueued = "msg_cnt", messagesSent = "txmsgs", messagesReceived = "rxmsgs"
        case group = "cgrp", idempotence = "eos"
    }

    /// Parses one report; nil when it is not the JSON librdkafka documents.
    public init?(json: UnsafeRawBufferPointer) {
        guard let decoded = try? JSONDecoder().decode(Self.self, from: Data(json)) else { return nil }
        self = decoded
    }

    /// Real broker connections (not librdkafka's internal or logical ones), and how many are up.
    public var brokerConnections: (up: Int, total: Int) {
        let real = brokers.values.filter { $0.source == "configured" || $0.source == "learned" }
        return (real.filter { $0.state == "UP" }.count, real.count)
    }

    /// The sum of known lags over the partitions this consumer fetches; nil when none is known.
    public var consumerLag: Int64? {
        let lags = (topics ?? [:]).values.flatMap { ($0.partitions ?? [:]).values.compactMap(\.consumerLag) }.filter { $0 >= 0 }
        return lags.isEmpty ? nil : lags.reduce(0, +)
    }

    /// A compact summary for one log line's metadata (not the whole report, which can be large).
    public var summary: Logger.Metadata {
        var metadata: Logger.Metadata = [:]
        let brokers = brokerConnections
        metadata["rdkafka.client"] = "\(name ?? "?")"
        metadata["rdkafka.brokers_up"] = "\(brokers.up)/\(brokers.total)"
        if let messagesQueued { metadata["rdkafka.msgs_queued"] = "\(messagesQueued)" }
        if type == "producer", let messagesSent { metadata["rdkafka.msgs_sent"] = "\(messagesSent)" }
        if type == "consumer", let messagesReceived { metadata["rdkafka.msgs_received"] = "\(messagesReceived)" }
        if let state = group?.state { metadata["rdkafka.group_state"] = "\(state)/\(group?.joinState ?? "?")" }
        if let size = group?.assignmentSize { metadata["rdkafka.assigned_partitions"] = "\(size)" }
        if type == "consumer", let consumerLag { metadata["rdkafka.consumer_lag"] = "\(consumerLag)" }
        if let state = idempotence?.idempState { metadata["rdkafka.idempotence"] = "\(state)" }
        return metadata
    }
}
