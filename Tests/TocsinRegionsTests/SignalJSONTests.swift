import Foundation
import Testing
import TocsinRules
@testable import TocsinRegions

/// `RegionSignal`'s hand-written JSON writer and reader against the `JSONEncoder` / `JSONDecoder`
/// path they replace: the same bytes out, the same signals in, the same inputs refused.
@Suite struct SignalJSONTests {
    static let tricky = [
        "", "plain", "quote \" and backslash \\ and slash /", "\\\"", "\"\"\"", "line\nbreak\r\nand\ttab",
        "\u{0}\u{1}\u{7}\u{8}\u{B}\u{C}\u{E}\u{1F}\u{7F}", "café naïve Zürich İstanbul", "“curly” ‘quotes’ — dash",
        "emoji 🚀👩‍👩‍👧🇺🇦", "\u{2028}\u{2029}\u{FEFF}", "e\u{301}", "北京", "\u{10FFFF}", "https://e.org/a?b=c&d=%20#f",
        String(repeating: "long text with \"escapes\" ", count: 40),
    ]

    /// `JSONEncoder`'s output, as `jsonBytes()` used to make it.
    static func reference(_ signal: RegionSignal) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? [UInt8](encoder.encode(signal))) ?? []
    }

    static func randomSignals(count: Int) -> [RegionSignal] {
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        func text() -> String { tricky[next(tricky.count)] + (next(2) == 0 ? "" : tricky[next(tricky.count)]) }
        let scores: [Double] = [0, -0.0, 1, -1, 4.5, -2.25, 0.1, 0.001, 0.0001, 1e-7, 1.0 / 3, 123.456, 1e9 + 0.5,
                                999_999_999_999_999, 1e15, 1e16, 1.5e300, -7.125, 12.375, .leastNonzeroMagnitude]
        return (0..<count).map { _ in
            let millis = Int64(next(2_000_000_000)) * 1000 + Int64(next(3) == 0 ? 0 : next(1000))
            let score = next(3) == 0 ? Double(next(100_000)) / Double([1, 10, 100, 1000, 7][next(5)]) : scores[next(scores.count)]
            return RegionSignal(
                itemID: text(), title: next(4) == 0 ? nil : text(), source: next(4) == 0 ? nil : text(),
                url: next(4) == 0 ? nil : text(), eventTime: Date(timeIntervalSince1970: Double(millis) / 1000),
                region: "r" + text(), score: score, severity: Severity.allCases[next(5)],
                categories: (0..<next(4)).map { _ in text() }, fingerprint: UInt64(next(1 << 30)) << 34 | UInt64(next(1 << 30)))
        }
    }

    @Test func jsonBytesMatchJSONEncoderByteForByte() {
        for signal in Self.randomSignals(count: 3000) {
            #expect(signal.jsonBytes() == Self.reference(signal), "\(signal)")
        }
        var odd = Self.randomSignals(count: 1)[0]
        for score in [Double.nan, .infinity, -.infinity] {
            odd.score = score
            #expect(odd.jsonBytes() == Self.reference(odd))
        }
    }

    @Test func eventTimesWriteAndParseAsBefore() {
        var state: UInt64 = 7
        for k in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Mostly 1970...2100, some anywhere in years 0...9999 and beyond, a few before 1970.
            let span: Int64 = k % 10 == 0 ? 400_000_000_000_000 : 4_102_444_800_000
            let millis = Int64(bitPattern: state >> 1) % span - (k % 7 == 0 ? span / 2 : 0)
            var bytes: [UInt8] = []
            EventTime.appendRFC3339(millis, to: &bytes)
            let text = EventTime.rfc3339(millis)
            #expect(bytes == Array(text.utf8), "\(millis)")
            let fast = bytes.withUnsafeBufferPointer(EventTime.parseCanonical)
            if let fast {
                #expect(fast == millis)
                #expect(EventTime.parse(text).map(EventTime.millis) == millis, "\(text)")
            } else {
                #expect(millis < 0 || millis >= 253_402_300_800_000, "\(text) should take the fast path")
            }
        }
        for text in ["2025-02-29T00:00:00Z", "2024-02-30T00:00:00Z", "2025-05-07T24:00:00Z", "2025-05-07T09:60:00Z",
                     "2025-05-07T09:00:60Z", "2025-13-07T09:00:00Z", "2025-05-07T09:00:00.12Z", "2025-05-07 09:00:00Z",
                     "2025-05-07T09:00:00+00:00", "1969-12-31T23:59:59Z"] {
            #expect(Array(text.utf8).withUnsafeBufferPointer(EventTime.parseCanonical) == nil, "\(text)")
        }
    }

    @Test func decodingMatchesJSONDecoderAndTakesTheFastPath() throws {
        for signal in Self.randomSignals(count: 2000) where signal.score.isFinite {
            let json = signal.jsonBytes()
            let fast = try #require(SignalJSONReader.decode(json), "\(String(decoding: json, as: UTF8.self))")
            #expect(fast == signal)
            #expect(fast == (try JSONDecoder().decode(RegionSignal.self, from: Data(json))))
            #expect(fast.score.sign == signal.score.sign)
        }
    }

    static let base = #"{"categories":["a","b"],"event_time":"2025-05-07T06:40:00.123Z","fingerprint":"fedcba9876543210","item_id":"x1","region":"koreas","score":4.5,"severity":"medium","source":"S","title":"T","url":"u"}"#

    /// Valid variations the reader must take itself and read as `JSONDecoder` does.
    static let variants = [
        base,
        #"  {  "url" : "u" , "title":"T","source":"S","severity":"medium","score":4.5,"region":"koreas","item_id":"x1","fingerprint":"FEDCBA9876543210","event_time":"2025-05-07T06:40:00.123Z","categories":[ "b" , "a" , "b" ] }  "# + "\n",
        #"{"item_id":"x\u0031","title":"\"q\" \\ \/ \b\f\n\r\t \u00e9 \u20AC \ud83d\ude80 \uD83C\uDDFA\uD83C\uDDE6","event_time":"2025-05-07T06:40:00.123Z","fingerprint":"fedcba9876543210","region":"k\u00f6reas","score":45e-1,"severity":"medium","categories":[]}"#,
        #"{"extra":{"nested":[1,2.5e10,-0,true,false,null,{"k":"v\u0000"}],"s":"x"},"item_id":"x1","title":null,"source":null,"url":null,"event_time":"2025-05-07T08:40:00.123+02:00","fingerprint":"fedcba9876543210","region":"koreas","score":-3,"severity":"low","categories":["a"],"more":[]}"#,
        "{\r\n\t\"item\\u005fid\": \"x1\",\r\n\t\"event_time\": \"2025-05-07T06:40:00Z\",\r\n\t\"fingerprint\": \"0000000000000000\",\r\n\t\"region\": \"r\",\r\n\t\"score\": 123456789012345678901234567890,\r\n\t\"severity\": \"critical\",\r\n\t\"categories\": [\"z\", \"é\"]\r\n}",
        #"{"item_id":"","event_time":"2025-05-07T06:40:00Z","fingerprint":"0123456789abcdef","region":"r","score":0.1000000000000000055511151231257827021181583404541015625,"severity":"none","categories":["a"]}"#,
        #"{"item_id":"i","event_time":"2025-05-07T06:40:00Z","fingerprint":"0123456789abcdef","region":"r","score":-0.0,"severity":"high","categories":["a"],"title":"👍🏽 Ünïcödé"}"#,
        // Foundation's date parser rolls a day past the month's end over; the old path did too.
        #"{"item_id":"i","event_time":"2025-02-30T06:40:00Z","fingerprint":"0123456789abcdef","region":"r","score":1,"severity":"high","categories":["a"]}"#,
    ]

    @Test func readsValidVariationsAsJSONDecoderDoes() throws {
        for text in Self.variants {
            let bytes = Array(text.utf8)
            let fast = try #require(SignalJSONReader.decode(bytes), "\(text)")
            let reference = try JSONDecoder().decode(RegionSignal.self, from: Data(bytes))
            #expect(fast == reference, "\(text)")
            #expect(fast.score.sign == reference.score.sign)
            #expect(try RegionSignal(json: bytes) == reference)
            #expect(try RegionSignal(json: bytes[...]) == reference)   // a slice: contiguous storage of its own
        }
        let escaped = try RegionSignal(json: Array(Self.variants[2].utf8))
        #expect(escaped.itemID == "x1")
        #expect(escaped.title == "\"q\" \\ / \u{8}\u{C}\n\r\t é € 🚀 🇺🇦")
        #expect(escaped.region == "köreas")
        #expect(escaped.score == 4.5)
    }

    /// What `JSONDecoder` tolerates beyond plain JSON still decodes, through it.
    @Test func oddInputJSONDecoderAcceptsStillDecodes() throws {
        let trailingComma = Self.base.replacingOccurrences(of: #""url":"u"}"#, with: #""url":"u",}"#)
        let repeated = Self.base.replacingOccurrences(of: #""url":"u"}"#, with: #""url":"u","url":"v"}"#)
        for bytes in [Array(trailingComma.utf8), [0xEF, 0xBB, 0xBF] + Array(Self.base.utf8), Array(repeated.utf8)] {
            #expect(SignalJSONReader.decode(bytes) == nil)
            let reference = try JSONDecoder().decode(RegionSignal.self, from: Data(bytes))
            #expect(try RegionSignal(json: bytes) == reference)
        }
    }

    @Test func malformedInputThrows() {
        let b = Self.base
        let malformed: [[UInt8]] = [
            [], Array("   ".utf8), Array("null".utf8), Array("[]".utf8), Array("{}".utf8), Array(#"{"item_id":"x"}"#.utf8),
            Array(b.dropLast().utf8), Array((b + "x").utf8), Array((b + "{}").utf8), Array((b + "\u{0}").utf8),
            Array(b.replacingOccurrences(of: #""region":"koreas""#, with: #""region":"""#).utf8),
            Array(b.replacingOccurrences(of: #""region":"koreas","#, with: "").utf8),
            Array(b.replacingOccurrences(of: "4.5", with: "1e400").utf8),
            Array(b.replacingOccurrences(of: "4.5", with: "\"4.5\"").utf8),
            Array(b.replacingOccurrences(of: "4.5", with: "04.5").utf8),
            Array(b.replacingOccurrences(of: "4.5", with: "4.").utf8),
            Array(b.replacingOccurrences(of: "4.5", with: "-").utf8),
            Array(b.replacingOccurrences(of: "4.5", with: "NaN").utf8),
            Array(b.replacingOccurrences(of: "4.5", with: "null").utf8),
            Array(b.replacingOccurrences(of: "\"medium\"", with: "\"severe\"").utf8),
            Array(b.replacingOccurrences(of: "fedcba9876543210", with: "fedcba987654321").utf8),
            Array(b.replacingOccurrences(of: "fedcba9876543210", with: "fedcba987654321g").utf8),
            Array(b.replacingOccurrences(of: "2025-05-07T06:40:00.123Z", with: "yesterday").utf8),
            Array(b.replacingOccurrences(of: #"["a","b"]"#, with: #"["a",1]"#).utf8),
            Array(b.replacingOccurrences(of: #"["a","b"]"#, with: #"["a",null]"#).utf8),
            Array(b.replacingOccurrences(of: #"["a","b"]"#, with: #""a""#).utf8),
            Array(b.replacingOccurrences(of: #""T""#, with: "\"a\u{1}b\"").utf8),
            Array(b.replacingOccurrences(of: #""T""#, with: #""\x""#).utf8),
            Array(b.replacingOccurrences(of: #""T""#, with: #""\ud800""#).utf8),
            Array(b.replacingOccurrences(of: #""T""#, with: #""\udc00\ud800""#).utf8),
            Array(b.replacingOccurrences(of: #""T""#, with: #""\u12G4""#).utf8),
            Array(b.replacingOccurrences(of: #""T""#, with: #"T"#).utf8),
            Array(b.replacingOccurrences(of: #""T""#, with: #"7"#).utf8),
            Array(b.replacingOccurrences(of: #""T""#, with: #""unterminated"#).utf8),
            Array(b.replacingOccurrences(of: #""url":"u""#, with: #""url":"u","x":[1,}"#).utf8),
            Array(b.replacingOccurrences(of: #""url":"u""#, with: #""x":tru"#).utf8),
            Array(b.replacingOccurrences(of: "\":", with: "\" =").utf8),
            Array(b.utf8).map { $0 == UInt8(ascii: "T") ? 0xFF : $0 },   // invalid UTF-8
            Array(b.replacingOccurrences(of: #""T""#, with: "\"\u{E9}\"").utf8).flatMap { $0 == 0xC3 ? [0xC3, 0x28] : [$0] },
        ]
        for bytes in malformed {
            #expect(SignalJSONReader.decode(bytes) == nil, "\(String(decoding: bytes, as: UTF8.self))")
            #expect(throws: DecodingError.self, "\(String(decoding: bytes, as: UTF8.self))") { try RegionSignal(json: bytes) }
        }
    }
}
