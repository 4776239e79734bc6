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
        // XXH64 is fixed by its definition, so this value must never change: it is XXH64 (seed 0)
        // of "x" 0xFF "v" 0xFF 0xFF "b" 0xFF (id, rules version, no title, body).
        #expect(AssessmentRecord.alertID(for: NewsItem(id: "x", body: "b"), rulesVersion: "v") == "itm-78752ee5447d5f2b")
        #expect(AssessmentRecord.alertID(for: NewsItem(id: "x", title: "", body: "b"), rulesVersion: "v") == "itm-78752ee5447d5f2b")
    }

    @Test func xxh64MatchesReferenceVectors() {
        // Values from the reference implementation (libxxhash 0.8.1, XXH64 with seed 0); the
        // lengths cover the short path, the 4- and 1-byte tails and the 32-byte stripes.
        #expect(XXH64.hash([]) == 0xef46db3751d8e999)
        #expect(XXH64.hash(Array("a".utf8)) == 0xd24ec4f1a98c6e5b)
        #expect(XXH64.hash(Array("abc".utf8)) == 0x44bc2cf5ad770999)
        #expect(XXH64.hash(Array((0..<3).flatMap { _ in (0...255).map { UInt8($0) } })) == 0x8e03c838c596036f)
        // Bytes (i * 7 + 3) & 255 for i in 0..<n.
        let vectors: [(Int, UInt64)] = [
            (4, 0x9bb64b7d66ee9fda), (5, 0xc7608efddb7051fe), (8, 0xdab99d95c6f90092), (12, 0xd52e407833af5133),
            (31, 0xa2aa5f33cc4a6119), (32, 0x23c3c17ef790fd97), (33, 0x50a7cfc7ba588784), (39, 0x880bbeea606e4b37),
            (40, 0xb620306b253d76b6), (63, 0x5e3e54b431c7493c), (64, 0x0eb64b3ef6eeb01f), (100, 0xa61f8d4c170fe531),
        ]
        for (n, expected) in vectors {
            #expect(XXH64.hash((0..<n).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }) == expected, "length \(n)")
        }
    }

    @Test func xxh64InPiecesEqualsXXH64OfTheWhole() {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 * 31 + 7) }
        var state: UInt64 = 7
        for _ in 0..<300 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let length = Int(state >> 40) % (bytes.count + 1)
            let whole = Array(bytes[0..<length])
            var hasher = XXH64()
            var at = 0
            var cuts = state
            while at < length {
                cuts = cuts &* 6364136223846793005 &+ 1442695040888963407
                let piece = min(length - at, Int(cuts >> 58))   // 0 to 63 bytes
                whole[at..<(at + piece)].withUnsafeBytes { hasher.update($0) }
                at += piece
            }
            #expect(hasher.finish() == XXH64.hash(whole), "length \(length)")
        }
    }

    @Test func escapesQuotesBackslashesControlsAndKeepsNonASCII() throws {
        let title = "He said \"stop\" \\ then\n\r\t\u{0}\u{1F}\u{7F} — “quotes” 😀 é"
        let odd = NewsItem(id: "a\"b\\c", title: title, body: "b", source: "\u{08}\u{0C}\u{1B}")
        let line = AssessmentRecord(item: odd, assessment: assessment, rulesVersion: "v", input: nil).jsonLine()
        #expect(line.contains(#""item_id":"a\"b\\c""#))
        #expect(line.contains(#""title":"He said \"stop\" \\ then\n\r\t\u0000\u001f\#u{7F} — “quotes” 😀 é""#))
        #expect(line.contains(#""source":"\u0008\u000c\u001b""#))
        let json = try object(line)
        #expect(json["title"] as? String == title)
        #expect(json["source"] as? String == "\u{08}\u{0C}\u{1B}")
        // Far more escapes than the writer's first guess at the size allows for.
        let controls = String(repeating: "\u{01}\"", count: 300)
        let heavy = AssessmentRecord(item: NewsItem(id: controls, title: controls, body: "b"), assessment: assessment,
                                     rulesVersion: "v", input: nil)
        let heavyLine = heavy.jsonLine()
        #expect(heavyLine.contains(#""item_id":""# + String(repeating: #"\u0001\""#, count: 300) + #"""#))
        #expect(try object(heavyLine)["title"] as? String == controls)
        #expect(heavy.jsonBytes() == Array(heavyLine.utf8))
    }

    /// The escaping the record writer must reproduce byte for byte (the original, byte-at-a-time writer).
    static func referenceQuoted(_ value: String) -> [UInt8] {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [0x22]
        for byte in value.utf8 {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0..<0x20: out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(0x22)
        return out
    }

    @Test func escapingMatchesTheReferenceAtEveryPosition() {
        // Special bytes at every offset of strings around the 8-byte word size, so the word-at-a-time
        // scan is checked at each position, and strings of random bytes from an alphabet of specials.
        let specials: [String] = ["\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1F}", "é", "😀", "—", " ", "\u{7F}"]
        var cases: [String] = ["", "a", "abcdefgh", "abcdefghi"]
        for length in 0..<20 {
            for special in specials {
                for position in 0...length {
                    var chars = Array(repeating: "x", count: length)
                    chars.insert(special, at: position)
                    cases.append(chars.joined())
                }
            }
        }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<500 {
            var s = ""
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for k in 0..<Int(state >> 59) + 1 {
                let pick = Int((state >> UInt64(k % 48)) & 0xFF) % (specials.count + 3)
                s += pick < specials.count ? specials[pick] : "abc"
            }
            cases.append(s)
        }
        for value in cases {
            var w = JSONWriter()
            w.string(value)
            #expect(Array(w.result().utf8) == Self.referenceQuoted(value), "\(Array(value.utf8))")
        }
        // And inside a record, through both outputs.
        for value in cases.prefix(200) {
            let record = AssessmentRecord(item: NewsItem(id: value, title: value, body: value), assessment: assessment,
                                          rulesVersion: value, input: InputPosition(topic: value, partition: 0, offset: -1))
            let bytes = record.jsonBytes()
            #expect(bytes == Array(record.jsonLine().utf8))
            #expect(bytes.starts(with: Array(#"{"alert_id":""#.utf8) + Array(record.alertID.utf8) + Array(#"","type":"item","item_id":"#.utf8) + Self.referenceQuoted(value)))
        }
    }

    @Test func numbersPrintLikeSwiftsShortestForm() {
        // Integral values below 1e15 as integers; everything else exactly as `String(value)`.
        var values: [Double] = [0, -0.0, 1, -1, 3, 1e15 - 1, 1e15, -1e15, 1e16, 0.5, -0.5, 2.5, -2.5, 1.25, 0.1, 0.2, 0.3,
                                0.1 + 0.2, 1.0 / 3, 2.0 / 3, 0.001, 0.0001, 0.00001, 999_999_999.5, 1e9 + 0.5, 123456.789,
                                0.999, 0.9995, 1e-7, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 4.35, 6.5, 12.125, 7.000001]
        var state: UInt64 = 42
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let raw = Double(Int64(truncatingIfNeeded: state >> 20) % 2_000_000_000) / [1, 2, 4, 10, 100, 1000, 1e6, 7][Int(state & 7)]
            values.append(raw)
            values.append((raw * 1e6).rounded() / 1e6)
        }
        for value in values {
            var w = JSONWriter()
            w.number(value)
            let expected = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
            #expect(w.result() == expected, "\(value)")
        }
        var w = JSONWriter()
        w.number(.nan)
        #expect(w.result() == "0")
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
