/// A small stable 64-bit hash (FNV-1a with a MurmurHash3 finaliser) for fingerprints and alert ids.
///
/// Swift's `Hasher` is seeded per process, so it cannot be used for anything that must match across
/// restarts; `TocsinRules`' XXH64 is internal to that module. FNV-1a alone mixes its high bits
/// poorly on short inputs, and SimHash needs every bit to be an independent coin flip, hence the
/// finaliser.
struct StableHash {
    private static let offset: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    private var state = StableHash.offset

    init() {}

    @inline(__always) mutating func update(byte: UInt8) {
        state = (state ^ UInt64(byte)) &* Self.prime
    }

    mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes { update(byte: byte) }
    }

    /// Adds a string then a 0xFF byte (never in UTF-8), so adjacent fields cannot run together.
    mutating func updateField(_ text: String) {
        update(text.utf8)
        update(byte: 0xFF)
    }

    /// Adds an integer as eight little-endian bytes, then a separator.
    mutating func updateField(_ value: Int64) {
        var v = UInt64(bitPattern: value)
        for _ in 0..<8 { update(byte: UInt8(truncatingIfNeeded: v)); v >>= 8 }
        update(byte: 0xFF)
    }

    func finish() -> UInt64 { Self.mix(state) }

    /// MurmurHash3's fmix64: a bijection that spreads every input bit over the whole word.
    @inline(__always) static func mix(_ value: UInt64) -> UInt64 {
        var k = value
        k ^= k >> 33
        k = k &* 0xFF51_AFD7_ED55_8CCD
        k ^= k >> 33
        k = k &* 0xC4CE_B9FE_1A85_EC53
        k ^= k >> 33
        return k
    }

    /// Sixteen lowercase hex digits, most significant first.
    static func hex(_ value: UInt64) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 16)
        for k in 0..<16 { out[k] = digits[Int(truncatingIfNeeded: value >> UInt64(60 - 4 * k)) & 0xF] }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses exactly sixteen hex digits (either case).
    static func parseHex(_ text: String) -> UInt64? {
        guard text.utf8.count == 16 else { return nil }
        return UInt64(text, radix: 16)
    }
}
