import Testing
@testable import TocsinKafka

@testable import TocsinPipeline

@Suite("Delivery ledger")
struct DeliveryLedgerTests {
    let source = SourcePosition(partition: TopicPartition(topic: "news", partition: 0), offset: 7, epoch: 1)

    func record(_ topic: String) -> ProducerRecord { ProducerRecord(topic: topic, key: nil, value: [1]) }

    @Test func aSourceFinishesOnlyWhenEverythingItProducedIsDelivered() {
        let ledger = DeliveryLedger()
        let first = ledger.add([(record("alerts"), source), (record("tocsin.signals"), source)])
        var settled = ledger.settle([DeliveryReport(token: first, topic: "alerts", partition: 0, offset: 1, error: nil)])
        #expect(settled.finished.isEmpty)
        settled = ledger.settle([DeliveryReport(token: first + 1, topic: "tocsin.signals", partition: 0, offset: 1, error: KafkaError(code: .init(rawValue: -185)))])
        #expect(settled.finished.isEmpty)
        #expect(settled.failed.map { $0.entry.attempts } == [2])
        #expect(ledger.count == 1)
        settled = ledger.settle([DeliveryReport(token: first + 1, topic: "tocsin.signals", partition: 0, offset: 2, error: nil)])
        #expect(settled.finished == [source])
        #expect(ledger.count == 0)
    }

    @Test func cancelledRecordsNeverHoldTheirSourceBack() {
        let ledger = DeliveryLedger()
        let first = ledger.add([(record("alerts"), source), (record("tocsin.signals"), source)])
        ledger.cancel([first + 1])
        #expect(ledger.settle([DeliveryReport(token: first, topic: "alerts", partition: 0, offset: 1, error: nil)]).finished == [source])
        // A report for an unknown token (already settled) is ignored.
        #expect(ledger.settle([DeliveryReport(token: first, topic: "alerts", partition: 0, offset: 1, error: nil)]).finished.isEmpty)
    }
}
