/// What a match stands for, packed into one integer for the per-match tables: signal rule `r` is
/// `r`, country `c` is `~c` (negative).
struct MatchTarget: Sendable, Equatable, BitwiseCopyable {
    var raw: Int32

    init(_ target: RuleSet.PatternTarget) {
        switch target {
        case let .signal(rule): raw = Int32(rule)
        case let .country(country): raw = ~Int32(country)
        }
    }

    var target: RuleSet.PatternTarget { raw >= 0 ? .signal(Int(raw)) : .country(Int(~raw)) }
}

/// How Hyperscan match ids map back to phrases, segments and what they stand for.
///
/// Ids `0..<literals.count` are literal strings expanded from phrases (one id per distinct string
/// and case mode, shared by every phrase that uses it); the ids after them are `regex:` patterns.
/// The tables are flat arrays of small plain values so the per-match lookups do no reference
/// counting and stay in cache.
struct MatchTable: Sendable {
    /// One literal string in the database; its users are `refs[firstRef ..< firstRef + refCount]`.
    struct LiteralEntry: Sendable, BitwiseCopyable {
        var length: Int32          // in bytes, so a match's start is its end minus this
        var firstRef: Int32
        var refCount: Int32
        var checkStart: Bool       // starts with a letter or digit: needs a word boundary before it
        var checkEnd: Bool         // ends with a letter or digit: needs a word boundary after it

        init(length: Int, checkStart: Bool, checkEnd: Bool, firstRef: Int, refCount: Int) {
            self.length = Int32(length)
            self.firstRef = Int32(firstRef)
            self.refCount = Int32(refCount)
            self.checkStart = checkStart
            self.checkEnd = checkEnd
        }
    }

    /// A segment that uses a literal; `openEnd` means the phrase had `*` here. The phrase's
    /// details are copied in by `resolveRefs()` so a match needs no further lookups.
    struct LiteralRef: Sendable, BitwiseCopyable {
        var segment: Int32
        var openEnd: Bool
        /// The phrase has this one segment: a match is a whole match.
        var single = false
        /// The segment is its phrase's first.
        var first = false
        var phrase: Int32 = 0
        var target = MatchTarget(.signal(0))

        init(segment: Int, openEnd: Bool) {
            self.segment = Int32(segment)
            self.openEnd = openEnd
        }
    }

    /// A phrase: segments `firstSegment ..< firstSegment + segmentCount`, separated by gaps of up
    /// to `gaps[firstGap ..< firstGap + segmentCount - 1]` words.
    struct Phrase: Sendable, BitwiseCopyable {
        var target: MatchTarget
        var firstSegment: Int32
        var segmentCount: Int32
        var firstGap: Int32

        init(target: RuleSet.PatternTarget, firstSegment: Int, segmentCount: Int, firstGap: Int) {
            self.target = MatchTarget(target)
            self.firstSegment = Int32(firstSegment)
            self.segmentCount = Int32(segmentCount)
            self.firstGap = Int32(firstGap)
        }
    }

    var literals: [LiteralEntry] = []
    var refs: [LiteralRef] = []
    var regexTargets: [MatchTarget] = []
    /// The phrase each segment belongs to.
    var segmentPhrase: [Int] = []
    var phrases: [Phrase] = []
    var gaps: [Int] = []

    /// Copies each ref's phrase details into it (once all phrases are added).
    mutating func resolveRefs() {
        for i in refs.indices {
            let phrase = segmentPhrase[Int(refs[i].segment)]
            refs[i].phrase = Int32(phrase)
            refs[i].target = phrases[phrase].target
            refs[i].single = phrases[phrase].segmentCount == 1
            refs[i].first = refs[i].segment == phrases[phrase].firstSegment
        }
    }
}
