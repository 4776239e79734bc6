/// Writes a `RegionSignal`'s JSON straight into bytes, exactly as `JSONEncoder` (`.sortedKeys`,
/// `.withoutEscapingSlashes`) writes its `Encodable` form: signals are encoded once per scored item,
/// and the encoder's boxing, key sorting and string building cost more than the rest of the stage.
///
/// `JSONEncoder`'s conventions, which the bytes must keep (fingerprints and ids downstream depend
/// on nothing here, but tests compare every byte): strings escape `"` and `\`, `\b \f \n \r \t` by
/// name and other controls as `\u00xx` (lowercase hex), and copy everything else, `/` included;
/// numbers are Swift's `description` without a trailing `.0`; absent optionals are left out.
enum SignalJSONWriter {
    static func bytes(of signal: RegionSignal) -> [UInt8] {
        guard signal.score.isFinite else { return [] }   // what `JSONEncoder` refuses to encode
        var out: [UInt8] = []
        // Keys, punctuation, time, fingerprint and score take under 160 bytes; escapes are rare.
        var estimate = 160 + signal.itemID.utf8.count + signal.region.utf8.count
        estimate += (signal.title?.utf8.count ?? 0) + (signal.source?.utf8.count ?? 0) + (signal.url?.utf8.count ?? 0)
        for category in signal.categories { estimate += category.utf8.count + 3 }
        out.reserveCapacity(estimate)

        out.append(raw: #"{"categories":["#)
        for (index, category) in signal.categories.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(quoted: category)
        }
        out.append(raw: #"],"event_time":""#)
        EventTime.appendRFC3339(EventTime.millis(signal.eventTime), to: &out)
        out.append(raw: #"","fingerprint":""#)
        out.append(hex: signal.fingerprint)
        out.append(raw: #"","item_id":"#)
        out.append(quoted: signal.itemID)
        out.append(raw: #","region":"#)
        out.append(quoted: signal.region)
        out.append(raw: #","score":"#)
        out.append(number: signal.score)
        out.append(raw: #","severity":"#)
        out.append(quoted: signal.severity.rawValue)
        if let source = signal.source { out.append(raw: #","source":"#); out.append(quoted: source) }
        if let title = signal.title { out.append(raw: #","title":"#); out.append(quoted: title) }
        if let url = signal.url { out.append(raw: #","url":"#); out.append(quoted: url) }
        out.append(UInt8(ascii: "}"))
        return out
    }
}

extension [UInt8] {
    @inline(__always)
    mutating func append(raw text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A JSON string, quotes included, escaped as `JSONEncoder` escapes it; plain stretches are
    /// copied in bulk.
    mutating func append(quoted value: String) {
        append(UInt8(ascii: "\""))
        var value = value   // `withUTF8` needs a native string; this does not copy a native one
        value.withUTF8 { bytes in
            var plain = 0
            for i in bytes.indices {
                let b = bytes[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain..<i]))
                appendEscape(b)
                plain = i + 1
            }
            append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain...]))
        }
        append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(_ b: UInt8) {
        append(UInt8(ascii: "\\"))
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): append(b)
        case 0x08: append(UInt8(ascii: "b"))
        case 0x0C: append(UInt8(ascii: "f"))
        case 0x0A: append(UInt8(ascii: "n"))
        case 0x0D: append(UInt8(ascii: "r"))
        case 0x09: append(UInt8(ascii: "t"))
        default:
            append(raw: "u00")
            append(Self.hexDigit(b >> 4))
            append(Self.hexDigit(b & 0xF))
        }
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    /// Sixteen lowercase hex digits, most significant first (`StableHash.hex`).
    mutating func append(hex value: UInt64) {
        for k in 0..<16 { append(Self.hexDigit(UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * k)) & 0xF)) }
    }

    /// Non-negative decimal digits, zero-padded to `width`.
    @inline(__always)
    mutating func append(digits value: Int64, width: Int) {
        var divisor: Int64 = 1
        for _ in 1..<Swift.max(width, 1) { divisor *= 10 }
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// A finite number as `JSONEncoder` writes it: `description`, less a trailing `.0`.
    mutating func append(number value: Double) {
        // Integral values below 1e15 print in full (`4.0` → `4`); `description` agrees (it only
        // switches to exponents from 2^53). The sign of zero must stay: `-0.0` is `-0`.
        if value == value.rounded(), abs(value) < 1e15 {
            if value.sign == .minus { append(UInt8(ascii: "-")) }
            append(digits: Int64(abs(value)), width: 1)
            return
        }
        if appendShortDecimal(value) { return }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        append(contentsOf: text.utf8)
    }

    /// Scores are sums of rule weights: a few decimals at most. For `m / 10^k` (k ≤ 3, 0.001 ≤
    /// |value| < 1e9) that reads back as the same double, that form with the least k is the
    /// shortest round-trip form, which `description` prints for magnitudes in this range
    /// (as `TocsinRules.JSONOutput` does for records).
    private mutating func appendShortDecimal(_ value: Double) -> Bool {
        let magnitude = abs(value)
        guard magnitude >= 0.001, magnitude < 1e9 else { return false }
        var scale = 1.0
        for k in 1...3 {
            scale *= 10
            let scaled = (magnitude * scale).rounded()
            guard scaled / scale == magnitude else { continue }
            let m = Int64(scaled), power = Int64(scale)
            if value < 0 { append(UInt8(ascii: "-")) }
            append(digits: m / power, width: 1)
            append(UInt8(ascii: "."))
            append(digits: m % power, width: k)
            return true
        }
        return false
    }
}
