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

    /// Handles one poll's reports: finished sources complete together, each failure is retried.
    func handle(_ reports: [DeliveryReport]) {
        let settlement = ledger.settle(reports)
        for failure in settlement.failed { retry(failure.token, failure.entry, after: failure.error) }
        completion.complete(settlement.finished)
    }

    private func retry(_ token: UInt64, _ again: DeliveryLedger.Entry, after error: KafkaError) {
        let producer = lock.withLock { self.producer }
        if error.isFatal || producer?.fatalError != nil {
            failure.record(producer?.fatalError ?? error)
            return
        }
        let delay = min(30.0, 0.5 * pow(2.0, Double(min(again.attempts, 10) - 2)))
        stats.update { $0.deliveryRetries += 1 }
        logger.warning(
            "delivery to \(again.record.topic) failed: \(error); retrying in \(delay)s (attempt \(again.attempts)); its source offset \(again.source.partition)@\(again.source.offset) stays uncommitted")
        DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [self] in resend(token, again) }
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

/// Finishes consumed messages: releases their credits and, where a partition's done prefix
/// grows, stages that offset for commit.
struct CompletionHandler: Sendable {
    let tracker: OffsetTracker
    let consumer: KafkaConsumer
    let stats: PipelineStats

    /// Finishes many messages, taking each lock once.
    func complete(_ sources: [SourcePosition]) {
        guard !sources.isEmpty else { return }
        consumer.storeOffsets(tracker.complete(sources))
        consumer.release(sources.count)
        stats.recordCompleted(sources.count)
    }

    /// Gives up messages without committing them (their partition was revoked).
    func abandon(_ count: Int) { consumer.release(count) }
}

/// Holds the first fatal error; the pipeline stops on it without committing undelivered work.
final class FailureLatch: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var first: KafkaError?
    var error: KafkaError? { lock.withLock { first } }
    func record(_ error: KafkaError) { lock.withLock { if first == nil { first = error } } }
}
