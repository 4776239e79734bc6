import TocsinKafka
import TocsinRules

/// Builds the dead-letter copy of a message that is not a valid news item (or, in the region
/// stage, not a valid region signal): the original key and value, and headers saying why and where it came from.
enum DeadLetter {
    static let reasonHeader = "tocsin.dlq.reason"
    static let messageHeader = "tocsin.dlq.message"
    static let topicHeader = "tocsin.dlq.original.topic"
    static let partitionHeader = "tocsin.dlq.original.partition"
    static let offsetHeader = "tocsin.dlq.original.offset"
    static let timestampHeader = "tocsin.dlq.original.timestamp"

    static func record(for message: ConsumedMessage, error: NewsItemError, topic: String) -> ProducerRecord {
        record(for: message, reason: error.code, explanation: error.description, topic: topic)
    }

    /// The region stage's reason for a message on the signals topic that is not a region signal.
    static let invalidSignal = "invalid_signal"

    static func record(for message: ConsumedMessage, reason: String, explanation: String, topic: String) -> ProducerRecord {
        var headers = [
            KafkaHeader(name: reasonHeader, string: reason),
            KafkaHeader(name: messageHeader, string: explanation),
            KafkaHeader(name: topicHeader, string: message.topic),
            KafkaHeader(name: partitionHeader, string: String(message.partition)),
            KafkaHeader(name: offsetHeader, string: String(message.offset)),
        ]
        if let timestamp = message.timestampMillis {
            headers.append(KafkaHeader(name: timestampHeader, string: String(timestamp)))
        }
        return ProducerRecord(topic: topic, key: message.key, value: message.value, headers: headers)
    }
}
