import Foundation
import Logging
import Testing

@testable import TocsinKafka

@Suite("librdkafka statistics and producer connectivity")
struct KafkaStatisticsTests {
    static let report = #"""
        {"name":"tocsin#consumer-1","client_id":"tocsin","type":"consumer","ts":1,"msg_cnt":0,"txmsgs":0,"rxmsgs":42,
         "brokers":{
           "127.0.0.1:9092/bootstrap":{"name":"127.0.0.1:9092/bootstrap","nodeid":-1,"source":"configured","state":"UP"},
           "127.0.0.1:9092/1":{"name":"127.0.0.1:9092/1","nodeid":1,"source":"learned","state":"DOWN"},
           ":0/internal":{"name":":0/internal","nodeid":-1,"source":"internal","state":"UP"},
           "GroupCoordinator":{"name":"GroupCoordinator","nodeid":-1,"source":"logical","state":"UP"}},
         "topics":{"news":{"topic":"news","partitions":{
           "0":{"partition":0,"consumer_lag":5},"1":{"partition":1,"consumer_lag":7},"-1":{"partition":-1,"consumer_lag":-1}}}},
         "cgrp":{"state":"up","join_state":"steady","rebalance_cnt":1,"assignment_size":2},
         "eos":{"idemp_state":"Init"}}
        """#

    @Test func aReportIsSummarisedWithoutInternalBrokers() throws {
        let statistics = try #require(Self.report.utf8CString.withUnsafeBytes { KafkaStatistics(json: UnsafeRawBufferPointer(rebasing: $0.dropLast())) })
        #expect(statistics.brokerConnections == (up: 1, total: 2))
        #expect(statistics.consumerLag == 12)
        let summary = statistics.summary
        #expect(summary["rdkafka.brokers_up"] == "1/2")
        #expect(summary["rdkafka.group_state"] == "up/steady")
        #expect(summary["rdkafka.assigned_partitions"] == "2")
        #expect(summary["rdkafka.consumer_lag"] == "12")
        #expect(summary["rdkafka.msgs_received"] == "42")
        #expect(summary["rdkafka.idempotence"] == "Init")
    }

    @Test func connectivityFollowsTheBrokersInAReport() throws {
        let connectivity = ProducerConnectivity()
        #expect(connectivity.state == .unknown)
        var statistics = try #require(Self.report.utf8CString.withUnsafeBytes { KafkaStatistics(json: UnsafeRawBufferPointer(rebasing: $0.dropLast())) })
        connectivity.apply(statistics)
        #expect(connectivity.isUp)
        for name in statistics.brokers.keys { statistics.brokers[name]?.state = "DOWN" }
        connectivity.apply(statistics)
        #expect(connectivity.state == .down("no connection to any of 2 brokers is up (librdkafka statistics)"))
    }

    @Test func notJSONIsNoReport() {
        #expect(Array("nope".utf8).withUnsafeBytes { KafkaStatistics(json: $0) } == nil)
    }

    @Test func aProducerOnAReachableClusterIsUpSoon() async throws {
        let cluster = try KafkaMockCluster()
        let producer = try KafkaProducer(
            configuration: KafkaConfiguration(["bootstrap.servers": cluster.bootstrap, "statistics.interval.ms": "100"]),
            logger: Logger(label: "test"), onDeliveries: { _ in })
        let deadline = ContinuousClock.now + .seconds(20)
        while !producer.connectivity.isUp && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(producer.connectivity.isUp)
    }

    @Test func aProducerWithNoBrokerIsDownWithAReason() async throws {
        let producer = try KafkaProducer(
            configuration: KafkaConfiguration(["bootstrap.servers": "127.0.0.1:1", "log_level": "0"]),
            logger: Logger(label: "test"), onDeliveries: { _ in })
        let deadline = ContinuousClock.now + .seconds(20)
        while producer.connectivity.state == .unknown && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        guard case .down(let reason) = producer.connectivity.state else {
            Issue.record("expected down, got \(producer.connectivity.state)")
            return
        }
        #expect(!reason.isEmpty)
    }
}
