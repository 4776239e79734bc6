/// Sentence and word boundaries in the normalised text. `~N` gaps and modifier scopes both use
/// these, so "the same sentence" and "N words" mean one thing everywhere.
///
/// A sentence ends at `;`, `!`, `?`, a line break, or a `.` that ends a sentence: one followed by
/// a space or the end of the text, not by a lower-case word ("the U.S. troops"), and not closing
/// an initial ("U.S.", "J. Smith"). A word is a run of non-space bytes with a letter or digit, so
/// a comma or quote standing apart is not a word.
enum Sentences {
    /// Whether the byte at `i` ends a sentence.
    @inline(__always)
    static func isBreak(at i: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        switch text[i] {
        case 0x0A, 0x21, 0x3F, 0x3B: return true
        case 0x2E: return isFullStop(at: i, in: text)
        default: return false
        }
    }

    private static func isFullStop(at i: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = text.count
        guard i + 1 < n else { return true }
        let next = text[i + 1]
        if next == 0x0A { return true }
        guard next == 0x20 else { return false }                        // "3.5", "U.S", "a.m.,"
        if i + 2 < n, text[i + 2] &- 0x61 < 26 { return false }        // ". lower-case": an abbreviation
        // "U.S." / "J." : a single letter after a space, a dot or the start is an initial.
        if i >= 1, isLetter(text[i - 1]), i == 1 || text[i - 2] == 0x2E || text[i - 2] == 0x20 { return false }
        return true
    }

    @inline(__always)
    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }

    @inline(__always)
    private static func isWordByte(_ b: UInt8) -> Bool { b >= 0x80 || b &- 0x30 < 10 || (b | 0x20) &- 0x61 < 26 }

    /// The number of words in `text[from..<to]`, or nil when there are more than `limit` or a
    /// sentence ends in between. Stops as soon as either is known, so the cost is bounded by
    /// `limit` words however far apart the ends are.
    static func words(from: Int, to: Int, limit: Int, in text: UnsafeBufferPointer<UInt8>) -> Int? {
        var words = 0
        var inWord = false
        var i = from
        while i < to {
            let b = text[i]
            if b == 0x20 {
                inWord = false
            } else if isBreak(at: i, in: text) {
                return nil
            } else if !inWord, isWordByte(b) {
                inWord = true
                words += 1
                if words > limit { return nil }
            }
            i += 1
        }
        return words
    }
}
