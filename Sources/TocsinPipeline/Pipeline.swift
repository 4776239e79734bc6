import Foundation
import Logging
import ServiceLifecycle
import TocsinKafka
import TocsinRegions
import TocsinRules

/// The daemon's work: the stages its role names (scoring: news → item alerts, region signals and
/// dead letters; regions: region signals → region alerts), each consuming, producing and
/// committing what is done; SIGTERM drains every stage.
public final class Pipeline: Service, Sendable {
    /// The scoring stage's counters.
    public let stats = PipelineStats()
    /// The region stage's counters (`alerts` counts region alerts).
    public let regionStats = PipelineStats()
    /// Whether every stage has partitions and a connected producer (`/readyz`).
    public let readiness = PipelineReadiness()
    private let config: DaemonConfig
    /// The rules in force; `RuleReloader` swaps them while the pipeline runs.
    public let rules: RuleStore
    private let printer: AlertPrinter
    private let logger: Logger

    public init(config: DaemonConfig, rules: RuleStore, printer: AlertPrinter, logger: Logger) {
        self.config = config
        self.rules = rules
        self.printer = printer
        self.logger = logger
    }

    /// A pipeline whose rules never change (benchmarks, tests).
    public convenience init(config: DaemonConfig, ruleSet: RuleSet, printer: AlertPrinter, logger: Logger) {
        self.init(config: config, rules: RuleStore(ruleSet), printer: printer, logger: logger)
    }

    public func run() async throws {
        let stop = StageStop()
        var stages: [(name: String, run: @Sendable () async throws -> Void)] = []
        if config.role.scores { stages.append(("scoring", try scoringStage(stop))) }
        if config.role.tracksRegions { stages.append(("regions", try regionStage(stop))) }
        readiness.expect(stages.map(\.name))
        defer { logStopped() }
        // Every stage runs to its end: one failing asks the others to drain (not cancel them, which
        // would cut their deliveries short), and the first error is what the daemon reports.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for stage in stages {
                group.addTask {
                    defer { stop.fire() }
                    try await stage.run()
                }
            }
            var firstError: Error?
            while let result = await group.nextResult() {
                if case .failure(let error) = result, firstError == nil { firstError = error }
            }
            if let firstError { throw firstError }
        }
    }

    private func scoringStage(_ stop: StageStop) throws -> @Sendable () async throws -> Void {
        let ruleSet = rules.ruleSet
        let workers = try (0..<config.workers).map { _ in
            try ItemWorker(config: config, ruleSet: ruleSet, printer: printer, logger: logger)
        }
        logger.info("scoring: consuming \(config.inputTopic) as group \(config.group) from \(config.bootstrap); alerts to \(config.alertsTopic), region signals to \(config.signalsTopic), dead letters to \(config.effectiveDeadLetterTopic); rules \(ruleSet.version)")
        let runner = runner(name: "scoring", topic: config.inputTopic, group: config.group, stats: stats)
        let processor = ScoringProcessor(workers: workers, rules: rules)
        return { try await runner.run(processor, stop: stop) }
    }

    private func regionStage(_ stop: StageStop) throws -> @Sendable () async throws -> Void {
        let group = config.effectiveRegionsGroup
        var readerConfiguration = config.consumerConfiguration
        readerConfiguration["group.id"] = group
        let logger = logger
        let processor = try RegionProcessor(
            config: config.regions, rulesVersion: { [rules] in rules.ruleSet.version }, alertsTopic: config.alertsTopic,
            deadLetterTopic: config.effectiveDeadLetterTopic, printer: printer, logger: logger,
            history: { [readerConfiguration] partition, offset in
                try await KafkaPartitionReader.read(
                    configuration: readerConfiguration, topic: partition.topic, partition: partition.partition,
                    until: offset, logger: logger)
            })
        logger.info("regions: consuming \(config.signalsTopic) as group \(group) from \(config.bootstrap); region alerts to \(config.alertsTopic)")
        let runner = runner(name: "regions", topic: config.signalsTopic, group: group, stats: regionStats)
        return { try await runner.run(processor, stop: stop) }
    }

    private func runner(name: String, topic: String, group: String, stats: PipelineStats) -> StageRunner {
        StageRunner(
            name: name, topic: topic, group: group,
            consumerConfiguration: config.consumerConfiguration, producerConfiguration: config.producerConfiguration,
            options: .init(batchSize: config.batchSize, maxInFlight: config.maxInFlight),
            shutdownTimeoutSeconds: config.shutdownTimeoutSeconds, printer: printer, stats: stats, logger: logger,
            readiness: readiness)
    }

    private func logStopped() {
        if config.role.scores {
            let final = stats.snapshot
            logger.info("stopped: \(final.consumed) consumed, \(final.alerts) alerts, \(final.signals) region signals, \(final.deadLettered) dead-lettered")
        }
        if config.role.tracksRegions {
            let final = regionStats.snapshot
            logger.info("stopped regions: \(final.consumed) signals consumed, \(final.alerts) region alerts, \(final.deadLettered) dead-lettered")
        }
    }
}

/// Why the pipeline stopped with an error.
public enum PipelineError: Error, CustomStringConvertible {
    case undelivered(Int)

    public var description: String {
        switch self {
        case .undelivered(let count):
            "\(count) alerts, region signals or dead letters were not delivered before shutdown; restart to process their sources again"
        }
    }
}
