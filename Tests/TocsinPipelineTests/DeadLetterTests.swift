import Testing
import TocsinKafka
import TocsinRules

@testable import TocsinPipeline

@Suite("Dead letters")
struct DeadLetterTests {
    @Test func keepsTheOriginalAndSaysWhy() {
        let message = ConsumedMessage(
            topic: "news", partition: 2, offset: 41, key: [1, 2], value: Array("{oops".utf8), timestampMillis: 1_700_000_000_000)
        let record = DeadLetter.record(for: message, error: .invalidJSON("unexpected end"), topic: "news.dlq")
        #expect(record.topic == "news.dlq")
        #expect(record.key == [1, 2])
        #expect(record.value == Array("{oops".utf8))
        let headers = Dictionary(uniqueKeysWithValues: record.headers.map { ($0.name, $0.stringValue ?? "") })
        #expect(headers["tocsin.dlq.reason"] == "invalid_json")
        #expect(headers["tocsin.dlq.message"]?.contains("unexpected end") == true)
        #expect(headers["tocsin.dlq.original.topic"] == "news")
        #expect(headers["tocsin.dlq.original.partition"] == "2")
        #expect(headers["tocsin.dlq.original.offset"] == "41")
        #expect(headers["tocsin.dlq.original.timestamp"] == "1700000000000")
    }
}
