/// Turns raw literal and regex matches into whole-phrase matches: checks word boundaries, extends
/// `*` endings to the end of the word, and joins the segments of `a ~N b` phrases.
///
/// It keeps its own copy of the match tables and all per-item state in manually managed memory
/// (reused between items), so the per-match work does no reference counting, uniqueness checks or
/// allocation. The owning `Scorer` calls `deallocate()`.
struct PhraseMatcher {
    /// A whole match of a phrase or regex, in normalised byte offsets.
    struct Found: BitwiseCopyable {
        var target: MatchTarget
        var start: Int
        var end: Int
    }

    /// An occurrence of one segment of a multi-segment phrase.
    private struct Occurrence: BitwiseCopyable {
        var segment: Int32
        var start: Int
        var end: Int
    }

    private let literals: ScratchBuffer<MatchTable.LiteralEntry>
    private let refs: ScratchBuffer<MatchTable.LiteralRef>
    private let phrases: ScratchBuffer<MatchTable.Phrase>
    private let gaps: ScratchBuffer<Int>
    private let regexTargets: ScratchBuffer<MatchTarget>

    /// Whole matches found in the current item, in the order they were found.
    private(set) var found = ScratchBuffer<Found>(capacity: 64)
    /// Segment occurrences in the order found, then grouped by segment into `grouped`.
    private var occurrences = ScratchBuffer<Occurrence>(capacity: 64)
    private var grouped = ScratchBuffer<Occurrence>(capacity: 64)
    /// Per segment: occurrences in the current item, and where its group starts in `grouped`.
    private let segmentCount: ScratchBuffer<Int32>
    private let segmentStart: ScratchBuffer<Int32>
    /// Phrases with occurrences, in the order first seen.
    private var touchedPhrases = ScratchBuffer<Int32>(capacity: 16)
    private let phraseTouched: ScratchBuffer<Bool>

    init(table: MatchTable) {
        func copy<T: BitwiseCopyable>(_ array: [T]) -> ScratchBuffer<T> {
            var buffer = ScratchBuffer<T>(capacity: array.count)
            for element in array { buffer.append(element) }
            return buffer
        }
        literals = copy(table.literals)
        refs = copy(table.refs)
        phrases = copy(table.phrases)
        gaps = copy(table.gaps)
        regexTargets = copy(table.regexTargets)
        segmentCount = ScratchBuffer(repeating: 0, count: table.segmentPhrase.count)
        segmentStart = ScratchBuffer(repeating: 0, count: table.segmentPhrase.count)
        phraseTouched = ScratchBuffer(repeating: false, count: table.phrases.count)
    }

    func deallocate() {
        literals.deallocate()
        refs.deallocate()
        phrases.deallocate()
        gaps.deallocate()
        regexTargets.deallocate()
        found.deallocate()
        occurrences.deallocate()
        grouped.deallocate()
        segmentCount.deallocate()
        segmentStart.deallocate()
        touchedPhrases.deallocate()
        phraseTouched.deallocate()
    }

    /// Resolves one item's raw matches (literal matches arrive in order of their end) into `found`.
    mutating func resolve(_ matches: UnsafeBufferPointer<RawMatch>, in text: UnsafeBufferPointer<UInt8>) {
        @inline(__always) func isWord(_ position: Int) -> Bool { ScoredText.isWordCharacter(at: position, in: text) }
        found.removeAll()
        let literalCount = literals.count
        for match in matches {
            let id = Int(match.id)
            guard id < literalCount else {
                found.append(Found(target: regexTargets[id - literalCount], start: match.from, end: match.to))
                continue
            }
            let entry = literals[id]
            let start = match.to - Int(entry.length)
            if entry.checkStart, isWord(start - 1) { continue }
            let boundaryAfter = !entry.checkEnd || !isWord(match.to)
            let firstRef = Int(entry.firstRef)
            for r in firstRef..<(firstRef + Int(entry.refCount)) {
                let ref = refs[r]
                var end = match.to
                if ref.openEnd {
                    while isWord(end) { end += 1 }
                } else if !boundaryAfter {
                    continue
                }
                if ref.single {
                    found.append(Found(target: ref.target, start: start, end: end))
                } else if !ref.first, segmentCount[Int(ref.segment) - 1] == 0 {
                    // Literal matches arrive in order of their end, so the previous segment of a
                    // chain this occurrence could complete has been seen already; none means no chain.
                    continue
                } else {
                    occurrences.append(Occurrence(segment: ref.segment, start: start, end: end))
                    segmentCount[Int(ref.segment)] += 1
                    if !phraseTouched[Int(ref.phrase)] {
                        phraseTouched[Int(ref.phrase)] = true
                        touchedPhrases.append(ref.phrase)
                    }
                }
            }
        }
        guard !touchedPhrases.isEmpty else { return }
        // Only phrases with an occurrence of their last segment can complete (an occurrence is
        // only kept when the segment before it has one); forget the others now, keeping the order.
        var candidates = 0
        for index in 0..<touchedPhrases.count {
            let phrase = Int(touchedPhrases[index])
            let p = phrases[phrase]
            if segmentCount[Int(p.firstSegment + p.segmentCount) - 1] > 0 {
                touchedPhrases[candidates] = Int32(phrase)
                candidates += 1
            } else {
                clear(phrase)
            }
        }
        touchedPhrases.count = candidates
        if candidates > 0 {
            groupOccurrences()
            for index in 0..<touchedPhrases.count {
                let phrase = Int(touchedPhrases[index])
                join(phrase, in: text)
                clear(phrase)
            }
        }
        touchedPhrases.removeAll()
        occurrences.removeAll()
    }

    /// Resets a touched phrase's per-item state.
    @inline(__always)
    private func clear(_ phrase: Int) {
        phraseTouched[phrase] = false
        let p = phrases[phrase]
        for segment in Int(p.firstSegment)..<Int(p.firstSegment + p.segmentCount) { segmentCount[segment] = 0 }
    }

    /// Lays the occurrences of the candidate phrases (`touchedPhrases`) out in `grouped`, each
    /// segment's together, in the order they were found.
    private mutating func groupOccurrences() {
        var offset: Int32 = 0
        for index in 0..<touchedPhrases.count {
            let p = phrases[Int(touchedPhrases[index])]
            for segment in Int(p.firstSegment)..<Int(p.firstSegment + p.segmentCount) {
                segmentStart[segment] = offset
                offset += segmentCount[segment]
            }
        }
        grouped.reserve(Int(offset))
        grouped.count = Int(offset)
        for index in 0..<occurrences.count {
            let occurrence = occurrences[index]
            let segment = Int(occurrence.segment)
            if segmentCount[segment] == 0 { continue }   // a phrase that cannot complete
            grouped[Int(segmentStart[segment])] = occurrence
            segmentStart[segment] += 1
        }
        // Each start now points past its group; move it back.
        for index in 0..<touchedPhrases.count {
            let p = phrases[Int(touchedPhrases[index])]
            for segment in Int(p.firstSegment)..<Int(p.firstSegment + p.segmentCount) {
                segmentStart[segment] -= segmentCount[segment]
            }
        }
    }

    /// The occurrences of a segment in `grouped`.
    @inline(__always)
    private func group(_ segment: Int) -> Range<Int> {
        let start = Int(segmentStart[segment])
        return start..<(start + Int(segmentCount[segment]))
    }

    /// Finds non-overlapping, leftmost chains of the phrase's segments with acceptable gaps.
    private mutating func join(_ phrase: Int, in text: UnsafeBufferPointer<UInt8>) {
        let p = phrases[phrase]
        let firstSegment = Int(p.firstSegment), segments = Int(p.segmentCount)
        for segment in firstSegment..<(firstSegment + segments) {
            let range = group(segment)
            if range.isEmpty { return }
            if range.count > 1 { grouped.stableSort(range) { ($0.start, $0.end) < ($1.start, $1.end) } }
        }
        var resumeAt = 0
        for f in group(firstSegment) {
            let first = grouped[f]
            guard first.start >= resumeAt else { continue }
            var end = first.end
            var complete = true
            for k in 1..<segments {
                let maxWords = gaps[Int(p.firstGap) + k - 1]
                var next = -1
                for o in group(firstSegment + k) {
                    let occurrence = grouped[o]
                    guard occurrence.start >= end else { continue }
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

    /// Whether the text between two segments holds at most `maxWords` words and no sentence break
    /// (see `Sentences`, shared with modifier scopes).
    private static func gapFits(from: Int, to: Int, maxWords: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        Sentences.words(from: from, to: to, limit: maxWords, in: text) != nil
    }
}
