import ArgumentParser
import BenchCorpus
import Foundation
import Logging
import TocsinKafka
import TocsinPipeline
import TocsinRules

/// End-to-end throughput: the daemon's pipeline against a bare consume-and-forward ceiling.
@main
struct TocsinBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Push generated news through the daemon's pipeline and a bare consume-and-forward loop; print items/s and the ratio.")

    @Option(help: "Kafka bootstrap servers.") var bootstrap = "127.0.0.1:19092"
    @Option(help: "Config whose librdkafka settings and rules both runs use.") var config = "Config/tocsin.yaml"
    @Option(help: "Tansu binary, to create topics.") var tansu = ".tools/bin/tansu"
    @Option(help: "Items per run.") var items = 100_000
    @Option(help: "Share of conflict-escalation stories among the items; the rest is everyday news (sports, business, weather, ...). 1 gives the worst case, where nearly every item is an alert.")
    var escalation = 0.15
    @Option(help: "Partitions of the input topic.") var partitions = 3
    @Option(help: "Rounds; each runs the ceiling and the daemon side by side.") var rounds = 2
    @Flag(help: "Run only the daemon (for profiling it alone).") var daemonOnly = false
    @Option(help: "The daemon's role: all (scoring and the region stage, the default), or score (the stateless stage alone).")
    var role = "all"

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            // Quiet by default, so the figures stand out; TOCSIN_BENCH_LOG=info shows the pipeline's log.
            handler.logLevel = ProcessInfo.processInfo.environment["TOCSIN_BENCH_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
            return handler
        }
        let logger = Logger(label: "tocsin-bench")
        guard let daemonRole = DaemonRole(rawValue: role), daemonRole.scores else { throw ValidationError("--role is all or score") }
        var daemonConfig = try DaemonConfig.load(path: config)
        daemonConfig.role = daemonRole
        daemonConfig.bootstrap = bootstrap
        daemonConfig.stdout = .none
        let rules = try RuleSet.load(paths: daemonConfig.rulePaths, alertThreshold: daemonConfig.alertThreshold)

        let input = "bench-news-\(UUID().uuidString.prefix(8).lowercased())"
        try createTopic(input, partitions: partitions)
        let bytes = try await produceItems(to: input, config: daemonConfig, logger: logger)
        print(String(format: "input: %d items, %.1f MB, %d partitions, %.0f%% escalation stories; rules %@; daemon role %@",
                     items, Double(bytes) / 1e6, partitions, escalation * 100, rules.version, role))

        var ceilingRates: [Double] = []
        var daemonRates: [Double] = []
        for round in 1...rounds {
            let forward = "bench-forward-\(round)-\(UUID().uuidString.prefix(8).lowercased())"
            try createTopic(forward, partitions: 3)
            var ceilingConfig = daemonConfig
            ceilingConfig.group = "bench-ceiling-\(UUID().uuidString)"
            let ceilingCPU = CPUTime.now()
            let ceiling = daemonOnly ? .seconds(1) : try await CeilingLoop.run(
                consumerConfiguration: ceilingConfig.consumerConfiguration,
                producerConfiguration: ceilingConfig.producerConfiguration, input: input, output: forward,
                count: items, batchSize: daemonConfig.batchSize, maxInFlight: daemonConfig.maxInFlight, logger: logger)
            ceilingRates.append(Double(items) / ceiling.seconds)
            let ceilingUse = ceilingCPU.elapsed()

            var pipelineConfig = daemonConfig
            pipelineConfig.group = "bench-daemon-\(UUID().uuidString)"
            pipelineConfig.inputTopic = input
            pipelineConfig.alertsTopic = "bench-alerts-\(round)-\(UUID().uuidString.prefix(8).lowercased())"
            try createTopic(pipelineConfig.alertsTopic, partitions: 3)
            // The default role runs the region stage too, on a signals topic of its own per round.
            pipelineConfig.signalsTopic = "bench-signals-\(round)-\(UUID().uuidString.prefix(8).lowercased())"
            pipelineConfig.regionsGroup = "bench-regions-\(UUID().uuidString)"
            try createTopic(pipelineConfig.signalsTopic, partitions: 6)
            let daemonCPU = CPUTime.now()
            let (daemon, alerts) = try await runPipeline(pipelineConfig, rules: rules, logger: logger)
            let daemonUse = daemonCPU.elapsed()
            daemonRates.append(Double(items) / daemon.seconds)
            print(String(
                format: "round %d: ceiling %8.0f items/s (%.2f s)   daemon %8.0f items/s (%.2f s, %d alerts)   ratio %.2f",
                round, ceilingRates.last!, ceiling.seconds, daemonRates.last!, daemon.seconds, alerts,
                daemonRates.last! / ceilingRates.last!))
            print(String(
                format: "         cpu s (bench process + broker): ceiling %.2f + %.2f   daemon %.2f + %.2f",
                ceilingUse.own, ceilingUse.broker, daemonUse.own, daemonUse.broker))
        }
        let ceilingMedian = median(ceilingRates)
        let daemonMedian = median(daemonRates)
        print(String(format: "median: ceiling %.0f items/s, daemon %.0f items/s, daemon/ceiling %.2f (target >= 0.80)",
                     ceilingMedian, daemonMedian, daemonMedian / ceilingMedian))
    }

    /// Runs the daemon's `Pipeline` in-process until every item is finished (scored, alert and
    /// region signal delivered) and, with the region stage, every signal is finished too (region
    /// alerts delivered): the time runs from the first consumed item to the later of the two.
    private func runPipeline(_ config: DaemonConfig, rules: RuleSet, logger: Logger) async throws -> (Duration, Int) {
        let pipeline = Pipeline(config: config, ruleSet: rules, printer: AlertPrinter(format: .none, colour: false), logger: logger)
        let task = Task { try await pipeline.run() }
        while pipeline.stats.snapshot.completed < items {
            try await Task.sleep(for: .milliseconds(5))
        }
        let stats = pipeline.stats.snapshot
        var end = stats.lastCompleted
        if config.role.tracksRegions {
            while pipeline.regionStats.snapshot.completed < stats.signals {
                try await Task.sleep(for: .milliseconds(5))
            }
            if let regionEnd = pipeline.regionStats.snapshot.lastCompleted { end = end.map { max($0, regionEnd) } ?? regionEnd }
        }
        // Everything is delivered: a hard stop loses nothing.
        task.cancel()
        try await task.value
        guard let first = stats.firstConsumed, let end else { throw ValidationError("no items processed") }
        return (end - first, stats.alerts)
    }

    private func produceItems(to topic: String, config: DaemonConfig, logger: Logger) async throws -> Int {
        var generator = CorpusGenerator(seed: 42, escalationShare: escalation)
        let failures = Failures()
        let producer = try KafkaProducer(configuration: config.producerConfiguration, logger: logger) { report in
            if report.error != nil { failures.add() }
        }
        var total = 0
        for index in 0..<items {
            let value = generator.item(index: index).feedJSON
            total += value.count
            try await producer.enqueue(ProducerRecord(topic: topic, key: Array("bench-\(index)".utf8), value: value), token: UInt64(index + 1))
        }
        guard await producer.flush(timeoutMillis: 120_000), failures.count == 0 else {
            throw ValidationError("producing the input failed (\(failures.count) errors)")
        }
        return total
    }

    private func createTopic(_ name: String, partitions: Int) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tansu)
        process.arguments = ["topic", "create", name, "--partitions", String(partitions), "--broker", "tcp://\(bootstrap)"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationError("could not create topic \(name)") }
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}

final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
