import Foundation
import Logging
import Testing

@testable import TocsinObservability

@Suite("JSON logs")
struct JSONLogHandlerTests {
    @Test func eachLineIsAJSONObjectWithTheFields() throws {
        let lines = Lines()
        var handler = JSONLogHandler(label: "tocsin") { lines.append($0) }
        handler.logLevel = .debug
        handler.metadata = ["stage": "scoring"]
        var logger = Logger(label: "tocsin") { _ in handler }
        logger.logLevel = .debug
        logger.warning(
            "delivery failed: \"quoted\"\nsecond line",
            metadata: ["rdkafka": ["facility": "FAIL", "level": "3"], "level": "shadowed", "count": "\(42)"])
        logger.trace("below the level: not written")

        #expect(lines.all.count == 1)
        let line = try #require(lines.all.first)
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(!line.dropLast().contains(UInt8(ascii: "\n")), "one line per event")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        #expect(object["level"] as? String == "warning")
        #expect(object["label"] as? String == "tocsin")
        #expect(object["message"] as? String == "delivery failed: \"quoted\"\nsecond line")
        #expect(object["source"] as? String == "TocsinObservabilityTests")
        #expect(object["stage"] as? String == "scoring")
        #expect(object["rdkafka.facility"] as? String == "FAIL")
        #expect(object["metadata.level"] as? String == "shadowed")
        #expect(object["count"] as? String == "42")
        let timestamp = try #require(object["timestamp"] as? String)
        #expect(timestamp.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "\(timestamp)")
    }

    @Test func timestampsAreRFC3339InUTC() {
        #expect(JSONLogHandler.timestamp(Date(timeIntervalSince1970: 1_746_694_800.123_9)) == "2025-05-08T09:00:00.123Z")
        #expect(JSONLogHandler.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
    }
}

private final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [[UInt8]] = []
    func append(_ line: [UInt8]) { lock.withLock { lines.append(line) } }
    var all: [[UInt8]] { lock.withLock { lines } }
}
