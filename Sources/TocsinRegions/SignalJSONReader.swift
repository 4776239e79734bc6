import Foundation
import TocsinRules

/// A single-pass reader for the signal JSON `RegionSignal.jsonBytes()` writes (keys in any order,
/// unknown keys skipped, any JSON whitespace and escapes), in place of `JSONDecoder`'s generic
/// machinery on the region stage's hot path.
///
/// It is deliberately strict: it returns nil for anything outside plain RFC 8259 JSON of the
/// expected shape (a repeated known key, a trailing comma, a byte-order mark, invalid UTF-8, a
/// null where a value is required, ...), and `RegionSignal(json:)` then hands the message to
/// `JSONDecoder`, which accepts what it always accepted and throws its usual errors for the rest.
/// So this reader only ever has to agree with `JSONDecoder` on what it accepts itself.
/// (`TocsinRules`' `NewsItemParser` is specialised to news items and internal; this is its
/// counterpart for signals.)
struct SignalJSONReader {
    private let p: UnsafeBufferPointer<UInt8>
    private var i = 0
    /// Unknown values nested deeper than this are left to `JSONDecoder`.
    private static let maxDepth = 64

    private struct Malformed: Error {}

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { p = bytes }

    static func decode(_ bytes: [UInt8]) -> RegionSignal? {
        bytes.withUnsafeBufferPointer { decode($0) }
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> RegionSignal? {
        guard isValidUTF8(bytes) else { return nil }
        var reader = SignalJSONReader(bytes)
        return try? reader.signal()
    }

    /// Whether the message is valid UTF-8, checked once so strings can be taken as they are:
    /// ASCII eight bytes at a time, and otherwise by letting the standard library repair a copy
    /// and seeing whether it had to.
    private static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var k = 0
        while k + 8 <= bytes.count {
            if UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            k += 8
        }
        while k < bytes.count, bytes[k] < 0x80 { k += 1 }
        guard k < bytes.count else { return true }
        let rest = UnsafeBufferPointer(rebasing: bytes[k...])
        let repaired = String(decoding: rest, as: UTF8.self)
        return repaired.utf8.elementsEqual(rest)
    }

    private mutating func signal() throws(Malformed) -> RegionSignal {
        var itemID, eventTime, fingerprint, region, severity: String?
        var title, source, url: String?
        var score: Double?
        var categories: [String]?
        var seen: UInt16 = 0   // a bit per known key
        skipWhitespace()
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if peek() != UInt8(ascii: "}") {
            while true {
                skipWhitespace()
                let key = try self.key()
                skipWhitespace()
                try expect(UInt8(ascii: ":"))
                skipWhitespace()
                if let key {
                    // Which of two values wins is JSONDecoder's call.
                    guard seen & 1 << key.rawValue == 0 else { throw Malformed() }
                    seen |= 1 << key.rawValue
                    switch key {
                    case .itemID: itemID = try string()
                    case .eventTime: eventTime = try string()
                    case .fingerprint: fingerprint = try string()
                    case .region: region = try string()
                    case .severity: severity = try string()
                    case .title: title = try optionalString()
                    case .source: source = try optionalString()
                    case .url: url = try optionalString()
                    case .score: score = try number()
                    case .categories: categories = try stringArray()
                    }
                } else {
                    try skipValue(depth: 1)
                }
                skipWhitespace()
                if peek() == UInt8(ascii: ",") { i += 1; continue }
                break
            }
        }
        try expect(UInt8(ascii: "}"))
        skipWhitespace()
        guard i == p.count else { throw Malformed() }

        guard let itemID, let eventTime, let fingerprint, let region, !region.isEmpty,
              let severity = severity.flatMap(Severity.init(rawValue:)), let score, score.isFinite, let categories,
              let hash = StableHash.parseHex(fingerprint),
              let time = Self.time(eventTime)
        else { throw Malformed() }
        return RegionSignal(
            itemID: itemID, title: title, source: source, url: url, eventTime: time, region: region,
            score: score, severity: severity, categories: categories, fingerprint: hash)
    }

    /// The canonical form without Foundation's date parser; anything else as `init(from:)` reads it.
    private static func time(_ text: String) -> Date? {
        var text = text
        if let millis = text.withUTF8(EventTime.parseCanonical) { return EventTime.date(millis) }
        return EventTime.parse(text)
    }

    // MARK: - Keys

    private enum Key: UInt16 { case itemID, title, source, url, eventTime, region, score, severity, categories, fingerprint }

    /// The known key at `i`, or nil for another; names with escapes are decoded first.
    private mutating func key() throws(Malformed) -> Key? {
        guard peek() == UInt8(ascii: "\"") else { throw Malformed() }
        var j = i + 1
        while j < p.count, p[j] != UInt8(ascii: "\""), p[j] != UInt8(ascii: "\\"), p[j] >= 0x20 { j += 1 }
        if j < p.count, p[j] == UInt8(ascii: "\"") {
            let name = UnsafeBufferPointer(rebasing: p[(i + 1)..<j])
            i = j + 1
            return Self.key(name)
        }
        var name = try string()
        return name.withUTF8 { Self.key($0) }
    }

    private static func key(_ name: UnsafeBufferPointer<UInt8>) -> Key? {
        func equals(_ literal: StaticString) -> Bool {
            literal.utf8CodeUnitCount == name.count && UnsafeBufferPointer(start: literal.utf8Start, count: name.count).elementsEqual(name)
        }
        switch name.count {
        case 3: return equals("url") ? .url : nil
        case 5: return equals("title") ? .title : equals("score") ? .score : nil
        case 6: return equals("source") ? .source : equals("region") ? .region : nil
        case 7: return equals("item_id") ? .itemID : nil
        case 8: return equals("severity") ? .severity : nil
        case 10: return equals("event_time") ? .eventTime : equals("categories") ? .categories : nil
        case 11: return equals("fingerprint") ? .fingerprint : nil
        default: return nil
        }
    }

    // MARK: - Values

    private func peek() -> UInt8? { i < p.count ? p[i] : nil }

    private mutating func expect(_ byte: UInt8) throws(Malformed) {
        guard peek() == byte else { throw Malformed() }
        i += 1
    }

    private mutating func skipWhitespace() {
        while i < p.count, p[i] == 0x20 || p[i] == 0x0A || p[i] == 0x0D || p[i] == 0x09 { i += 1 }
    }

    private mutating func optionalString() throws(Malformed) -> String? {
        if peek() == UInt8(ascii: "n") { try literal("null"); return nil }
        return try string()
    }

    private mutating func stringArray() throws(Malformed) -> [String] {
        try expect(UInt8(ascii: "["))
        var values: [String] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { i += 1; return values }
        while true {
            skipWhitespace()
            values.append(try string())
            skipWhitespace()
            if peek() == UInt8(ascii: ",") { i += 1; continue }
            try expect(UInt8(ascii: "]"))
            return values
        }
    }

    /// A string at `i` (the opening quote), escapes decoded; the message is valid UTF-8 already.
    private mutating func string() throws(Malformed) -> String {
        try expect(UInt8(ascii: "\""))
        let start = i
        while i < p.count, p[i] != UInt8(ascii: "\""), p[i] != UInt8(ascii: "\\") {
            guard p[i] >= 0x20 else { throw Malformed() }
            i += 1
        }
        guard i < p.count else { throw Malformed() }
        if p[i] == UInt8(ascii: "\"") {
            defer { i += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)
        }
        var bytes = Array(p[start..<i])
        while true {
            guard i < p.count else { throw Malformed() }
            let c = p[i]
            i += 1
            if c == UInt8(ascii: "\"") { return String(decoding: bytes, as: UTF8.self) }
            guard c >= 0x20 else { throw Malformed() }
            guard c == UInt8(ascii: "\\") else { bytes.append(c); continue }
            guard let e = peek() else { throw Malformed() }
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(e)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"): bytes.append(contentsOf: UTF8.encode(try unicodeEscape())!)
            default: throw Malformed()
            }
        }
    }

    /// The scalar of `XXXX` after `\u` (a surrogate pair's two escapes together); lone surrogates
    /// are malformed.
    private mutating func unicodeEscape() throws(Malformed) -> Unicode.Scalar {
        let high = try hex4()
        if (0xD800...0xDBFF).contains(high) {
            guard i + 1 < p.count, p[i] == UInt8(ascii: "\\"), p[i + 1] == UInt8(ascii: "u") else { throw Malformed() }
            i += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw Malformed() }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
        }
        guard let scalar = Unicode.Scalar(high) else { throw Malformed() }
        return scalar
    }

    private mutating func hex4() throws(Malformed) -> UInt32 {
        guard i + 4 <= p.count else { throw Malformed() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = p[i] | 0x20   // ASCII letters to lowercase; digits keep their value
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            default: throw Malformed()
            }
            value = value << 4 | UInt32(digit)
            i += 1
        }
        return value
    }

    /// A number by the JSON grammar `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`, correctly
    /// rounded as `JSONDecoder` (and `strtod`) round it.
    private mutating func number() throws(Malformed) -> Double {
        let start = i
        func isDigit(_ c: UInt8?) -> Bool { c.map { $0 &- UInt8(ascii: "0") < 10 } ?? false }
        let negative = peek() == UInt8(ascii: "-")
        if negative { i += 1 }
        guard isDigit(peek()) else { throw Malformed() }
        var mantissa: UInt64 = 0, digits = 0, decimals = 0
        if peek() == UInt8(ascii: "0") {
            i += 1
        } else {
            while isDigit(peek()) { mantissa = mantissa &* 10 &+ UInt64(p[i] - 0x30); digits += 1; i += 1 }
        }
        if peek() == UInt8(ascii: ".") {
            i += 1
            guard isDigit(peek()) else { throw Malformed() }
            while isDigit(peek()) { mantissa = mantissa &* 10 &+ UInt64(p[i] - 0x30); digits += 1; decimals += 1; i += 1 }
        }
        var exponent = false
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            exponent = true
            i += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { i += 1 }
            guard isDigit(peek()) else { throw Malformed() }
            while isDigit(peek()) { i += 1 }
        }
        // Up to 15 significant digits and no exponent: the mantissa and the power of ten are exact
        // doubles, so one division is correctly rounded. Otherwise the standard library's parser.
        if !exponent, digits <= 15 {
            let magnitude = decimals == 0 ? Double(mantissa) : Double(mantissa) / Self.powersOfTen[decimals]
            return negative ? -magnitude : magnitude
        }
        guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)) else {
            throw Malformed()
        }
        return value
    }

    private static let powersOfTen: [Double] = (0...15).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }

    private mutating func literal(_ word: StaticString) throws(Malformed) {
        let n = word.utf8CodeUnitCount
        guard i + n <= p.count,
              UnsafeBufferPointer(start: word.utf8Start, count: n).elementsEqual(UnsafeBufferPointer(rebasing: p[i..<(i + n)]))
        else { throw Malformed() }
        i += n
    }

    /// Validates and skips a value of an unknown key.
    private mutating func skipValue(depth: Int) throws(Malformed) {
        guard depth <= Self.maxDepth, let c = peek() else { throw Malformed() }
        switch c {
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            let object = c == UInt8(ascii: "{")
            let close = object ? UInt8(ascii: "}") : UInt8(ascii: "]")
            i += 1
            skipWhitespace()
            if peek() == close { i += 1; return }
            while true {
                skipWhitespace()
                if object {
                    _ = try string()
                    skipWhitespace()
                    try expect(UInt8(ascii: ":"))
                    skipWhitespace()
                }
                try skipValue(depth: depth + 1)
                skipWhitespace()
                if peek() == UInt8(ascii: ",") { i += 1; continue }
                try expect(close)
                return
            }
        default: _ = try number()
        }
    }
}
