import Foundation
import Testing
import TocsinRules

@testable import TocsinPipeline

@Suite("Daemon config")
struct DaemonConfigTests {
    @Test func readsEveryKey() throws {
        let yaml = """
            kafka:
              bootstrap: broker:9092
              group: g
              input_topic: in
              alerts_topic: out
              properties:
                session.timeout.ms: 6000
                enable.idempotence: true
              consumer_properties: {fetch.min.bytes: 1}
              producer_properties: {linger.ms: 5}
            rules:
              paths: [rules, /abs/extra.yaml]
              alert_threshold: high
            pipeline:
              max_message_bytes: 2048
              batch_size: 10
              max_in_flight: 100
              shutdown_timeout_seconds: 5
            output:
              stdout: json
            """
        let config = try DaemonConfig.parse(yaml, path: "/etc/tocsin/tocsin.yaml")
        #expect(config.bootstrap == "broker:9092")
        #expect(config.group == "g")
        #expect(config.effectiveDeadLetterTopic == "in.dlq")
        #expect(config.alertsTopic == "out")
        #expect(config.kafkaProperties == ["session.timeout.ms": "6000", "enable.idempotence": "true"])
        #expect(config.consumerConfiguration["fetch.min.bytes"] == "1")
        #expect(config.consumerConfiguration["group.id"] == "g")
        #expect(config.producerConfiguration["linger.ms"] == "5")
        #expect(config.producerConfiguration["fetch.min.bytes"] == nil)
        #expect(config.rulePaths == ["/etc/tocsin/rules", "/abs/extra.yaml"])
        #expect(config.alertThreshold == .high)
        #expect(config.maxMessageBytes == 2048)
        #expect(config.batchSize == 10)
        #expect(config.maxInFlight == 100)
        #expect(config.shutdownTimeoutSeconds == 5)
        #expect(config.stdout == .json)
    }

    @Test func emptyFileGivesDefaults() throws {
        let config = try DaemonConfig.parse("", path: "x.yaml")
        #expect(config.inputTopic == "news")
        #expect(config.effectiveDeadLetterTopic == "news.dlq")
        #expect(config.alertThreshold == .medium)
    }

    @Test func problemsCarryTheirPositions() {
        let yaml = """
            kafka:
              bootstap: x
              group: g
            rules:
              alert_threshold: severe
            pipeline:
              batch_size: -3
            """
        do {
            _ = try DaemonConfig.parse(yaml, path: "c.yaml")
            Issue.record("bad config accepted")
        } catch {
            let lines = error.problems.map(\.description)
            #expect(lines.contains { $0.hasPrefix("c.yaml:2:3: unknown key 'bootstap' in kafka") })
            #expect(lines.contains("c.yaml:5:20: rules.alert_threshold must be one of low, medium, high, critical"))
            #expect(lines.contains("c.yaml:7:15: pipeline.batch_size must be an integer in 1...100000"))
            #expect(error.problems.count == 3)
        }
    }

    @Test func syntaxErrorsAreReportedWithAPosition() {
        do {
            _ = try DaemonConfig.parse("kafka:\n  group: [unclosed\n", path: "s.yaml")
            Issue.record("bad YAML accepted")
        } catch {
            #expect(error.problems.count == 1)
            #expect(error.description.hasPrefix("s.yaml:"))
            #expect(error.description.contains("invalid YAML"))
        }
    }

    @Test func theShippedConfigIsValid() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let config = try DaemonConfig.load(path: root.appendingPathComponent("Config/tocsin.yaml").path)
        #expect(config.rulePaths == [root.appendingPathComponent("Config/rules").path])
        #expect(config.consumerProperties["session.timeout.ms"] == "6000")
    }
}
