import Foundation
import Testing
@testable import TocsinRules

@Suite struct DecodingTests {
    let limit = 1 << 20

    func decode(_ text: String, maxBytes: Int? = nil) throws(NewsItemError) -> NewsItem {
        try NewsItem.decode(Array(text.utf8), maxBytes: maxBytes ?? limit)
    }

    @Test func decodesAllFieldsAndKeepsPublishedAtAsGiven() throws {
        let item = try decode("""
            {"id":"a1","title":"T","body":"B","source":"Wire","url":"https://x/y","published_at":"2025-05-08T09:00:00+05:30","language":"en"}
            """)
        #expect(item == NewsItem(id: "a1", title: "T", body: "B", source: "Wire", url: "https://x/y",
                                 publishedAt: "2025-05-08T09:00:00+05:30", language: "en"))
    }

    @Test func ignoresUnknownFieldsOfAnyShape() throws {
        let item = try decode("""
            {"labels":{"signals":["a",{"b":[1,2.5e3,true,null]}]},"id":"x","n":-0.5,"body":"text","flag":false,"z":null}
            """)
        #expect(item.id == "x")
        #expect(item.body == "text")
        #expect(item.title == nil)
    }

    @Test func decodesEscapes() throws {
        let item = try decode(#"{"id":"e","body":"line1\nline2 \"q\" \\ \/ caf\u00e9 \ud83d\ude00 \t"}"#)
        #expect(item.body == "line1\nline2 \"q\" \\ / café 😀 \t")
    }

    @Test func nullOptionalFieldsAreAbsent() throws {
        let item = try decode(#"{"id":"n","title":null,"body":"b","url":null}"#)
        #expect(item.title == nil)
        #expect(item.url == nil)
    }

    @Test func titleAloneIsEnough() throws {
        let item = try decode(#"{"id":"t","title":"Only a title"}"#)
        #expect(item.body == nil)
        #expect(item.title == "Only a title")
    }

    @Test func tooLarge() {
        let text = #"{"id":"big","body":""# + String(repeating: "x", count: 200) + #""}"#
        #expect(throws: NewsItemError.tooLarge(size: text.utf8.count, limit: 100)) { try decode(text, maxBytes: 100) }
        let error = NewsItemError.tooLarge(size: 2_000_000, limit: 1_048_576)
        #expect(error.code == "too_large")
        #expect(error.description == "message is 2000000 bytes, over the 1048576-byte limit")
    }

    @Test func invalidUTF8() {
        #expect(throws: NewsItemError.invalidUTF8) {
            try NewsItem.decode([0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D], maxBytes: limit)
        }
        // Overlong encoding and a UTF-16 surrogate are invalid too.
        #expect(throws: NewsItemError.invalidUTF8) { try NewsItem.decode([0x22, 0xC0, 0xAF, 0x22], maxBytes: limit) }
        #expect(throws: NewsItemError.invalidUTF8) { try NewsItem.decode([0x22, 0xED, 0xA0, 0x80, 0x22], maxBytes: limit) }
        #expect(NewsItemError.invalidUTF8.code == "invalid_utf8")
    }

    @Test(arguments: [
        "", "   ", "{", #"{"id":"a""#, #"{"id":"a",}"#, #"{"id":"a"} x"#, #"{"id":'a'}"#, #"{"id":"a\q"}"#,
        #"{"id":"a","n":01}"#, #"{"id":"a","n":1.}"#, #"{"id":"a","b":tru}"#, "{\"id\":\"a\u{01}\"}",
        #"{"id":"a","body":"\ud800"}"#,
    ])
    func invalidJSON(_ text: String) {
        #expect {
            try decode(text)
        } throws: { error in
            (error as? NewsItemError)?.code == "invalid_json"
        }
    }

    @Test func wrongTypedFieldIsInvalidJSONNamingTheField() {
        #expect(throws: NewsItemError.invalidJSON(#"field "title" must be a string, not a number"#)) {
            try decode(#"{"id":"a","title":5,"body":"b"}"#)
        }
        #expect(throws: NewsItemError.invalidJSON(#"field "published_at" must be a string, not an object"#)) {
            try decode(#"{"id":"a","body":"b","published_at":{}}"#)
        }
    }

    @Test(arguments: ["[1,2]", #""just a string""#, "42", "null"])
    func notAnObject(_ text: String) {
        #expect(throws: NewsItemError.notAnObject) { try decode(text) }
    }

    @Test(arguments: [#"{"body":"b"}"#, #"{"id":7,"body":"b"}"#, #"{"id":"","body":"b"}"#, #"{"id":null,"body":"b"}"#])
    func missingID(_ text: String) {
        #expect(throws: NewsItemError.missingID) { try decode(text) }
    }

    @Test(arguments: [#"{"id":"a"}"#, #"{"id":"a","body":"","title":""}"#, #"{"id":"a","body":" \n\t"}"#])
    func emptyContent(_ text: String) {
        #expect(throws: NewsItemError.emptyContent) { try decode(text) }
    }

    @Test func checksRunInTheContractOrder() {
        // Too large wins over bad UTF-8; bad UTF-8 over bad JSON; bad JSON over not-an-object; ...
        #expect(throws: NewsItemError.tooLarge(size: 5, limit: 4)) { try NewsItem.decode([0xFF, 0xFF, 0xFF, 0xFF, 0xFF], maxBytes: 4) }
        #expect(throws: NewsItemError.invalidUTF8) { try NewsItem.decode([0x5B, 0xFF], maxBytes: limit) }
        #expect { try decode("[1,") } throws: { ($0 as? NewsItemError)?.code == "invalid_json" }
        #expect(throws: NewsItemError.invalidJSON(#"field "body" must be a string, not an array"#)) { try decode(#"{"body":[]}"#) }
        #expect(throws: NewsItemError.missingID) { try decode(#"{"body":""}"#) }
    }

    @Test func entryPointsAgree() throws {
        let text = #"{"id":"same","body":"b"}"#
        let expected = NewsItem(id: "same", body: "b")
        #expect(try NewsItem.decode(Data(text.utf8), maxBytes: limit) == expected)
        #expect(try NewsItem.decode(line: text, maxBytes: limit) == expected)
        #expect(try NewsItem.decode(Array(text.utf8)[...], maxBytes: limit) == expected)
        #expect(try Array(text.utf8).withUnsafeBytes { try NewsItem.decode($0, maxBytes: limit) } == expected)
    }

    @Test func codesAreStable() {
        let codes = [NewsItemError.tooLarge(size: 1, limit: 0), .invalidUTF8, .invalidJSON("x"), .notAnObject, .missingID, .emptyContent].map(\.code)
        #expect(codes == ["too_large", "invalid_utf8", "invalid_json", "not_an_object", "missing_id", "empty_content"])
    }

    @Test func newsItemCodableUsesContractKeys() throws {
        let item = NewsItem(id: "c", body: "b", publishedAt: "2025-01-01T00:00:00Z")
        let json = String(decoding: try JSONEncoder().encode(item), as: UTF8.self)
        #expect(json.contains(#""published_at":"2025-01-01T00:00:00Z""#))
        #expect(try JSONDecoder().decode(NewsItem.self, from: Data(json.utf8)) == item)
    }
}
