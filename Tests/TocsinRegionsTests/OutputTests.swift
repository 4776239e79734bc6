import Foundation
import Testing
import TocsinRules
@testable import TocsinRegions

/// Alert JSON, signal JSON, and the offline replay behind `tocsin score --regions`.
@Suite struct OutputTests {
    private func sampleAlert() throws -> RegionAlert {
        var engine = try RegionEngine(config: plainConfig(), rulesVersion: "v1")
        engine.ingest(signal("a", hours: 0, score: 7.25, title: "Shelling \"heavy\"\nnear LoC"))
        return try #require(engine.ingest(signal("b", hours: 0.5, score: 9)).first)
    }

    @Test func alertJSONIsOneCompactObjectInSchemaOrder() throws {
        let alert = try sampleAlert()
        let line = alert.jsonLine()
        #expect(!line.contains("\n") && !line.contains(": ") && !line.contains(", "))
        #expect(line.hasPrefix(#"{"alert_id":"reg-"#))
        #expect(line.contains(#""type":"escalation","region":"india-pakistan","severity":"high","previous_severity":"low","alert":true,"#))
        #expect(line.contains(#""title":"Shelling \"heavy\"\nnear LoC""#))
        #expect(line.hasSuffix(#""rules_version":"v1"}"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        for key in ["alert_id", "type", "region", "severity", "alert", "score", "baseline", "surge", "corroboration",
                    "drivers", "event_time", "window_start", "window_end", "suppressed", "rules_version"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let drivers = try #require(object["drivers"] as? [[String: Any]])
        #expect(drivers.map { $0["item_id"] as? String } == ["b", "a"])
        #expect(Set(drivers[0].keys).isSuperset(of: ["item_id", "title", "source"]))
        #expect(try JSONDecoder().decode(RegionAlert.self, from: Data(alert.jsonBytes())) == alert)
    }

    @Test func integralNumbersPrintWithoutAFraction() {
        var json = JSONWriter()
        json.beginArray()
        for value in [3, 2.5, .nan, -0.125] { json.element(); json.number(value) }
        json.endArray()
        #expect(json.result() == "[3,2.5,0,-0.125]")
    }

    @Test func signalJSONRoundTrips() throws {
        let original = RegionSignal(
            itemID: "x1", title: "T", source: "S", url: "https://e.org/a", eventTime: t0.addingTimeInterval(0.123),
            region: "koreas", score: 4.5, severity: .medium, categories: ["b", "a", "b"], fingerprint: 0xFEDC_BA98_7654_3210)
        let text = String(decoding: original.jsonBytes(), as: UTF8.self)
        #expect(text.contains(#""event_time":"2025-05-07T06:40:00.123Z""#))
        #expect(text.contains(#""fingerprint":"fedcba9876543210""#))
        #expect(try RegionSignal(json: original.jsonBytes()) == original)
        #expect(original.categories == ["a", "b"])
        #expect(throws: DecodingError.self) { try RegionSignal(json: Array(#"{"item_id":"x"}"#.utf8)) }
    }

    @Test func replayFeedsItemsWithARegionAndSignalsInOrder() throws {
        let now = at(hours: 100)
        var replay = RegionReplay(engine: try RegionEngine(config: plainConfig()), now: now)
        func assessment(_ region: String?, _ score: Double, signals: Int = 1) -> Assessment {
            let signal = Signal(category: "strike_or_shelling", rule: "shelling", weight: score, evidence: "shelling", start: 0, end: 8)
            return Assessment(region: region, severity: .medium, score: score, signals: Array(repeating: signal, count: signals), alert: true)
        }
        let dated = NewsItem(id: "n1", title: "Shelling on the frontier", body: "Artillery shells hit villages overnight.",
                             source: "Wire", publishedAt: "2025-05-07T06:40:00Z")
        #expect(replay.add(NewsItem(id: "n0", body: "x"), assessment(nil, 20)).isEmpty)              // no region
        #expect(replay.add(NewsItem(id: "n00", body: "y"), assessment("koreas", 0, signals: 0)).isEmpty)   // no signal
        let alerts = replay.add(dated, assessment("india-pakistan", 9))
        #expect(alerts.map(\.severity) == [.medium])
        #expect(alerts.first?.eventTime == "2025-05-07T06:40:00Z")
        let undated = replay.add(NewsItem(id: "n2", body: "z"), assessment("koreas", 4))   // event time: now
        #expect(undated.first?.eventTime == EventTime.rfc3339(EventTime.millis(now)))
        #expect(replay.finish(at: at(hours: 200)).map(\.type) == [.resolved, .resolved])
    }
}
