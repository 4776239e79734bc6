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
    private let logger: Logger

    init(config: DaemonConfig, ruleSet: RuleSet, printer: AlertPrinter, logger: Logger) throws {
        self.config = config
        self.ruleSet = ruleSet
        scorer = try Scorer(ruleSet: ruleSet)
        self.printer = printer
        self.logger = logger
    }

    /// Scores messages: an alert (and stdout line) per alerting item, a dead letter per invalid one.
    func process(_ messages: ArraySlice<ConsumedMessage>) -> StageOutput {
        var output = StageOutput()
        for message in messages {
            let partition = TopicPartition(topic: message.topic, partition: message.partition)
            let source = SourcePosition(partition: partition, offset: message.offset, epoch: message.assignmentEpoch)
            let item: NewsItem
            do {
                item = try NewsItem.decode(message.value, maxBytes: config.maxMessageBytes)
            } catch {
                logger.warning("dead-lettering \(partition)@\(message.offset): \(error.code): \(error)")
                output.deadLettered += 1
                output.outgoing.append((DeadLetter.record(for: message, error: error, topic: config.effectiveDeadLetterTopic), source))
                continue
            }
            // An item no signal rule can match scores 0, which is below any alert threshold but `none`.
            let assessment = ruleSet.alertThreshold > .none ? scorer.assessIfSignalled(item) : scorer.assess(item)
            guard let assessment, assessment.alert else {
                output.finished.append(source)
                continue
            }
            let position = InputPosition(topic: message.topic, partition: message.partition, offset: message.offset)
            let record = AssessmentRecord(item: item, assessment: assessment, rulesVersion: ruleSet.version, input: position)
            let json = record.jsonBytes()
            output.alerts += 1
            let key = Array((record.region ?? record.itemID).utf8)
            output.outgoing.append((ProducerRecord(topic: config.alertsTopic, key: key, value: json), source))
            if let line = printer.line(for: record, json: json) { output.lines.append(line) }
        }
        return output
    }
}

/// The scoring stage: each batch is split into contiguous slices scored in parallel, one worker
/// (and `Scorer`) per slice; outputs are joined in input order.
struct ScoringProcessor: StageProcessor {
    let workers: [ItemWorker]

    func process(_ messages: [ConsumedMessage]) async throws -> StageOutput {
        let sliceSize = max(1, (messages.count + workers.count - 1) / workers.count)
        let slices = stride(from: 0, to: messages.count, by: sliceSize).map { messages[$0..<min($0 + sliceSize, messages.count)] }
        if slices.count <= 1 { return workers[0].process(messages[...]) }
        return await withTaskGroup(of: (Int, StageOutput).self) { group in
            for (index, slice) in slices.enumerated() {
                let worker = workers[index]
                group.addTask { (index, worker.process(slice)) }
            }
            var results = [StageOutput](repeating: StageOutput(), count: slices.count)
            for await (index, output) in group { results[index] = output }
            return results.reduce(into: StageOutput()) { $0.append($1) }
        }
    }
}
