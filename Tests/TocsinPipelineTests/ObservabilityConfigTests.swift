import Foundation
import Logging
import Testing

@testable import TocsinPipeline

@Suite("Observability and logging config")
struct ObservabilityConfigTests {
    @Test func defaultsAreOffAndLoopback() throws {
        let config = try DaemonConfig.parse("", path: "x.yaml")
        #expect(config.observability == ObservabilityConfig())
        #expect(!config.observability.httpEnabled)
        #expect(config.observability.httpHost == "127.0.0.1")
        #expect(config.observability.httpPort == 9464)
        #expect(config.observability.statisticsIntervalSeconds == 30)
        #expect(config.logging.level == .info)
        #expect(config.logging.format == .text)
        #expect(config.consumerConfiguration["statistics.interval.ms"] == "30000")
        #expect(config.producerConfiguration["statistics.interval.ms"] == "30000")
    }

    @Test func readsEveryKey() throws {
        let yaml = """
            observability:
              http:
                enabled: true
                host: 0.0.0.0
                port: 9100
              statistics_interval_seconds: 0
            logging:
              level: debug
              format: json
            """
        let config = try DaemonConfig.parse(yaml, path: "x.yaml")
        #expect(config.observability.httpEnabled)
        #expect(config.observability.httpHost == "0.0.0.0")
        #expect(config.observability.httpPort == 9100)
        #expect(config.observability.statisticsIntervalSeconds == 0)
        #expect(config.consumerConfiguration["statistics.interval.ms"] == "0")
        #expect(config.logging.level == .debug)
        #expect(config.logging.format == .json)
    }

    @Test func aLibrdkafkaPropertyOverridesTheStatisticsInterval() throws {
        let yaml = """
            kafka:
              producer_properties: {statistics.interval.ms: 5000}
            observability:
              statistics_interval_seconds: 60
            """
        let config = try DaemonConfig.parse(yaml, path: "x.yaml")
        #expect(config.producerConfiguration["statistics.interval.ms"] == "5000")
        #expect(config.consumerConfiguration["statistics.interval.ms"] == "60000")
    }

    @Test func badValuesAreReportedAtTheirPositions() {
        let yaml = """
            observability:
              http:
                enabled: maybe
                port: 70000
                hots: 0.0.0.0
              statistics_interval_seconds: -1
            logging:
              level: loud
              format: xml
            """
        do {
            _ = try DaemonConfig.parse(yaml, path: "o.yaml")
            Issue.record("bad config accepted")
        } catch {
            let lines = error.problems.map(\.description)
            #expect(lines.contains("o.yaml:3:14: observability.http.enabled must be true or false"))
            #expect(lines.contains("o.yaml:4:11: observability.http.port must be an integer in 1...65535"))
            #expect(lines.contains { $0.hasPrefix("o.yaml:5:5: unknown key 'hots' in observability.http; expected one of: enabled, host, port") })
            #expect(lines.contains("o.yaml:6:32: observability.statistics_interval_seconds must be an integer in 0...86400"))
            #expect(lines.contains("o.yaml:8:10: logging.level must be one of trace, debug, info, notice, warning, error, critical"))
            #expect(lines.contains("o.yaml:9:11: logging.format must be one of text, json"))
            #expect(error.problems.count == 6, "\(lines)")
        }
    }

    @Test func theShippedConfigKeepsTheEndpointOff() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let config = try DaemonConfig.load(path: root.appendingPathComponent("Config/tocsin.yaml").path)
        #expect(!config.observability.httpEnabled)
        #expect(config.observability.httpHost == "127.0.0.1")
        #expect(config.logging.format == .text)
    }
}
