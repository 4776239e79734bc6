import Foundation
import Logging
import ServiceLifecycle
import TocsinKafka
import TocsinRules

/// The daemon's work: consume news, score it, publish alerts and dead letters, commit what is done.
public final class Pipeline: Service, Sendable {
    public let stats = PipelineStats()
    private let config: DaemonConfig
    private let ruleSet: RuleSet
    private let printer: AlertPrinter
    private let logger: Logger

    public init(config: DaemonConfig, ruleSet: RuleSet, printer: AlertPrinter, logger: Logger) {
        self.config = config
        self.ruleSet = ruleSet
        self.printer = printer
        self.logger = logger
    }

    public func run() async throws {
        let tracker = OffsetTracker()
        let ledger = DeliveryLedger()
        let failure = FailureLatch()
        let consumer = try KafkaConsumer(
            configuration: config.consumerConfiguration, topics: [config.inputTopic],
            options: .init(batchSize: config.batchSize, maxInFlight: config.maxInFlight), logger: logger,
            onRebalance: { tracker.apply($0) },
            onError: { if $0.isFatal { failure.record($0) } })
        let completion = CompletionHandler(tracker: tracker, consumer: consumer, stats: stats)
        let delivery = DeliveryHandler(ledger: ledger, completion: completion, failure: failure, stats: stats, logger: logger)
        let producer = try KafkaProducer(
            configuration: config.producerConfiguration, logger: logger, onDeliveries: { delivery.handle($0) })
        delivery.attach(producer)
        let workers = try (0..<config.workers).map { _ in
            try ItemWorker(
                config: config, ruleSet: ruleSet, printer: printer, producer: producer, ledger: ledger,
                completion: completion, stats: stats, logger: logger)
        }

        logger.info("consuming \(config.inputTopic) as group \(config.group) from \(config.bootstrap); alerts to \(config.alertsTopic), dead letters to \(config.effectiveDeadLetterTopic); rules \(ruleSet.version)")
        consumer.start()
        var runError: Error?
        do {
            try await withGracefulShutdownHandler {
                for await batch in consumer.batches {
                    let live = register(batch, tracker: tracker, completion: completion)
                    printer.write(try await score(live, on: workers))
                    if let error = failure.error ?? consumer.fatalError ?? producer.fatalError { throw error }
                }
            } onGracefulShutdown: { [logger] in
                logger.info("shutdown requested: no new items; finishing those in flight")
                consumer.requestStop()
            }
        } catch {
            runError = error
            logger.critical("stopping on error: \(error)")
        }
        let drained = await waitForDeliveries(ledger, producer: producer)
        await consumer.stopPolling()
        var commitError: Error?
        do {
            try await consumer.commit()
        } catch {
            commitError = error
            logger.error("final commit failed: \(error); items since the last commit will be processed again on restart")
        }
        await consumer.close()
        let final = stats.snapshot
        logger.info("stopped: \(final.consumed) consumed, \(final.alerts) alerts, \(final.deadLettered) dead-lettered")
        if let runError { throw runError }
        if !drained { throw PipelineError.undelivered(ledger.count) }
        if let commitError { throw commitError }
    }

    /// Registers a batch's offsets in consumption order, which the tracker needs before any
    /// completion; drops messages whose partition was taken away since they were fetched.
    private func register(_ batch: [ConsumedMessage], tracker: OffsetTracker, completion: CompletionHandler) -> [ConsumedMessage] {
        stats.recordConsumed(batch.count)
        let live = tracker.begin(batch)
        completion.abandon(batch.count - live.count)  // their partitions' new owners read them again
        return live
    }

    /// Scores a batch on all workers at once, one contiguous slice each; lines keep input order.
    private func score(_ messages: [ConsumedMessage], on workers: [ItemWorker]) async throws -> [String] {
        let sliceSize = max(1, (messages.count + workers.count - 1) / workers.count)
        let slices = stride(from: 0, to: messages.count, by: sliceSize).map { messages[$0..<min($0 + sliceSize, messages.count)] }
        if slices.count <= 1 { return try await workers[0].process(messages[...]) }
        return try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
            for (index, slice) in slices.enumerated() {
                let worker = workers[index]
                group.addTask { (index, try await worker.process(slice)) }
            }
            var results = [[String]](repeating: [], count: slices.count)
            for try await (index, lines) in group { results[index] = lines }
            return results.flatMap { $0 }
        }
    }

    /// Waits (up to the shutdown timeout) until every produced message has a successful delivery.
    private func waitForDeliveries(_ ledger: DeliveryLedger, producer: KafkaProducer) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(config.shutdownTimeoutSeconds)
        // A cancelled task (a second signal, or a hard stop) gives up waiting.
        while ledger.count > 0 && producer.fatalError == nil && ContinuousClock.now < deadline && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if ledger.count > 0 {
            logger.error("\(ledger.count) messages were not delivered within \(config.shutdownTimeoutSeconds)s; their items stay uncommitted and will be processed again on restart")
            return false
        }
        return true
    }
}

/// Why the pipeline stopped with an error.
public enum PipelineError: Error, CustomStringConvertible {
    case undelivered(Int)

    public var description: String {
        switch self {
        case .undelivered(let count):
            "\(count) alerts or dead letters were not delivered before shutdown; restart to process their items again"
        }
    }
}
