import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import TocsinPipeline

/// `tocsin run`: the daemon.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Consume news, score it, and publish alerts to the alerts topic and stdout.",
        discussion: """
            --role picks the stages: 'score' (news -> item alerts and region signals), 'regions' \
            (region signals -> region alerts) or 'all' (both, the default). Run several instances with \
            the same --group to share the work. SIGTERM or SIGINT stops consumption, finishes \
            in-flight items, flushes, commits and exits 0. SIGHUP, or a change to the config or a \
            rule file, reloads the rules; invalid rules are reported and the old ones keep running.
            """
    )

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var observabilityOptions: ObservabilityOptions
    @Option(help: "Kafka bootstrap servers, HOST:PORT[,HOST:PORT...].") var bootstrap: String?
    @Option(help: "Consumer group id.") var group: String?
    @Option(help: "Topic to read news items from.") var inputTopic: String?
    @Option(help: "Topic to publish alerts to.") var alertsTopic: String?
    @Option(help: "Topic for messages that are not valid news items (default: <input topic>.dlq).") var dlqTopic: String?
    @Option(help: "Internal topic of region signals, from the scoring stage to the region stage (default: tocsin.signals).") var signalsTopic: String?
    @Option(help: "The region stage's consumer group (default: <group>-regions).") var regionsGroup: String?
    @Option(help: "Stages to run: all, score or regions (default: the config's pipeline.role, else all).") var role: DaemonRole?
    @Option(help: "Alerts on stdout: text, json or none.") var output: StdoutFormat?
    @Option(help: "Colour the text output: auto, always, never.") var colour: ColourChoice = .auto

    func run() async throws {
        var config = try configOptions.load()
        try observabilityOptions.apply(to: &config)
        let logger = logging.bootstrap(config.logging)
        let observability = RunObservability(config: config.observability)  // before anything creates metrics
        if let bootstrap { config.bootstrap = bootstrap }
        if let group { config.group = group }
        if let inputTopic { config.inputTopic = inputTopic }
        if let alertsTopic { config.alertsTopic = alertsTopic }
        if let dlqTopic { config.deadLetterTopic = dlqTopic }
        if let signalsTopic { config.signalsTopic = signalsTopic }
        if let regionsGroup { config.regionsGroup = regionsGroup }
        if let role { config.role = role }
        if let output { config.stdout = output }
        let rules = try loadRules(paths: config.rulePaths, threshold: config.alertThreshold)
        let printer = AlertPrinter(format: config.stdout, colour: colour.enabled(for: STDOUT_FILENO))
        let store = RuleStore(rules)
        let pipeline = Pipeline(config: config, rules: store, printer: printer, logger: logger)
        let reloader = RuleReloader(store: store, configPath: configOptions.path, config: config, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: observability.services(readiness: pipeline.readiness) + [
                    .init(
                        service: pipeline, successTerminationBehavior: .gracefullyShutdownGroup,
                        failureTerminationBehavior: .gracefullyShutdownGroup),
                    .init(service: reloader),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
        } catch {
            logger.critical("tocsin run failed: \(error)")
            throw ExitCode(1)
        }
    }
}

extension DaemonRole: ExpressibleByArgument {}
