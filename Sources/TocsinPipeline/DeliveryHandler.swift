import Foundation
import Logging
import TocsinKafka

/// Reacts to delivery reports on the producer's poll thread: a delivered message releases its
/// source offset; a failed one is sent again after a backoff, so nothing undelivered is committed.
final class DeliveryHandler: @unchecked Sendable {
    // @unchecked: `producer` is guarded by `lock`; everything else is immutable and Sendable.
    private let ledger: DeliveryLedger
    private let completion: CompletionHandler
    private let failure: FailureLatch
    private let stats: PipelineStats
    private let logger: Logger
    private let lock = NSLock()
    private weak var producer: KafkaProducer?

    init(ledger: DeliveryLedger, completion: CompletionHandler, failure: FailureLatch, stats: PipelineStats, logger: Logger) {
        self.ledger = ledger
        self.completion = completion
        self.failure = failure
        self.stats = stats
        self.logger = logger
    }

    func attach(_ producer: KafkaProducer) { lock.withLock { self.producer = producer } }

    func handle(_ report: DeliveryReport) {
        guard let entry = ledger.remove(report.token) else { return }
        guard let error = report.error else {
            completion.complete(entry.source)
            return
        }
        let producer = lock.withLock { self.producer }
        if error.isFatal || producer?.fatalError != nil {
            failure.record(producer?.fatalError ?? error)
            return
        }
        let again = ledger.retry(report.token, entry)
        let delay = min(30.0, 0.5 * pow(2.0, Double(min(again.attempts, 10) - 2)))
        stats.update { $0.deliveryRetries += 1 }
        logger.warning(
            "delivery to \(entry.record.topic) failed: \(error); retrying in \(delay)s (attempt \(again.attempts)); its source offset \(entry.source.partition)@\(entry.source.offset) stays uncommitted")
        DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [self] in resend(report.token, again) }
    }

    private func resend(_ token: UInt64, _ entry: DeliveryLedger.Entry) {
        guard let producer = lock.withLock({ self.producer }) else { return }
        do {
            try producer.send(entry.record, token: token)
        } catch where error.isRetriable {
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { [self] in resend(token, entry) }
        } catch {
            failure.record(error)
        }
    }
}

/// Finishes a consumed message: releases its credit and, when the done prefix of its partition
/// grows, stages that offset for commit.
struct CompletionHandler: Sendable {
    let tracker: OffsetTracker
    let consumer: KafkaConsumer
    let stats: PipelineStats

    func complete(_ source: SourcePosition) {
        if let next = tracker.complete(source.partition, offset: source.offset, epoch: source.epoch) {
            consumer.storeOffset(source.partition, nextOffset: next)
        }
        consumer.release(1)
        stats.recordCompleted()
    }

    /// Gives up a message without committing it (its partition was revoked).
    func abandon() { consumer.release(1) }
}

/// Holds the first fatal error; the pipeline stops on it without committing undelivered work.
final class FailureLatch: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var first: KafkaError?
    var error: KafkaError? { lock.withLock { first } }
    func record(_ error: KafkaError) { lock.withLock { if first == nil { first = error } } }
}
