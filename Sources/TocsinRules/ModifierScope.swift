/// Applies modifier matches to signal matches; owned by an `Evaluator`, per-item state reused.
///
/// A modifier match reaches a signal match when both are in one sentence (see `Sentences`) and
/// at most `before` words separate the modifier from the start of the evidence (modifier first)
/// or `after` words from its end (modifier last), or when they overlap (a cancelling modifier
/// only when it reaches outside the evidence). A boundary match ("but",
/// "however") between them stops the reach. When modifier matches overlap, only the longest
/// counts: "could not be independently verified" is a hedge, not the negation "not".
/// Cancelling modifiers win over multiplying ones; factors multiply. A modifier with
/// `scope: title` counts only when it matches in the title, and then reaches every hit in the item
/// (boundaries do not stop it): a headline says what kind of story the whole item is.
struct ModifierScope {
    /// A modifier's effect and reach, without touching `RuleSet`.
    private struct Info: BitwiseCopyable {
        var cancels: Bool
        var factor: Double
        var before: Int
        var after: Int
        var boundary: Bool
        var title: Bool
    }

    /// A modifier match: the pattern that matched and its modifier.
    struct Match: BitwiseCopyable {
        var pattern: Int
        var modifier: Int
        var start: Int
        var end: Int
    }

    /// A modifier match that reached a hit (recorded only when explaining).
    struct Applied: BitwiseCopyable {
        var hit: Int
        var mod: Int
    }

    private let infos: ScratchBuffer<Info>
    private let patternModifier: ScratchBuffer<Int>
    /// This item's modifier and boundary matches; `mods` sorted by start once `prepare`d.
    private(set) var mods = ScratchBuffer<Match>(capacity: 32)
    private var boundaries = ScratchBuffer<Match>(capacity: 16)
    private(set) var applied = ScratchBuffer<Applied>(capacity: 32)
    /// The sentence around the last hit looked at, reused while hits fall inside it.
    private var sentenceStart = 0, sentenceEnd = -1
    /// End of the title in the normalised text (0: no title); set per item before `add`.
    var titleEnd = 0
    /// Whether any title-scoped match was kept for this item.
    private var hasTitleMods = false

    init(ruleSet: RuleSet) {
        var infos = ScratchBuffer<Info>(capacity: ruleSet.modifiers.count)
        for m in ruleSet.modifiers {
            let cancels = m.effect == .cancel
            var factor = 1.0
            if case let .multiply(f) = m.effect { factor = f }
            infos.append(Info(cancels: cancels, factor: factor, before: m.before, after: m.after, boundary: m.kind == .boundary,
                              title: m.before == RuleFileReader.titleScope))
        }
        self.infos = infos
        var patternModifier = ScratchBuffer<Int>(capacity: ruleSet.modifierPatterns.count)
        for p in ruleSet.modifierPatterns { patternModifier.append(p.modifier) }
        self.patternModifier = patternModifier
    }

    func deallocate() {
        infos.deallocate()
        patternModifier.deallocate()
        mods.deallocate()
        boundaries.deallocate()
        applied.deallocate()
    }

    mutating func reset() {
        mods.removeAll()
        boundaries.removeAll()
        applied.removeAll()
        sentenceEnd = -1
        titleEnd = 0
        hasTitleMods = false
    }

    @inline(__always)
    mutating func add(pattern: Int, start: Int, end: Int) {
        let modifier = patternModifier[pattern]
        let match = Match(pattern: pattern, modifier: modifier, start: start, end: end)
        let info = infos[modifier]
        if info.boundary {
            boundaries.append(match)
        } else if info.title {
            guard end <= titleEnd else { return }
            hasTitleMods = true
            mods.append(match)
        } else {
            mods.append(match)
        }
    }

    /// Sorts the matches and drops modifier matches inside longer ones.
    mutating func prepare() {
        guard !mods.isEmpty else { return }
        mods.stableSort { ($0.start, -$0.end, $0.pattern) < ($1.start, -$1.end, $1.pattern) }
        var kept = 0, coveredUntil = -1
        for index in 0..<mods.count {
            let match = mods[index]
            // A title-scoped match is about the whole item: it neither hides nor is hidden by
            // the sentence modifiers around it.
            if infos[match.modifier].title {
                mods[kept] = match
                kept += 1
                continue
            }
            guard match.end > coveredUntil else { continue }
            coveredUntil = match.end
            mods[kept] = match
            kept += 1
        }
        mods.count = kept
    }

    /// Applies the modifiers in reach to one hit: sets its factor or the match that cancels it
    /// (the first in the text). When `recording`, notes every modifier that reached it.
    mutating func apply(to hit: inout Evaluator.Hit, hit index: Int, in text: UnsafeBufferPointer<UInt8>, recording: Bool) {
        guard !mods.isEmpty else { return }
        if hit.start < sentenceStart || hit.end > sentenceEnd { findSentence(around: hit, in: text) }
        for m in 0..<mods.count {
            let mod = mods[m]
            let info = infos[mod.modifier]
            if info.title {
                // Reaches the whole item, but (like any cancelling modifier) not from inside the
                // evidence alone.
                let inside = mod.start >= hit.start && mod.end <= hit.end
                guard !(inside && info.cancels) else { continue }
            } else {
                if mod.start >= sentenceEnd {
                    if hasTitleMods { continue } else { break }
                }
                guard mod.start >= sentenceStart, mod.end <= sentenceEnd else { continue }
                guard reaches(mod, hit, info, in: text) else { continue }
            }
            if recording { applied.append(Applied(hit: index, mod: m)) }
            if info.cancels {
                if hit.cancelledBy < 0 { hit.cancelledBy = m }
                if !recording { return }
            } else {
                hit.factor *= info.factor
            }
        }
    }

    private func reaches(_ mod: Match, _ hit: Evaluator.Hit, _ info: Info, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        if mod.start < hit.end, hit.start < mod.end {
            // Words inside the evidence belong to the rule's own phrase ("no longer abide by",
            // "halt to hostilities"): they scale the match ("deployed additional troops") but
            // do not cancel it.
            return !info.cancels || mod.start < hit.start || mod.end > hit.end
        }
        let (from, to, limit) = mod.end <= hit.start ? (mod.end, hit.start, info.before) : (hit.end, mod.start, info.after)
        guard Sentences.words(from: from, to: to, limit: limit, in: text) != nil else { return false }
        for b in 0..<boundaries.count where boundaries[b].start >= from && boundaries[b].end <= to { return false }
        return true
    }

    /// The sentence holding a hit: from after the previous sentence break to the next one.
    private mutating func findSentence(around hit: Evaluator.Hit, in text: UnsafeBufferPointer<UInt8>) {
        var start = hit.start
        while start > 0, !Sentences.isBreak(at: start - 1, in: text) { start -= 1 }
        var end = hit.end
        while end < text.count, !Sentences.isBreak(at: end, in: text) { end += 1 }
        sentenceStart = start
        sentenceEnd = end
    }
}
