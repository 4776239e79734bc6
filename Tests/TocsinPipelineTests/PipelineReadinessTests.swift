import Testing

@testable import TocsinKafka
@testable import TocsinPipeline

@Suite("Pipeline readiness")
struct PipelineReadinessTests {
    let scoring = TopicPartition(topic: "news", partition: 0)
    let regions = TopicPartition(topic: "signals", partition: 0)

    @Test func readyOnlyWhenEveryStageHasPartitionsAndAConnectedProducer() {
        let readiness = PipelineReadiness()
        #expect(readiness.status == (false, "pipeline not started"))
        readiness.expect(["scoring", "regions"])
        #expect(readiness.status.reason == "scoring: starting; regions: starting")

        let scoringProducer = ProducerConnectivity()
        let regionsProducer = ProducerConnectivity()
        readiness.started("scoring", producer: scoringProducer)
        readiness.started("regions", producer: regionsProducer)
        #expect(readiness.rebalanced("scoring", .assigned([scoring, TopicPartition(topic: "news", partition: 1)], epoch: 1)) == 2)
        #expect(!readiness.status.ready)
        #expect(readiness.status.reason.contains("scoring: 2 partitions assigned, producer not connected yet"))

        scoringProducer.markUp()
        regionsProducer.markUp()
        #expect(!readiness.status.ready, "the region stage has no partition yet")
        #expect(readiness.status.reason.contains("regions: no partitions assigned"))

        readiness.rebalanced("regions", .assigned([regions], epoch: 1))
        #expect(readiness.status.ready)
        #expect(readiness.status.reason == "scoring: 2 partitions assigned, producer connected; regions: 1 partition assigned, producer connected")

        regionsProducer.markDown("all brokers are down")
        #expect(!readiness.status.ready)
        #expect(readiness.status.reason.contains("regions: 1 partition assigned, producer not connected: all brokers are down"))
        regionsProducer.markUp()

        #expect(readiness.rebalanced("scoring", .revoked([scoring, TopicPartition(topic: "news", partition: 1)], epoch: 2)) == 0)
        #expect(!readiness.status.ready)
        readiness.rebalanced("scoring", .assigned([scoring], epoch: 3))
        #expect(readiness.status.ready)

        readiness.stopping("scoring")
        #expect(readiness.status.reason.hasPrefix("scoring: shutting down"))
        #expect(!readiness.status.ready)
    }
}
