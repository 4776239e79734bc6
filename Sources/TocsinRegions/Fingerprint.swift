/// SimHash text fingerprints: near-identical texts get fingerprints a few bits apart.
///
/// Features are word shingles (runs of `shingleSize` consecutive words) of the lowercased text;
/// each is hashed with `StableHash`, and bit *i* of the fingerprint is set when more features have
/// bit *i* set than clear. Rewording a sentence changes only the shingles that touch it, so the
/// vote on most bits stays the same; unrelated texts agree on about half the bits by chance.
enum Fingerprint {
    static let shingleSize = 3

    /// The SimHash of the title's and the body's shingles (shingles do not span the two).
    static func simHash(title: String?, body: String?) -> UInt64 {
        var votes = [Int32](repeating: 0, count: 64)
        var features = 0
        for text in [title, body] {
            guard let text else { continue }
            let words = wordHashes(text)
            forEachShingle(words) { feature in
                features += 1
                for bit in 0..<64 { votes[bit] += (feature >> UInt64(bit)) & 1 == 1 ? 1 : -1 }
            }
        }
        guard features > 0 else { return 0 }
        var result: UInt64 = 0
        for bit in 0..<64 where votes[bit] > 0 { result |= 1 << UInt64(bit) }
        return result
    }

    /// Bits that differ between two fingerprints.
    static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }

    /// Calls `body` with each shingle's hash; a text shorter than a shingle is one feature.
    static func forEachShingle(_ words: [UInt64], _ body: (UInt64) -> Void) {
        guard !words.isEmpty else { return }
        let size = min(shingleSize, words.count)
        for start in 0...(words.count - size) {
            var h: UInt64 = 0x9E37_79B9_7F4A_7C15
            for word in words[start..<(start + size)] {
                h = StableHash.mix(h ^ word) &* 0x9E37_79B9_7F4A_7C15
            }
            body(StableHash.mix(h))
        }
    }

    /// The hash of each word: maximal runs of letters and digits, lowercased, with apostrophes
    /// inside a word dropped (so `Pakistan's` and `Pakistan’s` are the same word).
    static func wordHashes(_ text: String) -> [UInt64] {
        var words: [UInt64] = []
        var hash = StableHash()
        var inWord = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                let b = UInt8(truncatingIfNeeded: v)
                switch b {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    hash.update(byte: b); inWord = true; continue
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    hash.update(byte: b | 0x20); inWord = true; continue
                case UInt8(ascii: "'"):
                    if inWord { continue }
                default: break
                }
            } else if v == 0x2019 || v == 0x02BC {   // ’ and ʼ: apostrophes, as above
                if inWord { continue }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                for lower in scalar.properties.lowercaseMapping.utf8 { hash.update(byte: lower) }
                inWord = true
                continue
            }
            if inWord { words.append(hash.finish()); hash = StableHash(); inWord = false }
        }
        if inWord { words.append(hash.finish()) }
        return words
    }
}
