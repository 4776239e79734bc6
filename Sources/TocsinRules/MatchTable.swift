/// How Hyperscan match ids map back to phrases, segments and what they stand for.
///
/// Ids `0..<literals.count` are literal strings expanded from phrases (one id per distinct string
/// and case mode, shared by every phrase that uses it); the ids after them are `regex:` patterns.
/// The tables are flat arrays of plain values so the per-match lookups do no reference counting.
struct MatchTable: Sendable {
    /// One literal string in the database; its users are `refs[firstRef ..< firstRef + refCount]`.
    struct LiteralEntry: Sendable {
        var length: Int            // in bytes, so a match's start is its end minus this
        var checkStart: Bool       // starts with a letter or digit: needs a word boundary before it
        var checkEnd: Bool         // ends with a letter or digit: needs a word boundary after it
        var firstRef: Int
        var refCount: Int
    }

    /// A segment that uses a literal; `openEnd` means the phrase had `*` here.
    struct LiteralRef: Sendable {
        var segment: Int
        var openEnd: Bool
    }

    /// A phrase: segments `firstSegment ..< firstSegment + segmentCount`, separated by
    /// `gaps[firstSegment - phraseIndex ...]` words (see `gap(_:after:)`).
    struct Phrase: Sendable {
        var target: RuleSet.PatternTarget
        var firstSegment: Int
        var segmentCount: Int
        var firstGap: Int
    }

    var literals: [LiteralEntry] = []
    var refs: [LiteralRef] = []
    var regexTargets: [RuleSet.PatternTarget] = []
    /// The phrase each segment belongs to.
    var segmentPhrase: [Int] = []
    var phrases: [Phrase] = []
    var gaps: [Int] = []
}
