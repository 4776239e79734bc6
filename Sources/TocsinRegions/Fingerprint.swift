/// SimHash text fingerprints: near-identical texts get fingerprints a few bits apart.
///
/// Features are word shingles (runs of `shingleSize` consecutive words) of the lowercased text;
/// each is hashed with `StableHash`, and bit *i* of the fingerprint is set when more features have
/// bit *i* set than clear. Rewording a sentence changes only the shingles that touch it, so the
/// vote on most bits stays the same; unrelated texts agree on about half the bits by chance.
///
/// Fingerprints are published and compared across versions, so the value for a given text must
/// never change: `FingerprintTests` checks this implementation against the original one.
enum Fingerprint {
    static let shingleSize = 3

    /// The SimHash of the title's and the body's shingles (shingles do not span the two).
    static func simHash(title: String?, body: String?) -> UInt64 {
        var votes = BitVotes()
        if let title { addShingles(of: title, to: &votes) }
        if let body { addShingles(of: body, to: &votes) }
        return votes.majority
    }

    /// Bits that differ between two fingerprints.
    static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }

    /// Words are maximal runs of letters and digits, lowercased, with apostrophes inside a word
    /// dropped (so `Pakistan's` and `Pakistan’s` are the same word). A word's hash is `StableHash`
    /// of its lowercased UTF-8; a text shorter than a shingle is one feature.
    private static func addShingles(of text: String, to votes: inout BitVotes) {
        var text = text   // `withUTF8` makes a bridged string native; a native one is not copied
        // The tables are read once here, not per byte: each read of a static is a `swift_once` call.
        let (ascii, table) = (WordChars.ascii, WordChars.table)
        ascii.withUnsafeBufferPointer { ascii in
            table.withUnsafeBufferPointer { table in
                text.withUTF8 { addShingles(of: $0, ascii: ascii, table: table, to: &votes) }
            }
        }
    }

    private static func addShingles(
        of bytes: UnsafeBufferPointer<UInt8>, ascii: UnsafeBufferPointer<UInt8>, table: UnsafeBufferPointer<Lowered>,
        to votes: inout BitVotes
    ) {
        var shingles = Shingles()
        var word = WordHash()
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                let lower = ascii[Int(b)]
                if lower > WordChars.apostrophe {
                    word.update(lower)
                } else if lower == 0, word.started {
                    shingles.add(word.finish(), to: &votes)
                }
                continue
            }
            let (scalar, length) = decodeScalar(bytes, at: i)
            i += length
            let lower = scalar < WordChars.tableLimit ? table[Int(scalar)] : WordChars.classify(scalar)
            if lower.isWord {
                lower.forEachByte { word.update($0) }
            } else if lower.isLong {
                word.begin()   // a letter starts a word even if its lowercase form were empty
                for byte in Unicode.Scalar(scalar)!.properties.lowercaseMapping.utf8 { word.update(byte) }
            } else if lower.isBoundary, word.started {
                shingles.add(word.finish(), to: &votes)
            }
        }
        if word.started { shingles.add(word.finish(), to: &votes) }
        shingles.finish(into: &votes)
    }

    /// The scalar starting at `i` of valid UTF-8 (a `String`'s), and its length in bytes.
    @inline(__always)
    private static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
        let b0 = UInt32(bytes[i])
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 { return ((b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F), 3) }
        return ((b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                | UInt32(bytes[i + 3] & 0x3F), 4)
    }
}

/// `StableHash` of one word, fed byte by byte; `started` tells whether the word has any byte yet.
private struct WordHash {
    private var hash = StableHash()
    private(set) var started = false

    @inline(__always) mutating func update(_ byte: UInt8) {
        hash.update(byte: byte)
        started = true
    }

    @inline(__always) mutating func begin() { started = true }

    /// The word's hash; resets for the next word.
    @inline(__always) mutating func finish() -> UInt64 {
        defer { self = WordHash() }
        return hash.finish()
    }
}

/// Turns a text's word hashes into shingle features as they come, keeping only the last two words.
private struct Shingles {
    private var first: UInt64 = 0
    private var second: UInt64 = 0
    private var words = 0
    private static let seed: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inline(__always) private static func step(_ h: UInt64, _ word: UInt64) -> UInt64 {
        StableHash.mix(h ^ word) &* seed
    }

    @inline(__always) mutating func add(_ word: UInt64, to votes: inout BitVotes) {
        words += 1
        if words >= Fingerprint.shingleSize {
            votes.add(StableHash.mix(Self.step(Self.step(Self.step(Self.seed, first), second), word)))
        }
        first = second
        second = word
    }

    /// A text of one or two words is a single feature of all of them.
    mutating func finish(into votes: inout BitVotes) {
        switch words {
        case 1: votes.add(StableHash.mix(Self.step(Self.seed, second)))
        case 2: votes.add(StableHash.mix(Self.step(Self.step(Self.seed, first), second)))
        default: break
        }
    }
}

/// Per-bit counts of features with the bit set, kept as bit planes (plane *k* holds bit *k* of
/// all 64 counts): adding a feature is a ripple-carry add that usually stops after a plane or two,
/// instead of 64 separate counter updates.
private struct BitVotes {
    private var planes = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0),
                          UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0),
                          UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0),
                          UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
    private static let planeCount = 32
    private var features = 0

    @inline(__always) mutating func add(_ feature: UInt64) {
        features += 1
        withUnsafeMutableBytes(of: &planes) { raw in
            let plane = raw.baseAddress!.assumingMemoryBound(to: UInt64.self)
            var carry = feature
            var k = 0
            while carry != 0, k < Self.planeCount {
                let sum = plane[k] ^ carry
                carry &= plane[k]
                plane[k] = sum
                k += 1
            }
        }
    }

    /// Bit *i* set when more than half the features have bit *i* set; 0 when there are none.
    var majority: UInt64 {
        guard features > 0 else { return 0 }
        return withUnsafeBytes(of: planes) { raw in
            let plane = raw.baseAddress!.assumingMemoryBound(to: UInt64.self)
            var result: UInt64 = 0
            for bit in 0..<64 {
                var count = 0
                for k in 0..<Self.planeCount { count |= Int((plane[k] >> UInt64(bit)) & 1) << k }
                if 2 * count > features { result |= 1 << UInt64(bit) }
            }
            return result
        }
    }
}
