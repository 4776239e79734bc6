/// Turns raw literal and regex matches into whole-phrase matches: checks word boundaries, extends
/// `*` endings to the end of the word, and joins the segments of `a ~N b` phrases. Reuses its
/// buffers between items.
struct PhraseMatcher {
    /// A whole match of a phrase or regex, in normalised byte offsets.
    struct Found {
        var target: RuleSet.PatternTarget
        var start: Int
        var end: Int
    }

    let table: MatchTable
    /// Whole matches found in the current item, in no particular order.
    private(set) var found: [Found] = []
    /// Occurrences of each segment of multi-segment phrases, and which phrases have any.
    private var occurrences: [[(start: Int, end: Int)]]
    private var touchedPhrases: [Int] = []
    private var phraseTouched: [Bool]

    init(table: MatchTable) {
        self.table = table
        occurrences = Array(repeating: [], count: table.segmentPhrase.count)
        phraseTouched = Array(repeating: false, count: table.phrases.count)
        found.reserveCapacity(64)
    }

    mutating func resolve(_ matches: UnsafeBufferPointer<RawMatch>, in text: ScoredText) {
        text.normalized.withUnsafeBufferPointer { all in
            resolve(matches, in: UnsafeBufferPointer(rebasing: all[0..<text.count]))
        }
    }

    private mutating func resolve(_ matches: UnsafeBufferPointer<RawMatch>, in text: UnsafeBufferPointer<UInt8>) {
        @inline(__always) func isWord(_ position: Int) -> Bool { ScoredText.isWordCharacter(at: position, in: text) }
        found.removeAll(keepingCapacity: true)
        let literals = table.literals, refs = table.refs, segmentPhrase = table.segmentPhrase, phrases = table.phrases
        let literalCount = literals.count
        for match in matches {
            let id = Int(match.id)
            guard id < literalCount else {
                found.append(Found(target: table.regexTargets[id - literalCount], start: match.from, end: match.to))
                continue
            }
            let entry = literals[id]
            let start = match.to - entry.length
            if entry.checkStart, isWord(start - 1) { continue }
            let boundaryAfter = !entry.checkEnd || !isWord(match.to)
            for r in entry.firstRef..<(entry.firstRef + entry.refCount) {
                let ref = refs[r]
                var end = match.to
                if ref.openEnd {
                    while isWord(end) { end += 1 }
                } else if !boundaryAfter {
                    continue
                }
                let phrase = segmentPhrase[ref.segment]
                if phrases[phrase].segmentCount == 1 {
                    found.append(Found(target: phrases[phrase].target, start: start, end: end))
                } else if ref.segment > phrases[phrase].firstSegment, occurrences[ref.segment - 1].isEmpty {
                    // Literal matches arrive in order of their end, so the previous segment of a
                    // chain this occurrence could complete has been seen already; none means no chain.
                    continue
                } else {
                    occurrences[ref.segment].append((start, end))
                    if !phraseTouched[phrase] {
                        phraseTouched[phrase] = true
                        touchedPhrases.append(phrase)
                    }
                }
            }
        }
        for phrase in touchedPhrases {
            join(phrase, in: text)
            phraseTouched[phrase] = false
            let p = table.phrases[phrase]
            for segment in p.firstSegment..<(p.firstSegment + p.segmentCount) {
                occurrences[segment].removeAll(keepingCapacity: true)
            }
        }
        touchedPhrases.removeAll(keepingCapacity: true)
    }

    /// Finds non-overlapping, leftmost chains of the phrase's segments with acceptable gaps.
    private mutating func join(_ phrase: Int, in text: UnsafeBufferPointer<UInt8>) {
        let p = table.phrases[phrase]
        for segment in p.firstSegment..<(p.firstSegment + p.segmentCount) {
            if occurrences[segment].isEmpty { return }
            if occurrences[segment].count > 1 { occurrences[segment].sort { ($0.start, $0.end) < ($1.start, $1.end) } }
        }
        var resumeAt = 0
        for first in occurrences[p.firstSegment] where first.start >= resumeAt {
            var end = first.end
            var complete = true
            for k in 1..<p.segmentCount {
                let maxWords = table.gaps[p.firstGap + k - 1]
                var next = -1
                for occurrence in occurrences[p.firstSegment + k] where occurrence.start >= end {
                    if Self.gapFits(from: end, to: occurrence.start, maxWords: maxWords, in: text) {
                        next = occurrence.end
                    }
                    break   // later occurrences only have longer gaps
                }
                guard next >= 0 else {
                    complete = false
                    break
                }
                end = next
            }
            if complete {
                found.append(Found(target: p.target, start: first.start, end: end))
                resumeAt = end
            }
        }
    }

    /// Whether the text between two segments holds at most `maxWords` words and no sentence or
    /// paragraph break (`.` `!` `?` `;` or a line break).
    private static func gapFits(from: Int, to: Int, maxWords: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        var words = 0
        var inWord = false
        for i in from..<to {
            switch text[i] {
            case 0x0A, 0x2E, 0x21, 0x3F, 0x3B: return false
            case 0x20:
                inWord = false
            default:
                if !inWord {
                    words += 1
                    if words > maxWords { return false }
                    inWord = true
                }
            }
        }
        return true
    }
}
