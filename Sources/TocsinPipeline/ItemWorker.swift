import Foundation
import Logging
import TocsinKafka
import TocsinRules

/// Turns consumed messages into alerts or dead letters. Owns a `Scorer`, whose scratch space is
/// single-threaded: the pipeline hands each worker to one task at a time (fork-join per batch),
/// hence `@unchecked Sendable`.
final class ItemWorker: @unchecked Sendable {
    private let config: DaemonConfig
    private let ruleSet: RuleSet
    private let scorer: Scorer
    private let printer: AlertPrinter
    private let producer: KafkaProducer
    private let ledger: DeliveryLedger
    private let completion: CompletionHandler
    private let stats: PipelineStats
    private let logger: Logger

    init(
        config: DaemonConfig, ruleSet: RuleSet, printer: AlertPrinter, producer: KafkaProducer, ledger: DeliveryLedger,
        completion: CompletionHandler, stats: PipelineStats, logger: Logger
    ) throws {
        self.config = config
        self.ruleSet = ruleSet
        scorer = try Scorer(ruleSet: ruleSet)
        self.printer = printer
        self.producer = producer
        self.ledger = ledger
        self.completion = completion
        self.stats = stats
        self.logger = logger
    }

    /// Scores messages already registered with the offset tracker; returns the stdout lines.
    func process(_ messages: ArraySlice<ConsumedMessage>) async throws -> [String] {
        var lines: [String] = []
        for message in messages {
            let partition = TopicPartition(topic: message.topic, partition: message.partition)
            let source = SourcePosition(partition: partition, offset: message.offset, epoch: message.assignmentEpoch)
            let item: NewsItem
            do {
                item = try NewsItem.decode(message.value, maxBytes: config.maxMessageBytes)
            } catch {
                logger.warning("dead-lettering \(partition)@\(message.offset): \(error.code): \(error)")
                stats.update { $0.deadLettered += 1 }
                try await send(DeadLetter.record(for: message, error: error, topic: config.effectiveDeadLetterTopic), source)
                continue
            }
            let assessment = scorer.assess(item)
            guard assessment.alert else {
                completion.complete(source)
                continue
            }
            let position = InputPosition(topic: message.topic, partition: message.partition, offset: message.offset)
            let record = AssessmentRecord(item: item, assessment: assessment, rulesVersion: ruleSet.version, input: position)
            let json = record.jsonBytes()
            stats.update { $0.alerts += 1 }
            let key = Array((record.region ?? record.itemID).utf8)
            try await send(ProducerRecord(topic: config.alertsTopic, key: key, value: json), source)
            if let line = printer.line(for: record, json: json) { lines.append(line) }
        }
        return lines
    }

    /// Hands a message to the producer, waiting while its queue is full.
    private func send(_ record: ProducerRecord, _ source: SourcePosition) async throws {
        let token = ledger.add(record, source: source)
        do {
            try await producer.enqueue(record, token: token)
        } catch {
            _ = ledger.remove(token)
            throw error
        }
    }
}
