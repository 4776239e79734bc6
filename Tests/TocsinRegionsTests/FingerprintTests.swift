import Testing
@testable import TocsinRegions

/// The byte-level SimHash must give the same fingerprint, bit for bit, as the original
/// scalar-by-scalar one for every text: fingerprints are published and compared across versions.
@Suite struct FingerprintTests {
    @Test func matchesTheOriginalOnFixedTexts() {
        let texts: [String?] = [
            nil, "", " ", "a", "A", "one", "two words", "three words here", "Ünïcödé", "’", "'", "''a''", "a'", "'a",
            "Pakistan's", "Pakistan’s", "Pakistanʼs", "PAKISTAN’S army", "it’s ’tis", "rock ’n’ roll",
            "Line one\r\nLine two\r\n\r\nLine three", "tab\tseparated\tvalues", "“Quoted” — dashes – here…",
            "naïve café résumé Zürich Kraków Đorđe Łódź İstanbul ǅemal ß Straße ΣΊΣΥΦΟΣ ΌΣΟΣ", "Ⅻ ½ ٣ ७ ①",
            "Москва заявила о ракетном ударе", "北京 報道 東京", "emoji 🚀 between 👩‍👩‍👧 words 🇺🇦", "x\u{0}y\u{7F}z",
            "e\u{301}cole cafe\u{301}", "ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ", "a1b2 3c 4.5 6,7", "___ --- ...", "x’", "’x",
            wireTitle, wireBody, paperTitle, paperBody, portalTitle, portalBody,
        ]
        for title in texts {
            for body in texts {
                #expect(Fingerprint.simHash(title: title, body: body) == ReferenceFingerprint.simHash(title: title, body: body),
                        "title \(String(describing: title)), body \(String(describing: body))")
            }
        }
    }

    @Test func matchesTheOriginalOnRandomTexts() {
        // Pieces chosen to hit every branch: ASCII letters in both cases, digits, apostrophes in
        // and out of words, typographic punctuation, accents (precomposed and combining), other
        // scripts, emoji, whitespace of every kind and control characters.
        let pieces = [
            "the", "The", "SHELLING", "42", "x", "'", "’", "ʼ", " ", "  ", "\n", "\r\n", "\t", ",", ".", "—", "–", "“", "”",
            "«", "»", "é", "E\u{301}", "Ö", "ß", "İ", "ǅ", "Σ", "ς", "Ж", "ж", "ع", "३", "中", "🚀", "👍🏽", "\u{0}", "\u{1F}",
            "\u{A0}", "\u{2028}", "½", "Ⅻ", "ﬁ", "ᾈ", "Ω", "K", "Å", "\u{10FFFF}", "\u{E000}", "-", "_", "’s", "s’",
        ]
        var state: UInt64 = 0x1234_5678
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        func text() -> String? {
            if next(10) == 0 { return nil }
            return (0..<next(40)).map { _ in pieces[next(pieces.count)] }.joined(separator: next(3) == 0 ? "" : " ")
        }
        for _ in 0..<3000 {
            let title = text(), body = text()
            #expect(Fingerprint.simHash(title: title, body: body) == ReferenceFingerprint.simHash(title: title, body: body),
                    "title \(String(describing: title)), body \(String(describing: body))")
        }
    }

    @Test func matchesTheOriginalOnEveryBMPScalarAndManyOthers() {
        // Each scalar alone and between words, so a misclassified character anywhere shows.
        for value in Array(UInt32(0)...0xFFFF) + Array(stride(from: UInt32(0x10000), to: 0x110000, by: 7)) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "ab \(scalar)c de\(scalar) fg \(scalar)"
            #expect(Fingerprint.simHash(title: text, body: nil) == ReferenceFingerprint.simHash(title: text, body: nil),
                    "U+\(String(value, radix: 16))")
        }
    }
}

/// The original implementation, kept verbatim as the reference.
private enum ReferenceFingerprint {
    static let shingleSize = 3

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
