/// A single-pass JSON reader specialised for news items: it decodes the seven known fields straight
/// from the message bytes and validates-and-skips everything else, so a typical item costs one scan
/// and a handful of String allocations. Input must already be valid UTF-8 (see `UTF8Check`).
struct NewsItemParser {
    private let p: UnsafePointer<UInt8>
    private let count: Int
    private var i = 0
    private static let maxDepth = 256

    /// `bytes` must be non-empty (an empty buffer may have no base address).
    init(_ bytes: UnsafeRawBufferPointer) {
        count = bytes.count
        p = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
    }

    /// The fields the contract knows about; everything else is skipped.
    private enum Field { case id, title, body, source, url, publishedAt, language, unknown }

    mutating func parseItem() throws(NewsItemError) -> NewsItem {
        skipWhitespace()
        guard i < count else { throw .invalidJSON("the message is only whitespace") }
        guard p[i] == UInt8(ascii: "{") else {
            try skipValue(depth: 0)
            try expectEnd()
            throw .notAnObject
        }
        var item = NewsItem(id: "")   // fields fill in as they are read
        var idIsString = false
        var typeProblem: String?
        i += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                skipWhitespace()
                guard peek() == UInt8(ascii: "\"") else { throw unexpected("a field name in double quotes") }
                let field = try parseKey()
                skipWhitespace()
                guard peek() == UInt8(ascii: ":") else { throw unexpected("':' after the field name") }
                i += 1
                skipWhitespace()
                if field == .unknown {
                    try skipValue(depth: 1)
                } else if peek() == UInt8(ascii: "\"") {
                    Self.set(field, of: &item, to: try parseString())
                    if field == .id { idIsString = true }
                } else {
                    let kind = try skipValue(depth: 1)
                    Self.set(field, of: &item, to: nil)
                    if field == .id {
                        idIsString = false
                    } else if kind != "null", typeProblem == nil {
                        typeProblem = "field \"\(Self.name(field))\" must be a string, not \(kind)"
                    }
                }
                skipWhitespace()
                guard let c = peek() else { throw unexpected("',' or '}'") }
                i += 1
                if c == UInt8(ascii: "}") { break }
                guard c == UInt8(ascii: ",") else { i -= 1; throw unexpected("',' or '}'") }
            }
        }
        try expectEnd()
        if let typeProblem { throw .invalidJSON(typeProblem) }
        guard idIsString, !item.id.isEmpty else { throw .missingID }
        guard !Self.isBlank(item.title) || !Self.isBlank(item.body) else { throw .emptyContent }
        return item
    }

    // MARK: - Fields

    private static func set(_ field: Field, of item: inout NewsItem, to value: String?) {
        switch field {
        case .id: item.id = value ?? ""
        case .title: item.title = value
        case .body: item.body = value
        case .source: item.source = value
        case .url: item.url = value
        case .publishedAt: item.publishedAt = value
        case .language: item.language = value
        case .unknown: break
        }
    }

    private static func name(_ field: Field) -> String {
        switch field {
        case .id: "id"
        case .title: "title"
        case .body: "body"
        case .source: "source"
        case .url: "url"
        case .publishedAt: "published_at"
        case .language: "language"
        case .unknown: "?"
        }
    }

    private static func field(named key: String) -> Field {
        switch key {
        case "id": .id
        case "title": .title
        case "body": .body
        case "source": .source
        case "url": .url
        case "published_at": .publishedAt
        case "language": .language
        default: .unknown
        }
    }

    private static func isBlank(_ s: String?) -> Bool {
        guard let s else { return true }
        return s.utf8.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
    }

    /// Reads a field name; known names are recognised without allocating when they have no escapes.
    private mutating func parseKey() throws(NewsItemError) -> Field {
        let start = i + 1
        var j = start
        while j < count, p[j] != UInt8(ascii: "\""), p[j] != UInt8(ascii: "\\"), p[j] >= 0x20 { j += 1 }
        if j < count, p[j] == UInt8(ascii: "\"") {
            i = j + 1
            let key = UnsafeBufferPointer(start: p + start, count: j - start)
            return Self.field(forKeyBytes: key)
        }
        return Self.field(named: try parseString())
    }

    private static func field(forKeyBytes key: UnsafeBufferPointer<UInt8>) -> Field {
        // Dispatch on length first so most unknown keys are rejected without a comparison.
        func equals(_ literal: StaticString) -> Bool {
            literal.utf8CodeUnitCount == key.count
                && (0..<key.count).allSatisfy { literal.utf8Start[$0] == key[$0] }
        }
        switch key.count {
        case 2: return equals("id") ? .id : .unknown
        case 3: return equals("url") ? .url : .unknown
        case 4: return equals("body") ? .body : .unknown
        case 5: return equals("title") ? .title : .unknown
        case 6: return equals("source") ? .source : .unknown
        case 8: return equals("language") ? .language : .unknown
        case 12: return equals("published_at") ? .publishedAt : .unknown
        default: return .unknown
        }
    }

    // MARK: - Values

    private func peek() -> UInt8? { i < count ? p[i] : nil }

    private mutating func skipWhitespace() {
        while i < count {
            switch p[i] {
            case 0x20, 0x0A, 0x0D, 0x09: i += 1
            default: return
            }
        }
    }

    private mutating func expectEnd() throws(NewsItemError) {
        skipWhitespace()
        guard i == count else { throw unexpected("the end of the message after the JSON value") }
    }

    private func unexpected(_ expected: String) -> NewsItemError {
        guard i < count else { return .invalidJSON("unexpected end of the message; expected \(expected)") }
        let c = p[i]
        let shown = c >= 0x20 && c < 0x7F ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x" + String(c, radix: 16, uppercase: true)
        return .invalidJSON("unexpected \(shown) at byte \(i); expected \(expected)")
    }

    /// Parses a string starting at the opening quote, decoding escapes.
    private mutating func parseString() throws(NewsItemError) -> String {
        i += 1
        let start = i
        // Fast path: no escapes, so the bytes between the quotes are the string (already valid UTF-8).
        i = firstSpecialByte(from: i)
        if i < count, p[i] == UInt8(ascii: "\"") {
            let s = String(decoding: UnsafeBufferPointer(start: p + start, count: i - start), as: UTF8.self)
            i += 1
            return s
        }
        if i < count, p[i] < 0x20 { throw unexpected("no raw control characters inside a string (use an escape such as \\n)") }
        guard i < count else { throw unexpected("'\"' to close the string") }
        // Escapes (bodies have "\n" between paragraphs): decode straight into the string's storage
        // (escapes never take more bytes than they stand for), copying plain stretches in bulk.
        var failure: NewsItemError?
        let s = String(unsafeUninitializedCapacity: count - start) { out in
            do throws(NewsItemError) {
                return try decodeEscapedString(from: start, into: out.baseAddress!)
            } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw failure }
        return s
    }

    /// The slow half of `parseString`: `i` is at the first backslash of a string that started at
    /// `start`; writes the decoded string to `out` (room for the rest of the message) and returns
    /// its length, leaving `i` after the closing quote.
    private mutating func decodeEscapedString(from start: Int, into out: UnsafeMutablePointer<UInt8>) throws(NewsItemError) -> Int {
        var o = i - start
        out.update(from: p + start, count: o)
        while i < count {
            let c = p[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return o
            }
            if c < 0x20 { throw unexpected("no raw control characters inside a string (use an escape such as \\n)") }
            i += 1   // the backslash
            guard i < count else { break }
            switch p[i] {
            case UInt8(ascii: "\""): out[o] = 0x22; o += 1
            case UInt8(ascii: "\\"): out[o] = 0x5C; o += 1
            case UInt8(ascii: "/"): out[o] = 0x2F; o += 1
            case UInt8(ascii: "b"): out[o] = 0x08; o += 1
            case UInt8(ascii: "f"): out[o] = 0x0C; o += 1
            case UInt8(ascii: "n"): out[o] = 0x0A; o += 1
            case UInt8(ascii: "r"): out[o] = 0x0D; o += 1
            case UInt8(ascii: "t"): out[o] = 0x09; o += 1
            case UInt8(ascii: "u"):
                let scalar = try parseUnicodeEscape()
                for byte in UTF8.encode(scalar)! { out[o] = byte; o += 1 }
                i -= 1   // parseUnicodeEscape leaves `i` after the digits; the `i += 1` below undoes this
            default: throw unexpected("a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
            }
            i += 1
            let plain = i
            i = firstSpecialByte(from: i)
            (out + o).update(from: p + plain, count: i - plain)
            o += i - plain
        }
        throw unexpected("'\"' to close the string")
    }

    /// Parses `uXXXX` (after the backslash), combining a surrogate pair when present.
    private mutating func parseUnicodeEscape() throws(NewsItemError) -> Unicode.Scalar {
        let at = i - 1
        let high = try hex4()
        if (0xD800...0xDBFF).contains(high) {
            if i + 1 < count, p[i] == UInt8(ascii: "\\"), p[i + 1] == UInt8(ascii: "u") {
                i += 1
                let low = try hex4()
                if (0xDC00...0xDFFF).contains(low) {
                    return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
                }
            }
            throw .invalidJSON("unpaired UTF-16 surrogate in \\u escape at byte \(at)")
        }
        guard let scalar = Unicode.Scalar(high) else {
            throw .invalidJSON("unpaired UTF-16 surrogate in \\u escape at byte \(at)")
        }
        return scalar
    }

    /// Reads `u` and four hex digits, leaving `i` after them.
    private mutating func hex4() throws(NewsItemError) -> UInt32 {
        i += 1   // the 'u'
        guard i + 4 <= count else { throw unexpected("four hex digits after \\u") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = p[i]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: throw unexpected("four hex digits after \\u")
            }
            value = value << 4 | UInt32(digit)
            i += 1
        }
        return value
    }

    /// Validates and skips any JSON value; returns its kind for error messages.
    @discardableResult
    private mutating func skipValue(depth: Int) throws(NewsItemError) -> String {
        guard depth < Self.maxDepth else { throw .invalidJSON("nesting deeper than \(Self.maxDepth) levels at byte \(i)") }
        guard let c = peek() else { throw unexpected("a value") }
        switch c {
        case UInt8(ascii: "\""):
            try skipString()
            return "a string"
        case UInt8(ascii: "{"):
            i += 1
            skipWhitespace()
            if peek() == UInt8(ascii: "}") { i += 1; return "an object" }
            while true {
                skipWhitespace()
                guard peek() == UInt8(ascii: "\"") else { throw unexpected("a field name in double quotes") }
                try skipString()
                skipWhitespace()
                guard peek() == UInt8(ascii: ":") else { throw unexpected("':' after the field name") }
                i += 1
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                guard let d = peek(), d == UInt8(ascii: ",") || d == UInt8(ascii: "}") else { throw unexpected("',' or '}'") }
                i += 1
                if d == UInt8(ascii: "}") { return "an object" }
            }
        case UInt8(ascii: "["):
            i += 1
            skipWhitespace()
            if peek() == UInt8(ascii: "]") { i += 1; return "an array" }
            while true {
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                guard let d = peek(), d == UInt8(ascii: ",") || d == UInt8(ascii: "]") else { throw unexpected("',' or ']'") }
                i += 1
                if d == UInt8(ascii: "]") { return "an array" }
            }
        case UInt8(ascii: "t"): try literal("true"); return "a boolean"
        case UInt8(ascii: "f"): try literal("false"); return "a boolean"
        case UInt8(ascii: "n"): try literal("null"); return "null"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try skipNumber()
            return "a number"
        default:
            throw unexpected("a value")
        }
    }

    private mutating func skipString() throws(NewsItemError) {
        i += 1
        while i < count {
            i = firstSpecialByte(from: i)
            guard i < count else { break }
            let c = p[i]
            if c == UInt8(ascii: "\"") { i += 1; return }
            if c < 0x20 { throw unexpected("no raw control characters inside a string (use an escape such as \\n)") }
            if c == UInt8(ascii: "\\") {
                i += 1
                guard i < count else { break }
                switch p[i] {
                case UInt8(ascii: "u"): _ = try parseUnicodeEscape(); continue
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                     UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"): break
                default: throw unexpected("a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
                }
            }
            i += 1
        }
        throw unexpected("'\"' to close the string")
    }

    /// The index of the first `"`, `\\` or control byte at or after `start` (or `count`), eight
    /// bytes at a time: string contents are most of a message.
    private func firstSpecialByte(from start: Int) -> Int {
        // The bytes a JSON string must escape are exactly the ones that end a plain stretch here.
        JSONOutput.firstSpecial(in: UnsafeBufferPointer(start: p, count: count), from: start)
    }

    private mutating func literal(_ word: StaticString) throws(NewsItemError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= count, (0..<n).allSatisfy({ p[i + $0] == word.utf8Start[$0] }) else {
            throw unexpected("a value")
        }
        i += n
    }

    /// Skips a number following the JSON grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    private mutating func skipNumber() throws(NewsItemError) {
        func isDigit(_ c: UInt8?) -> Bool { c.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        if peek() == UInt8(ascii: "-") { i += 1 }
        guard isDigit(peek()) else { throw unexpected("a digit") }
        if peek() == UInt8(ascii: "0") { i += 1 } else { while isDigit(peek()) { i += 1 } }
        if peek() == UInt8(ascii: ".") {
            i += 1
            guard isDigit(peek()) else { throw unexpected("a digit after the decimal point") }
            while isDigit(peek()) { i += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            i += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { i += 1 }
            guard isDigit(peek()) else { throw unexpected("a digit in the exponent") }
            while isDigit(peek()) { i += 1 }
        }
    }
}
