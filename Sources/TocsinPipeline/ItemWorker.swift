import Foundation
import Logging
import TocsinKafka
import TocsinRegions
import TocsinRules

/// Turns consumed messages into alerts, region signals or dead letters. Owns a `Scorer`, whose scratch space is
/// single-threaded: the pipeline hands each worker to one task at a time (fork-join per batch),
/// hence `@unchecked Sendable`.
final class ItemWorker: @unchecked Sendable {
    private let config: DaemonConfig
    /// The set `scorer` was made for; replaced when a batch arrives with a reloaded one.
    private var ruleSet: RuleSet
    private var scorer: Scorer
    private let printer: AlertPrinter
    private let logger: Logger
    private let metrics = ScoringMetrics()

    init(config: DaemonConfig, ruleSet: RuleSet, printer: AlertPrinter, logger: Logger) throws {
        self.config = config
        self.ruleSet = ruleSet
        scorer = try Scorer(ruleSet: ruleSet)
        self.printer = printer
        self.logger = logger
    }

    /// Scores messages under `rules`: an alert (and stdout line) per alerting item, a region signal
    /// per item with a region and a counted signal, a dead letter per invalid one.
    func process(_ messages: ArraySlice<ConsumedMessage>, rules: RuleSet) throws -> StageOutput {
        if rules !== ruleSet {
            scorer = try Scorer(ruleSet: rules)
            ruleSet = rules
        }
        var output = StageOutput()
        for message in messages {
            let partition = TopicPartition(topic: message.topic, partition: message.partition)
            let source = SourcePosition(partition: partition, offset: message.offset, epoch: message.assignmentEpoch)
            let started = ScoringMetrics.now()
            let item: NewsItem
            do {
                item = try NewsItem.decode(message.value, maxBytes: config.maxMessageBytes)
            } catch {
                logger.warning("dead-lettering \(partition)@\(message.offset): \(error.code): \(error)")
                output.deadLettered += 1
                output.outgoing.append((DeadLetter.record(for: message, error: error, topic: config.effectiveDeadLetterTopic), source))
                continue
            }
            let assessment = scorer.assess(item)
            metrics.scored(since: started)
            var produced = false
            if assessment.alert {
                let position = InputPosition(topic: message.topic, partition: message.partition, offset: message.offset)
                let record = AssessmentRecord(item: item, assessment: assessment, rulesVersion: ruleSet.version, input: position)
                let json = record.jsonBytes()
                output.alerts += 1
                metrics.alert(assessment.severity)
                if let millis = message.timestampMillis { output.published.append((output.outgoing.count, millis)) }
                let key = Array((record.region ?? record.itemID).utf8)
                output.outgoing.append((ProducerRecord(topic: config.alertsTopic, key: key, value: json), source))
                if let line = printer.line(for: record, json: json) { output.lines.append(line) }
                produced = true
            }
            let time = SignalTime.eventTime(publishedAt: item.publishedAt, kafkaMillis: message.timestampMillis)
            if let signal = RegionSignal(item: item, assessment: assessment, eventTime: time) {
                // Keyed by region: one region always lands on one partition, so one region-stage
                // engine sees all of it, in order.
                output.signals += 1
                output.outgoing.append((ProducerRecord(topic: config.signalsTopic, key: Array(signal.region.utf8), value: signal.jsonBytes()), source))
                produced = true
            }
            // Its offset is stored once the alert and the signal are both delivered (the ledger counts them).
            if !produced { output.finished.append(source) }
        }
        return output
    }
}

/// The scoring stage: each batch is split into contiguous slices scored in parallel, one worker
/// (and `Scorer`) per slice; outputs are joined in input order.
struct ScoringProcessor: StageProcessor {
    let workers: [ItemWorker]
    let rules: RuleStore

    func process(_ messages: [ConsumedMessage]) async throws -> StageOutput {
        // One snapshot per batch: a reload takes effect from the next batch on, never inside one.
        let ruleSet = rules.ruleSet
        let sliceSize = max(1, (messages.count + workers.count - 1) / workers.count)
        let slices = stride(from: 0, to: messages.count, by: sliceSize).map { messages[$0..<min($0 + sliceSize, messages.count)] }
        if slices.count <= 1 { return try workers[0].process(messages[...], rules: ruleSet) }
        return try await withThrowingTaskGroup(of: (Int, StageOutput).self) { group in
            for (index, slice) in slices.enumerated() {
                let worker = workers[index]
                group.addTask { (index, try worker.process(slice, rules: ruleSet)) }
            }
            var results = [StageOutput](repeating: StageOutput(), count: slices.count)
            for try await (index, output) in group { results[index] = output }
            return results.reduce(into: StageOutput()) { $0.append($1) }
        }
    }
}
