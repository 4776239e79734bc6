import Logging
import Yams

/// The `observability:` section: the HTTP endpoint (/metrics, /healthz, /readyz) and librdkafka statistics.
public struct ObservabilityConfig: Sendable, Equatable {
    /// Off by default: nothing listens unless asked.
    public var httpEnabled = false
    /// Loopback by default; containers set 0.0.0.0 so the orchestrator can reach it.
    public var httpHost = "127.0.0.1"
    public var httpPort = 9464
    /// librdkafka's `statistics.interval.ms` / 1000; 0 turns statistics off.
    public var statisticsIntervalSeconds = 30

    public init() {}
}

/// How the daemon's logs look on stderr.
public enum LogFormat: String, Sendable, CaseIterable {
    /// swift-log's readable lines.
    case text
    /// One JSON object per line, for log shippers.
    case json
}

/// The `logging:` section; `--log-level` and `--log-format` override it.
public struct LoggingConfig: Sendable, Equatable {
    public var level: Logger.Level = .info
    public var format: LogFormat = .text

    public init() {}
}

extension DaemonConfig {
    mutating func readObservability(_ node: Node?, _ reader: inout YAMLReader) {
        let keys = reader.mapping(node, context: "observability", known: ["http", "statistics_interval_seconds"])
        let http = reader.mapping(keys["http"]?.value, context: "observability.http", known: ["enabled", "host", "port"])
        if let node = http["enabled"]?.value {
            if let value = node.bool {
                observability.httpEnabled = value
            } else {
                reader.report(node, "observability.http.enabled must be true or false")
            }
        }
        observability.httpHost = reader.string(http["host"]?.value, "observability.http.host") ?? observability.httpHost
        observability.httpPort = reader.int(http["port"]?.value, "observability.http.port", range: 1...65535) ?? observability.httpPort
        observability.statisticsIntervalSeconds = reader.int(
            keys["statistics_interval_seconds"]?.value, "observability.statistics_interval_seconds", range: 0...86_400)
            ?? observability.statisticsIntervalSeconds
    }

    mutating func readLogging(_ node: Node?, _ reader: inout YAMLReader) {
        let keys = reader.mapping(node, context: "logging", known: ["level", "format"])
        if let node = keys["level"]?.value {
            if let name = node.string, let level = Logger.Level(rawValue: name) {
                logging.level = level
            } else {
                let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
                reader.report(node, "logging.level must be one of \(names)")
            }
        }
        if let node = keys["format"]?.value {
            if let name = node.string, let format = LogFormat(rawValue: name) {
                logging.format = format
            } else {
                reader.report(node, "logging.format must be one of text, json")
            }
        }
    }

    /// librdkafka's statistics interval for both clients; user `properties` may still override it.
    var statisticsProperties: [String: String] {
        ["statistics.interval.ms": String(observability.statisticsIntervalSeconds * 1000)]
    }
}
