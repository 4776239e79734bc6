import Foundation
import Testing
@testable import TocsinRules

@Suite struct AssessmentRecordTests {
    let item = NewsItem(id: "dev-001", title: "Title \"quoted\"", body: "Body\nline", source: "Wire",
                        url: "https://example.com/a", publishedAt: "2022-11-18T05:00:00Z")
    let assessment = Assessment(
        region: "koreas", severity: .high, score: 6.5,
        signals: [Signal(category: "strike_or_shelling", rule: "missile-launch", weight: 3, evidence: "ICBM", start: 13, end: 17)],
        alert: true)

    func object(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func jsonLineHasTheContractFields() throws {
        let record = AssessmentRecord(item: item, assessment: assessment, rulesVersion: "sha-abc",
                                      input: InputPosition(topic: "news", partition: 2, offset: 42))
        let line = record.jsonLine()
        #expect(!line.contains("\n"))
        let json = try object(line)
        #expect(Set(json.keys) == ["alert_id", "type", "item_id", "title", "source", "url", "published_at", "region",
                                   "severity", "alert", "score", "signals", "rules_version", "input"])
        #expect(json["type"] as? String == "item")
        #expect(json["item_id"] as? String == "dev-001")
        #expect(json["title"] as? String == "Title \"quoted\"")
        #expect(json["published_at"] as? String == "2022-11-18T05:00:00Z")
        #expect(json["region"] as? String == "koreas")
        #expect(json["severity"] as? String == "high")
        #expect(json["alert"] as? Bool == true)
        #expect(json["score"] as? Double == 6.5)
        #expect(json["rules_version"] as? String == "sha-abc")
        let signal = try #require((json["signals"] as? [[String: Any]])?.first)
        #expect(Set(signal.keys) == ["category", "rule", "weight", "evidence", "start", "end"])
        #expect(signal["start"] as? Int == 13)
        let input = try #require(json["input"] as? [String: Any])
        #expect(input["topic"] as? String == "news")
        #expect(input["partition"] as? Int == 2)
        #expect(input["offset"] as? Int == 42)
    }

    @Test func regionIsAnExplicitNullAndAbsentFieldsAreOmitted() throws {
        let bare = NewsItem(id: "x", body: "b")
        let none = Assessment(region: nil, severity: .none, score: 0, signals: [], alert: false)
        let record = AssessmentRecord(item: bare, assessment: none, rulesVersion: "v", input: nil)
        let line = record.jsonLine()
        #expect(line.contains(#""region":null"#))
        #expect(line.contains(#""score":0,"#))
        let json = try object(line)
        for absent in ["title", "source", "url", "published_at", "input"] { #expect(json[absent] == nil) }
        #expect(json["signals"] as? [Any] != nil)
        // The Codable form says the same.
        let encoded = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        #expect(encoded.contains(#""region":null"#))
        #expect(!encoded.contains("published_at"))
    }

    @Test func jsonLineRoundTripsThroughCodable() throws {
        let record = AssessmentRecord(item: item, assessment: assessment, rulesVersion: "sha-1", input: nil)
        let decoded = try JSONDecoder().decode(AssessmentRecord.self, from: Data(record.jsonLine().utf8))
        #expect(decoded == record)
    }

    @Test func escapesControlCharactersAndKeepsUnicode() throws {
        let odd = NewsItem(id: "q\u{01}", title: "Tab\there — “quotes” 😀", body: "b")
        let line = AssessmentRecord(item: odd, assessment: assessment, rulesVersion: "v", input: nil).jsonLine()
        #expect(line.contains(#""item_id":"q\u0001""#))
        #expect(try object(line)["title"] as? String == "Tab\there — “quotes” 😀")
    }

    @Test func alertIDIsDeterministic() {
        let a = AssessmentRecord.alertID(for: item, rulesVersion: "sha-1")
        #expect(a == AssessmentRecord.alertID(for: item, rulesVersion: "sha-1"))
        #expect(a.hasPrefix("itm-"))
        #expect(a.count == 20)
        #expect(a.dropFirst(4).allSatisfy { $0.isHexDigit })
        // Another rule set, or edited content, gives another id; metadata does not matter.
        #expect(a != AssessmentRecord.alertID(for: item, rulesVersion: "sha-2"))
        var edited = item
        edited.body = "Body\nline, updated"
        #expect(a != AssessmentRecord.alertID(for: edited, rulesVersion: "sha-1"))
        var moved = item
        moved.url = "https://mirror.example.com/a"
        #expect(a == AssessmentRecord.alertID(for: moved, rulesVersion: "sha-1"))
        // Field boundaries matter: title "ab" + body "c" differs from title "a" + body "bc".
        #expect(AssessmentRecord.alertID(for: NewsItem(id: "i", title: "ab", body: "c"), rulesVersion: "v")
                != AssessmentRecord.alertID(for: NewsItem(id: "i", title: "a", body: "bc"), rulesVersion: "v"))
    }

    @Test func alertIDIsStableAcrossRuns() {
        // FNV-1a is fixed by its definition, so this value must never change.
        #expect(AssessmentRecord.alertID(for: NewsItem(id: "x", body: "b"), rulesVersion: "v") == "itm-8fada005e91b801b")
        var h = FNV1a64()
        h.add("a".utf8)
        #expect(h.value == 0xaf63dc4c8601ec8c)
    }

    @Test func sha256MatchesKnownVectors() {
        var empty = SHA256()
        #expect(hexString(empty.finish()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        var abc = SHA256()
        abc.update("abc".utf8)
        #expect(hexString(abc.finish()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var long = SHA256()
        long.update("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(hexString(long.finish()) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
