import Foundation
import Testing
import Yams

/// deploy/docker-compose.yml: single-node KRaft Kafka, a topic-creating init service, Tocsin.
@Suite struct ComposeTests {
    static func compose() throws -> Tree { Tree(try Yams.load(yaml: Repo.text("deploy/docker-compose.yml"))) }

    /// A service's command (and entrypoint) as one text, whatever form it is written in.
    static func script(_ service: Tree) -> String {
        [service["entrypoint"], service["command"]].map { $0.value is [Any] ? $0.strings.joined(separator: "\n") : $0.string ?? "" }
            .joined(separator: "\n")
    }

    @Test func kafkaRunsInKRaftModeOnOneNode() throws {
        let kafka = try Self.compose()["services", "kafka"]
        #expect(kafka["image"].string?.hasPrefix("apache/kafka:") == true)
        let env = kafka["environment"]
        #expect(Set(env["KAFKA_PROCESS_ROLES"].string?.split(separator: ",").map(String.init) ?? []) == ["broker", "controller"])
        #expect(env["KAFKA_NODE_ID"].int == 1)
        #expect(env["KAFKA_CONTROLLER_QUORUM_VOTERS"].string == "1@kafka:9093")
        #expect(env["KAFKA_CONTROLLER_LISTENER_NAMES"].string == "CONTROLLER")
        #expect(env["KAFKA_LISTENERS"].string?.contains("CONTROLLER://") == true)
        #expect(env["KAFKA_ADVERTISED_LISTENERS"].string?.contains("PLAINTEXT://kafka:9092") == true)
        #expect(env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"].int == 1)
        // KRaft storage needs a 16-byte base64url cluster id; a malformed one stops the broker.
        let id = try #require(env["CLUSTER_ID"].string)
        #expect(id.count == 22 && id.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(!kafka["healthcheck", "test"].strings.isEmpty)
    }

    @Test func initServiceCreatesTheTopicsAfterKafkaIsHealthy() throws {
        let services = try #require(try Self.compose()["services"].map)
        let creators = services.filter { Self.script(Tree($0.value)).contains("kafka-topics.sh") }
        try #require(creators.count == 1, "one service creates the topics")
        let (name, value) = creators.first!
        let service = Tree(value)
        #expect(service["depends_on", "kafka", "condition"].string == "service_healthy")
        let script = Self.script(service)
        for topic in Documented.topics {
            let line = script.split(separator: "\n").first { $0.contains("--topic \(topic) ") }
            #expect(line?.contains("--partitions \(Documented.partitions)") == true, "\(name) creates \(topic) with \(Documented.partitions) partitions")
        }
        // The region stage replays tocsin.signals: it must keep the 14-day baseline plus a day.
        let signals = try #require(script.split(separator: "\n").first { $0.contains("--topic tocsin.signals ") })
        let retention = signals.firstMatch(of: /retention\.ms=(\d+)/).flatMap { Int($0.1) }
        #expect((retention ?? 0) >= 15 * 24 * 3_600_000)
    }

    @Test func tocsinWaitsForKafkaAndTheTopicsAndMountsItsConfig() throws {
        let compose = try Self.compose()
        let tocsin = compose["services", "tocsin"]
        #expect(tocsin["depends_on", "kafka", "condition"].string == "service_healthy")
        let initName = try #require(compose["services"].map?.keys.first { Self.script(compose["services", $0]).contains("kafka-topics.sh") })
        #expect(tocsin["depends_on", initName, "condition"].string == "service_completed_successfully")
        #expect(tocsin["command"].strings == Documented.runArguments)
        #expect(tocsin["build", "dockerfile"].string == "deploy/Dockerfile")
        #expect(tocsin["build", "context"].string == "..")
        var mounts: [String: String] = [:]
        for volume in tocsin["volumes"].strings {
            let parts = volume.split(separator: ":").map(String.init)
            mounts[parts[1]] = parts[0]
        }
        #expect(mounts[Documented.config] == "./config/tocsin.yaml")
        #expect(mounts[Documented.rules] == "../Config/rules")
        for source in mounts.values {
            #expect(FileManager.default.fileExists(atPath: Repo.url("deploy").appendingPathComponent(source).path), "\(source)")
        }
        #expect(tocsin["ports"].strings.contains("127.0.0.1:\(Documented.metricsPort):\(Documented.metricsPort)"))
    }
}
