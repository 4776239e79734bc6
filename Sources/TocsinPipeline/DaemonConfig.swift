import Foundation
import TocsinKafka
import TocsinRegions
import TocsinRules
import Yams

/// The daemon's settings, from `Config/tocsin.yaml` and then the command line.
public struct DaemonConfig: Sendable {
    public var bootstrap = "127.0.0.1:19092"
    public var group = "tocsin"
    public var inputTopic = "news"
    public var alertsTopic = "alerts"
    /// Defaults to `<inputTopic>.dlq` when nil.
    public var deadLetterTopic: String?
    /// Internal topic: item assessments re-keyed by region, read by the region stage.
    public var signalsTopic = "tocsin.signals"
    /// The region stage's consumer group; defaults to `<group>-regions` when nil.
    public var regionsGroup: String?
    /// Which stages this instance runs.
    public var role: DaemonRole = .all
    /// librdkafka properties for both clients, then per-client overrides.
    public var kafkaProperties: [String: String] = [:]
    public var consumerProperties: [String: String] = [:]
    public var producerProperties: [String: String] = [:]
    /// TLS and SASL (`kafka.security`), secrets resolved; applied last to both clients.
    public var security = KafkaSecurity()
    /// Rule files or folders, resolved against the config file's folder.
    public var rulePaths: [String] = []
    public var alertThreshold: Severity = .medium
    /// How often the rule and config files are checked for changes (reloaded when they change); 0: only on SIGHUP.
    public var rulesWatchIntervalSeconds = 2
    public var maxMessageBytes = 1_048_576
    public var batchSize = 500
    public var maxInFlight = 20_000
    /// Scoring workers; each batch is split between them.
    public var workers = DaemonConfig.defaultWorkers
    public var shutdownTimeoutSeconds = 30
    public var stdout: StdoutFormat = .text
    /// The region stage's engine settings (`regions:`).
    public var regions = RegionConfig()
    /// The HTTP endpoint and librdkafka statistics (`observability:`).
    public var observability = ObservabilityConfig()
    /// Log level and format (`logging:`).
    public var logging = LoggingConfig()

    public init() {}

    /// One scoring worker per core the process may use.
    public static var defaultWorkers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    public var effectiveDeadLetterTopic: String { deadLetterTopic ?? "\(inputTopic).dlq" }
    public var effectiveRegionsGroup: String { regionsGroup ?? "\(group)-regions" }

    /// Properties for the consumer, in precedence order: built-in local defaults, config, per-client.
    public var consumerConfiguration: KafkaConfiguration {
        KafkaConfiguration(["bootstrap.servers": bootstrap, "group.id": group, "client.id": "tocsin"])
            .merging(statisticsProperties).merging(kafkaProperties).merging(consumerProperties).merging(security.properties)
    }

    public var producerConfiguration: KafkaConfiguration {
        KafkaConfiguration(["bootstrap.servers": bootstrap, "client.id": "tocsin", "partitioner": "murmur2_random"])
            .merging(statisticsProperties).merging(kafkaProperties).merging(producerProperties).merging(security.properties)
    }

    /// Loads a config file; every problem is reported with its position.
    public static func load(path: String) throws(ConfigError) -> DaemonConfig {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError([ConfigProblem(path: path, line: 1, column: 1, message: "cannot read the config file; check the path or pass --config FILE")])
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws(ConfigError) -> DaemonConfig {
        var reader = YAMLReader(path: path)
        var config = DaemonConfig()
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        if let root = reader.parse(text) {
            let top = reader.mapping(root, context: "the config file", known: ["kafka", "rules", "pipeline", "output", "regions", "observability", "logging"])
            config.readKafka(top["kafka"]?.value, &reader)
            config.readRules(top["rules"]?.value, base: base, &reader)
            config.readPipeline(top["pipeline"]?.value, &reader)
            config.readOutput(top["output"]?.value, &reader)
            config.readRegions(top["regions"], &reader)
            config.readObservability(top["observability"]?.value, &reader)
            config.readLogging(top["logging"]?.value, &reader)
        }
        if !reader.problems.isEmpty { throw ConfigError(reader.problems) }
        return config
    }

    private mutating func readKafka(_ node: Node?, _ reader: inout YAMLReader) {
        let keys = reader.mapping(node, context: "kafka", known: [
            "bootstrap", "group", "input_topic", "alerts_topic", "dlq_topic", "signals_topic", "regions_group",
            "properties", "consumer_properties", "producer_properties", "security",
        ])
        bootstrap = reader.string(keys["bootstrap"]?.value, "kafka.bootstrap") ?? bootstrap
        group = reader.string(keys["group"]?.value, "kafka.group") ?? group
        inputTopic = reader.string(keys["input_topic"]?.value, "kafka.input_topic") ?? inputTopic
        alertsTopic = reader.string(keys["alerts_topic"]?.value, "kafka.alerts_topic") ?? alertsTopic
        deadLetterTopic = reader.string(keys["dlq_topic"]?.value, "kafka.dlq_topic") ?? deadLetterTopic
        signalsTopic = reader.string(keys["signals_topic"]?.value, "kafka.signals_topic") ?? signalsTopic
        regionsGroup = reader.string(keys["regions_group"]?.value, "kafka.regions_group") ?? regionsGroup
        kafkaProperties = reader.stringMap(keys["properties"]?.value, "kafka.properties")
        consumerProperties = reader.stringMap(keys["consumer_properties"]?.value, "kafka.consumer_properties")
        producerProperties = reader.stringMap(keys["producer_properties"]?.value, "kafka.producer_properties")
        readSecurity(keys["security"]?.value, &reader)
        checkSecretProperties(keys, &reader)
    }

    private mutating func readRules(_ node: Node?, base: URL, _ reader: inout YAMLReader) {
        let keys = reader.mapping(node, context: "rules", known: ["paths", "alert_threshold", "watch_interval_seconds"])
        rulesWatchIntervalSeconds = reader.int(keys["watch_interval_seconds"]?.value, "rules.watch_interval_seconds", range: 0...3600) ?? rulesWatchIntervalSeconds
        if let paths = reader.stringList(keys["paths"]?.value, "rules.paths") {
            rulePaths = paths.map { $0.hasPrefix("/") ? $0 : base.appendingPathComponent($0).standardizedFileURL.path }
        }
        if let node = keys["alert_threshold"]?.value {
            if let name = node.string, let severity = Severity(rawValue: name), severity != .none {
                alertThreshold = severity
            } else {
                reader.report(node, "rules.alert_threshold must be one of low, medium, high, critical")
            }
        }
    }

    private mutating func readPipeline(_ node: Node?, _ reader: inout YAMLReader) {
        let keys = reader.mapping(node, context: "pipeline", known: [
            "max_message_bytes", "batch_size", "max_in_flight", "shutdown_timeout_seconds", "workers", "role",
        ])
        if let node = keys["role"]?.value {
            if let name = node.string, let value = DaemonRole(rawValue: name) {
                role = value
            } else {
                reader.report(node, "pipeline.role must be one of all, score, regions")
            }
        }
        workers = reader.int(keys["workers"]?.value, "pipeline.workers", range: 1...256) ?? workers
        maxMessageBytes = reader.int(keys["max_message_bytes"]?.value, "pipeline.max_message_bytes", range: 1...100_000_000) ?? maxMessageBytes
        batchSize = reader.int(keys["batch_size"]?.value, "pipeline.batch_size", range: 1...100_000) ?? batchSize
        maxInFlight = reader.int(keys["max_in_flight"]?.value, "pipeline.max_in_flight", range: 1...10_000_000) ?? maxInFlight
        shutdownTimeoutSeconds = reader.int(keys["shutdown_timeout_seconds"]?.value, "pipeline.shutdown_timeout_seconds", range: 1...3600) ?? shutdownTimeoutSeconds
    }

    private mutating func readOutput(_ node: Node?, _ reader: inout YAMLReader) {
        let keys = reader.mapping(node, context: "output", known: ["stdout"])
        if let node = keys["stdout"]?.value {
            if let name = node.string, let format = StdoutFormat(rawValue: name) {
                stdout = format
            } else {
                reader.report(node, "output.stdout must be one of text, json, none")
            }
        }
    }
}

/// The stages one daemon instance runs: scoring (news → item alerts and region signals), the region
/// stage (region signals → region alerts), or both.
public enum DaemonRole: String, Sendable, CaseIterable {
    case all, score, regions

    public var scores: Bool { self != .regions }
    public var tracksRegions: Bool { self != .score }
}

/// How the daemon prints alerts on stdout.
public enum StdoutFormat: String, Sendable, CaseIterable {
    /// One readable line per alert.
    case text
    /// The alert's JSON record, one per line.
    case json
    case none
}
