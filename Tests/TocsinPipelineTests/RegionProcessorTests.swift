import Foundation
import Logging
import Testing
import TocsinKafka
import TocsinRegions

@testable import TocsinPipeline

/// The region stage's rebuild on assignment: replaying a partition's history without emitting and
/// continuing live gives exactly the alerts a single owner would have sent from that point on.
@Suite("Region processor")
struct RegionProcessorTests {
    static let partition = TopicPartition(topic: "signals", partition: 0)
    static let start = Date(timeIntervalSince1970: 1_740_000_000)

    /// Two regions with bursts and long quiet spells (escalations, de-escalations, resolutions),
    /// copies of stories, a redelivered item and one message that is not a signal.
    static let messages: [ConsumedMessage] = {
        var values: [[UInt8]] = []
        var minutes = 0.0
        for step in 0..<240 {
            let burst = (step / 30) % 2 == 0
            minutes += burst ? 20 : 200
            let region = step % 3 == 0 ? "c-d" : "a-b"
            let id = "item-\(step % 97 == 96 ? step - 1 : step)"  // now and then a redelivery
            let signal = RegionSignal(
                itemID: id, title: "story \(step / 2)", source: "outlet \(step % 4)",
                eventTime: start.addingTimeInterval(minutes * 60), region: region,
                score: burst ? Double(4 + step % 6) : 1, severity: .medium, categories: ["strike_or_shelling"],
                fingerprint: (UInt64(step / 2 + 1) &* 0x9E37_79B9_7F4A_7C15) ^ 0x5555)
            values.append(signal.jsonBytes())
            if step == 100 { values.append(Array("{not a signal".utf8)) }
        }
        return values.enumerated().map { ConsumedMessage(topic: partition.topic, partition: partition.partition, offset: Int64($0), value: $1, assignmentEpoch: 1) }
    }()

    func processor(history: [ConsumedMessage] = [], reads: Counter? = nil) throws -> RegionProcessor {
        let processor = try RegionProcessor(
            config: RegionConfig(), rulesVersion: { "test-rules" }, alertsTopic: "alerts", deadLetterTopic: "news.dlq",
            printer: AlertPrinter(format: .none, colour: false), logger: Logger(label: "test"),
            history: { _, until in
                reads?.increment()
                return history.filter { $0.offset < until }
            })
        processor.rebalanced(.assigned([Self.partition], epoch: 1))
        return processor
    }

    /// Alert ids per source offset.
    func run(_ processor: RegionProcessor, _ messages: ArraySlice<ConsumedMessage>, batch: Int) async throws -> [(offset: Int64, id: String)] {
        var ids: [(Int64, String)] = []
        var rest = messages
        while !rest.isEmpty {
            let output = try await processor.process(Array(rest.prefix(batch)))
            rest = rest.dropFirst(batch)
            for (record, source) in output.outgoing where record.topic == "alerts" {
                let object = try JSONSerialization.jsonObject(with: Data(record.value)) as! [String: Any]
                ids.append((source.offset, object["alert_id"] as! String))
            }
        }
        return ids
    }

    @Test func batchBoundariesDoNotChangeTheAlerts() async throws {
        let whole = try await run(processor(), Self.messages[...], batch: 10_000)
        let distinct = Set(whole.map(\.id)).count
        #expect(distinct >= 8, "the stream should escalate and resolve several times")
        for batch in [1, 7, 64] {
            let split = try await run(processor(), Self.messages[...], batch: batch)
            #expect(split.map(\.id) == whole.map(\.id))
        }
    }

    @Test func aRebuiltPartitionContinuesWithExactlyTheSameAlerts() async throws {
        let whole = try await run(processor(), Self.messages[...], batch: 50)
        for cut in [1, 37, 101, 150, 239] {
            let reads = Counter()
            let rebuilt = try processor(history: Self.messages, reads: reads)
            let continued = try await run(rebuilt, Self.messages[cut...], batch: 25)
            let expected = whole.filter { $0.offset >= Int64(cut) }
            #expect(continued.map(\.id) == expected.map(\.id), "cut at \(cut)")
            #expect(reads.value == 1, "the history is read once, at the first live message")
            #expect(rebuilt.state(of: Self.partition)?.skipped == (cut > 101 ? 1 : 0))
        }
    }

    @Test func revocationDropsTheEngineAndReassignmentRebuildsIt() async throws {
        let reads = Counter()
        let processor = try processor(history: Self.messages, reads: reads)
        _ = try await processor.process(Array(Self.messages[0..<20]))
        #expect(processor.livePartitions == [Self.partition])
        processor.rebalanced(.revoked([Self.partition], epoch: 2))
        let orphan = try await processor.process([Self.messages[20]])
        #expect(orphan.outgoing.isEmpty && orphan.finished.count == 1, "a revoked partition's message is left to its new owner")
        #expect(processor.livePartitions.isEmpty)
        processor.rebalanced(.assigned([Self.partition], epoch: 3))
        _ = try await processor.process(Array(Self.messages[15..<30]))
        #expect(reads.value == 2)
        #expect(processor.state(of: Self.partition)?.applied == 30, "15 replayed, then 15 live")
    }

    @Test func aMessageThatIsNotASignalIsDeadLettered() async throws {
        let processor = try processor()
        let bad = ConsumedMessage(topic: "signals", partition: 0, offset: 0, key: Array("k".utf8), value: Array(#"{"item_id":"x"}"#.utf8), assignmentEpoch: 1)
        let output = try await processor.process([bad])
        #expect(output.deadLettered == 1)
        let record = try #require(output.outgoing.first?.record)
        #expect(record.topic == "news.dlq")
        #expect(record.value == bad.value && record.key == bad.key)
        let headers = Dictionary(uniqueKeysWithValues: record.headers.map { ($0.name, $0.stringValue ?? "") })
        #expect(headers["tocsin.dlq.reason"] == "invalid_signal")
        #expect(headers["tocsin.dlq.original.topic"] == "signals")
        #expect(headers["tocsin.dlq.message"]?.contains("not a region signal") == true)
    }

    @Test func eventTimeIsTheEarlierOfPublishedAtAndTheKafkaTimestamp() {
        let published = "2025-05-08T09:00:00Z"
        let publishedDate = RegionSignal.eventTime(parsing: published)!
        #expect(RegionSignal.eventTime(parsing: "2025-05-08T09:00:00.250+02:00") != nil)
        #expect(SignalTime.eventTime(publishedAt: published, kafkaMillis: nil) == publishedDate)
        let later = Int64(publishedDate.timeIntervalSince1970 * 1000) + 60_000
        #expect(SignalTime.eventTime(publishedAt: published, kafkaMillis: later) == publishedDate)
        let earlier = Int64(publishedDate.timeIntervalSince1970 * 1000) - 60_000
        #expect(SignalTime.eventTime(publishedAt: published, kafkaMillis: earlier).timeIntervalSince1970 == Double(earlier) / 1000)
        #expect(SignalTime.eventTime(publishedAt: "yesterday", kafkaMillis: earlier).timeIntervalSince1970 == Double(earlier) / 1000)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(SignalTime.eventTime(publishedAt: nil, kafkaMillis: nil, now: now) == now)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
