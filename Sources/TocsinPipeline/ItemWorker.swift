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
    /// Shared state (ledger, tracker, stats) is touched once per slice, not once per message.
    func process(_ messages: ArraySlice<ConsumedMessage>) async throws -> [String] {
        var lines: [String] = []
        var finished: [SourcePosition] = []
        var outgoing: [(record: ProducerRecord, source: SourcePosition)] = []
        var alerts = 0, deadLettered = 0
        for message in messages {
            let partition = TopicPartition(topic: message.topic, partition: message.partition)
            let source = SourcePosition(partition: partition, offset: message.offset, epoch: message.assignmentEpoch)
            let item: NewsItem
            do {
                item = try NewsItem.decode(message.value, maxBytes: config.maxMessageBytes)
            } catch {
                logger.warning("dead-lettering \(partition)@\(message.offset): \(error.code): \(error)")
                deadLettered += 1
                outgoing.append((DeadLetter.record(for: message, error: error, topic: config.effectiveDeadLetterTopic), source))
                continue
            }
            let assessment = scorer.assess(item)
            guard assessment.alert else {
                finished.append(source)
                continue
            }
            let position = InputPosition(topic: message.topic, partition: message.partition, offset: message.offset)
            let record = AssessmentRecord(item: item, assessment: assessment, rulesVersion: ruleSet.version, input: position)
            let json = record.jsonBytes()
            alerts += 1
            let key = Array((record.region ?? record.itemID).utf8)
            outgoing.append((ProducerRecord(topic: config.alertsTopic, key: key, value: json), source))
            if let line = printer.line(for: record, json: json) { lines.append(line) }
        }
        if alerts + deadLettered > 0 {
            stats.update {
                $0.alerts += alerts
                $0.deadLettered += deadLettered
            }
        }
        completion.complete(finished)
        try await send(outgoing)
        return lines
    }

    /// Hands messages to the producer, waiting while its queue is full.
    private func send(_ outgoing: [(record: ProducerRecord, source: SourcePosition)]) async throws {
        guard !outgoing.isEmpty else { return }
        let first = ledger.add(outgoing)
        for (index, message) in outgoing.enumerated() {
            do {
                try await producer.enqueue(message.record, token: first + UInt64(index))
            } catch {
                // What was not handed over will never be reported: forget it, so shutdown does not wait for it.
                ledger.cancel((index..<outgoing.count).map { first + UInt64($0) })
                throw error
            }
        }
    }
}
