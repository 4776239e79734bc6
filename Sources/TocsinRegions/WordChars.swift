/// What each character is to `Fingerprint`'s words, precomputed: the per-scalar Unicode property
/// lookups (alphabetic, numeric, lowercase mapping) cost far more than the rest of the hashing.
///
/// Apostrophes (`'`, `’`, `ʼ`) never end a word: inside one they are dropped, outside one there
/// is no word to end. Every other character that is not a letter or digit ends the current word.
enum WordChars {
    /// For each ASCII byte: its lowercase form for letters and digits, `apostrophe` for `'`, else 0.
    static let ascii: [UInt8] = (0..<128).map { (b: UInt8) -> UInt8 in
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): b
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): b | 0x20
        case UInt8(ascii: "'"): apostrophe
        default: 0
        }
    }

    /// Below every letter and digit, and not 0.
    static let apostrophe = UInt8(ascii: "'")

    /// Scalars below this are looked up in `table`; the rest (CJK, emoji, ...) are classified as
    /// they come. It covers Latin, Greek, Cyrillic, Arabic, Indic scripts and general punctuation.
    static let tableLimit: UInt32 = 0x3000
    static let table: [Lowered] = (0..<tableLimit).map { classify($0) }

    /// The original per-scalar rule, for non-ASCII scalars (ASCII goes through `ascii`).
    static func classify(_ value: UInt32) -> Lowered {
        guard let scalar = Unicode.Scalar(value) else { return .boundary }
        if value == 0x2019 || value == 0x02BC { return .apostrophe }   // ’ and ʼ
        guard scalar.properties.isAlphabetic || scalar.properties.numericType != nil else { return .boundary }
        return Lowered(word: Array(scalar.properties.lowercaseMapping.utf8))
    }
}

/// A character's role in a word, packed in one word: the low byte is the kind (or, for letters
/// and digits, the length of the lowercase UTF-8, up to 7 bytes), the bytes above it that UTF-8.
struct Lowered: Sendable {
    private let raw: UInt64
    private static let boundaryKind: UInt64 = 0
    private static let apostropheKind: UInt64 = 0xFF
    /// A lowercase form too long to pack: the caller recomputes it.
    private static let longKind: UInt64 = 0xFE

    private init(raw: UInt64) { self.raw = raw }

    static let boundary = Lowered(raw: boundaryKind)
    static let apostrophe = Lowered(raw: apostropheKind)

    init(word bytes: [UInt8]) {
        guard !bytes.isEmpty, bytes.count <= 7 else {
            // An empty lowercase mapping cannot happen for a letter; treat it like the long case
            // so the caller's recomputation decides, exactly as the original rule would.
            raw = Self.longKind
            return
        }
        var packed = UInt64(bytes.count)
        for (k, byte) in bytes.enumerated() { packed |= UInt64(byte) << UInt64(8 * (k + 1)) }
        raw = packed
    }

    var isWord: Bool { raw & 0xFF != Self.boundaryKind && raw & 0xFF < Self.longKind }
    var isLong: Bool { raw == Self.longKind }
    var isBoundary: Bool { raw == Self.boundaryKind }

    @inline(__always) func forEachByte(_ body: (UInt8) -> Void) {
        let count = Int(raw & 0xFF)
        var rest = raw >> 8
        for _ in 0..<count {
            body(UInt8(truncatingIfNeeded: rest))
            rest >>= 8
        }
    }
}
