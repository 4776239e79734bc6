/// Low-level pieces of the compact JSON the daemon writes: string escaping and number formatting
/// straight into byte buffers, eight bytes at a time where nothing needs escaping.
///
/// Strings escape `"`, `\`, and control characters below 0x20 (`\n`, `\r`, `\t` by name, others as
/// `\u00XX`); everything else, including non-ASCII UTF-8, is copied as it is. Integral numbers below
/// 1e15 print as integers (`3`, not `3.0`), other finite numbers in Swift's shortest form, and
/// non-finite ones as `0`.
enum JSONOutput {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// 0x80 in each byte of `w` that needs escaping, 0 elsewhere (exact: no carries between bytes).
    @inline(__always)
    static func specialMask(_ w: UInt64) -> UInt64 {
        @inline(__always) func zeroBytes(_ v: UInt64) -> UInt64 { ~(((v & lows) &+ lows) | v | lows) }
        let controls = ~(((w & lows) &+ 0x6060_6060_6060_6060) | w) & highs   // bytes below 0x20
        return controls | zeroBytes(w ^ (0x22 &* ones)) | zeroBytes(w ^ (0x5C &* ones))
    }

    @inline(__always)
    static func needsEscape(_ b: UInt8) -> Bool { b < 0x20 || b == 0x22 || b == 0x5C }

    /// Index of the first byte at or after `from` that needs escaping, or `bytes.count`.
    @inline(__always)
    static func firstSpecial(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return n }
        var i = from
        while i + 16 <= n {   // two words per step: one branch for the common, clean case
            let a = specialMask(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            let b = specialMask(UnsafeRawPointer(base + i + 8).loadUnaligned(as: UInt64.self))
            if a | b != 0 {
                return a != 0 ? i + (UInt64(littleEndian: a).trailingZeroBitCount >> 3)
                              : i + 8 + (UInt64(littleEndian: b).trailingZeroBitCount >> 3)
            }
            i += 16
        }
        while i + 8 <= n {
            let mask = specialMask(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            if mask != 0 { return i + (UInt64(littleEndian: mask).trailingZeroBitCount >> 3) }
            i += 8
        }
        while i < n, !needsEscape(base[i]) { i += 1 }
        return i
    }

    /// Bytes of a string's JSON form, quotes included.
    static func quotedCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = bytes.count + 2
        var i = firstSpecial(in: bytes, from: 0)
        while i < bytes.count {
            count += escapeCount(bytes[i]) - 1
            i = firstSpecial(in: bytes, from: i + 1)
        }
        return count
    }

    @inline(__always)
    private static func escapeCount(_ b: UInt8) -> Int {
        switch b {
        case 0x22, 0x5C, 0x0A, 0x0D, 0x09: 2
        default: 6
        }
    }

    /// Writes a string's JSON form, quotes included, and returns the end of what was written.
    static func writeQuoted(_ bytes: UnsafeBufferPointer<UInt8>, to start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var out = start
        out.pointee = 0x22
        out += 1
        let n = bytes.count
        guard let base = bytes.baseAddress else {
            out.pointee = 0x22
            return out + 1
        }
        var runStart = 0
        var i = firstSpecial(in: bytes, from: 0)
        while i < n {
            out.update(from: base + runStart, count: i - runStart)
            out += i - runStart
            out = writeEscape(base[i], to: out)
            runStart = i + 1
            i = firstSpecial(in: bytes, from: runStart)
        }
        out.update(from: base + runStart, count: n - runStart)
        out += n - runStart
        out.pointee = 0x22
        return out + 1
    }

    /// `writeQuoted`, but writing nothing past `limit`: returns nil if the string might not fit
    /// (it checks before each stretch with room for one escape and the closing quote to spare).
    static func writeQuoted(_ bytes: UnsafeBufferPointer<UInt8>, to start: UnsafeMutablePointer<UInt8>,
                            limit: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8>? {
        let n = bytes.count
        guard let base = bytes.baseAddress else {
            guard limit - start >= 2 else { return nil }
            start[0] = 0x22
            start[1] = 0x22
            return start + 2
        }
        var out = start
        var runStart = 0
        var i = firstSpecial(in: bytes, from: 0)
        guard limit - out >= 1 + (i - runStart) + 7 else { return nil }
        out.pointee = 0x22
        out += 1
        while i < n {
            out.update(from: base + runStart, count: i - runStart)
            out += i - runStart
            out = writeEscape(base[i], to: out)
            runStart = i + 1
            i = firstSpecial(in: bytes, from: runStart)
            guard limit - out >= (i - runStart) + 7 else { return nil }
        }
        out.update(from: base + runStart, count: n - runStart)
        out += n - runStart
        out.pointee = 0x22
        return out + 1
    }

    private static func writeEscape(_ b: UInt8, to out: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        out[0] = 0x5C
        switch b {
        case 0x22, 0x5C: out[1] = b
        case 0x0A: out[1] = UInt8(ascii: "n")
        case 0x0D: out[1] = UInt8(ascii: "r")
        case 0x09: out[1] = UInt8(ascii: "t")
        default:
            let hex: StaticString = "0123456789abcdef"
            out[1] = UInt8(ascii: "u")
            out[2] = UInt8(ascii: "0")
            out[3] = UInt8(ascii: "0")
            out[4] = hex.utf8Start[Int(b >> 4)]
            out[5] = hex.utf8Start[Int(b & 0xF)]
            return out + 6
        }
        return out + 2
    }

    /// Decimal digits of a magnitude.
    @inline(__always)
    static func digitCount(_ value: UInt64) -> Int {
        var count = 1, v = value
        while v >= 10 { v /= 10; count += 1 }
        return count
    }

    /// Bytes of an integer in decimal.
    @inline(__always)
    static func integerCount(_ value: Int64) -> Int {
        (value < 0 ? 1 : 0) + digitCount(value.magnitude)
    }

    /// Writes an integer in decimal (as `String(value)` would) and returns the end.
    @inline(__always)
    static func writeInteger(_ value: Int64, to start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var out = start
        if value < 0 { out.pointee = UInt8(ascii: "-"); out += 1 }
        return writeDigits(value.magnitude, minimumCount: 1, to: out)
    }

    @inline(__always)
    private static func writeDigits(_ value: UInt64, minimumCount: Int, to out: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        let count = max(digitCount(value), minimumCount)
        var v = value
        var k = count
        while k > 0 {
            k -= 1
            let (q, r) = v.quotientAndRemainder(dividingBy: 10)
            out[k] = 0x30 &+ UInt8(truncatingIfNeeded: r)
            v = q
        }
        return out + count
    }

    /// Most bytes a non-integral number takes (Swift's shortest form is at most 24).
    static let maximumNumberCount = 32

    /// Bytes `writeNumber` may write: exact for integral values, an upper bound for others.
    @inline(__always)
    static func numberCount(_ value: Double) -> Int {
        if !value.isFinite { return 1 }
        if value == value.rounded(), abs(value) < 1e15 { return integerCount(Int64(value)) }
        return maximumNumberCount
    }

    /// Writes a number and returns the end: integral values below 1e15 as integers, other finite
    /// values exactly as `String(value)` (Swift's shortest round-trip form), non-finite ones as `0`.
    static func writeNumber(_ value: Double, to start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        if !value.isFinite {
            start.pointee = UInt8(ascii: "0")   // JSON has no NaN/inf; scores are always finite anyway
            return start + 1
        }
        if value == value.rounded(), abs(value) < 1e15 { return writeInteger(Int64(value), to: start) }
        if let end = writeShortDecimal(value, to: start) { return end }
        var text = value.description
        return text.withUTF8 { bytes in
            start.update(from: bytes.baseAddress!, count: bytes.count)
            return start + bytes.count
        }
    }

    /// Weights and scores are multiples of 0.5 or rounded to a few decimals, and Swift's float
    /// printing is slow next to the rest of a record. For a value `m / 10^k` (k ≤ 3, 0.001 ≤ |value|
    /// < 1e9) whose decimal form reads back as the same double, that form with the least k is the
    /// shortest round-trip form, which is what `description` prints for magnitudes in this range.
    @inline(__always)
    private static func writeShortDecimal(_ value: Double, to start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8>? {
        let magnitude = abs(value)
        guard magnitude >= 0.001, magnitude < 1e9 else { return nil }
        var scale = 1.0
        for k in 1...3 {
            scale *= 10
            let scaled = (magnitude * scale).rounded()
            guard Double(scaled) / scale == magnitude else { continue }
            let m = UInt64(scaled)
            let power = UInt64(scale)
            var out = start
            if value < 0 { out.pointee = UInt8(ascii: "-"); out += 1 }
            out = writeDigits(m / power, minimumCount: 1, to: out)
            out.pointee = UInt8(ascii: ".")
            return writeDigits(m % power, minimumCount: k, to: out + 1)
        }
        return nil
    }
}

/// A destination for JSON output: `JSONCounter` sizes a document, `JSONPointerWriter` writes it, so
/// a document is laid out once (generic over the sink) and written into a buffer of the right size.
protocol JSONSink {
    /// Bytes written as they are (punctuation and keys).
    mutating func raw(_ text: StaticString)
    mutating func string(_ value: String)
    mutating func integer(_ value: Int64)
    mutating func number(_ value: Double)
}

/// Counts the bytes a document needs (exact, except up to 32 bytes per non-integral number).
struct JSONCounter: JSONSink {
    var count = 0

    @inline(__always) mutating func raw(_ text: StaticString) { count += text.utf8CodeUnitCount }
    @inline(__always) mutating func string(_ value: String) { count += value.withUTF8Bytes(JSONOutput.quotedCount) }
    @inline(__always) mutating func integer(_ value: Int64) { count += JSONOutput.integerCount(value) }
    @inline(__always) mutating func number(_ value: Double) { count += JSONOutput.numberCount(value) }
}

/// Estimates the bytes a document needs from its strings' raw lengths (no scan for escapes).
struct JSONEstimator: JSONSink {
    var count = 0

    @inline(__always) mutating func raw(_ text: StaticString) { count += text.utf8CodeUnitCount }
    @inline(__always) mutating func string(_ value: String) { count += value.utf8.count + 2 }
    @inline(__always) mutating func integer(_ value: Int64) { count += JSONOutput.integerCount(value) }
    @inline(__always) mutating func number(_ value: Double) { count += JSONOutput.numberCount(value) }
}

/// Writes a document into memory of an estimated size, stopping if it might not fit.
struct JSONCheckedWriter: JSONSink {
    var position: UnsafeMutablePointer<UInt8>
    let limit: UnsafeMutablePointer<UInt8>
    private(set) var overflowed = false

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        position = buffer.baseAddress!
        limit = buffer.baseAddress! + buffer.count
    }

    @inline(__always) mutating func raw(_ text: StaticString) {
        guard !overflowed, limit - position >= text.utf8CodeUnitCount else { overflowed = true; return }
        position.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        position += text.utf8CodeUnitCount
    }

    @inline(__always) mutating func string(_ value: String) {
        guard !overflowed else { return }
        let start = position, limit = limit
        if let end = value.withUTF8Bytes({ JSONOutput.writeQuoted($0, to: start, limit: limit) }) {
            position = end
        } else {
            overflowed = true
        }
    }

    @inline(__always) mutating func integer(_ value: Int64) {
        guard !overflowed, limit - position >= 20 else { overflowed = true; return }
        position = JSONOutput.writeInteger(value, to: position)
    }

    @inline(__always) mutating func number(_ value: Double) {
        guard !overflowed, limit - position >= JSONOutput.maximumNumberCount else { overflowed = true; return }
        position = JSONOutput.writeNumber(value, to: position)
    }
}

/// Writes a document into memory sized by `JSONCounter`.
struct JSONPointerWriter: JSONSink {
    var position: UnsafeMutablePointer<UInt8>

    @inline(__always) mutating func raw(_ text: StaticString) {
        position.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        position += text.utf8CodeUnitCount
    }

    @inline(__always) mutating func string(_ value: String) {
        let start = position
        position = value.withUTF8Bytes { JSONOutput.writeQuoted($0, to: start) }
    }

    @inline(__always) mutating func integer(_ value: Int64) { position = JSONOutput.writeInteger(value, to: position) }
    @inline(__always) mutating func number(_ value: Double) { position = JSONOutput.writeNumber(value, to: position) }
}

/// A minimal compact JSON writer into a growing byte buffer, with the daemon's conventions (see
/// `JSONOutput`), for small documents off the hot path such as region alerts (item records use
/// `JSONCounter` and `JSONPointerWriter`).
public struct JSONWriter {
    private var out: [UInt8] = []
    private var needsComma = false

    public init() { out.reserveCapacity(1024) }

    /// The document as text.
    public func result() -> String { String(decoding: out, as: UTF8.self) }
    /// The document as UTF-8 bytes.
    public var bytes: [UInt8] { out }

    public mutating func begin() { out.append(UInt8(ascii: "{")); needsComma = false }
    public mutating func end() { out.append(UInt8(ascii: "}")); needsComma = true }
    public mutating func beginArray() { out.append(UInt8(ascii: "[")); needsComma = false }
    public mutating func endArray() { out.append(UInt8(ascii: "]")); needsComma = true }

    /// Separates array elements.
    public mutating func element() { if needsComma { out.append(UInt8(ascii: ",")) } }

    public mutating func key(_ name: String) {
        if needsComma { out.append(UInt8(ascii: ",")) }
        string(name)
        out.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func null() { out.append(contentsOf: "null".utf8); needsComma = true }
    public mutating func bool(_ value: Bool) { out.append(contentsOf: (value ? "true" : "false").utf8); needsComma = true }
    public mutating func integer(_ value: Int64) { append(JSONOutput.integerCount(value)) { JSONOutput.writeInteger(value, to: $0) } }
    public mutating func number(_ value: Double) { append(JSONOutput.numberCount(value)) { JSONOutput.writeNumber(value, to: $0) } }

    public mutating func string(_ value: String) {
        value.withUTF8Bytes { bytes in
            append(JSONOutput.quotedCount(bytes)) { JSONOutput.writeQuoted(bytes, to: $0) }
        }
    }

    /// Appends at most `count` bytes written by `body`, which returns the end of what it wrote.
    private mutating func append(_ count: Int, _ body: (UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8>) {
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: count))
        let written = out.withUnsafeMutableBufferPointer { buffer in body(buffer.baseAddress! + start) - (buffer.baseAddress! + start) }
        out.removeLast(count - written)
        needsComma = true
    }
}
