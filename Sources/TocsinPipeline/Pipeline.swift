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
        let workers = try (0..<config.workers).map { _ in
            try ItemWorker(config: config, ruleSet: ruleSet, printer: printer, logger: logger)
        }
        logger.info("consuming \(config.inputTopic) as group \(config.group) from \(config.bootstrap); alerts to \(config.alertsTopic), dead letters to \(config.effectiveDeadLetterTopic); rules \(ruleSet.version)")
        let scoring = StageRunner(
            name: "scoring", topic: config.inputTopic, group: config.group,
            consumerConfiguration: config.consumerConfiguration, producerConfiguration: config.producerConfiguration,
            options: .init(batchSize: config.batchSize, maxInFlight: config.maxInFlight),
            shutdownTimeoutSeconds: config.shutdownTimeoutSeconds, printer: printer, stats: stats, logger: logger)
        defer {
            let final = stats.snapshot
            logger.info("stopped: \(final.consumed) consumed, \(final.alerts) alerts, \(final.deadLettered) dead-lettered")
        }
        try await scoring.run(ScoringProcessor(workers: workers))
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
