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
            configuration: config.producerConfiguration, logger: logger, onDelivery: { delivery.handle($0) })
        delivery.attach(producer)
        let worker = try ItemWorker(
            config: config, ruleSet: ruleSet, printer: printer, producer: producer, ledger: ledger,
            tracker: tracker, completion: completion, stats: stats, logger: logger)

        logger.info("consuming \(config.inputTopic) as group \(config.group) from \(config.bootstrap); alerts to \(config.alertsTopic), dead letters to \(config.effectiveDeadLetterTopic); rules \(ruleSet.version)")
        consumer.start()
        var runError: Error?
        do {
            try await withGracefulShutdownHandler {
                for await batch in consumer.batches {
                    try await worker.process(batch)
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
