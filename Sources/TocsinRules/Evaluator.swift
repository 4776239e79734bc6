/// Turns one item's phrase matches into an `Assessment`; owned by a `Scorer` and reused. Its
/// per-item state lives in manually managed memory; the `Scorer` calls `deallocate()`.
///
/// Scoring: modifiers near a signal match cancel it (negation, historical, hypothetical) or
/// multiply its weight (hedge, magnitude); see `ModifierScope`. A rule counts once per item,
/// however often it matches, with its best surviving match: the largest weight after modifiers,
/// then the earliest. Within a category, rules add up to at most the category's `cap` in absolute
/// value, taken strongest first, and a rule whose evidence overlaps evidence already counted in
/// the category does not count again ("missile strikes" is one fact, even if two rules describe
/// it). So one repeated or paraphrased phrase cannot carry an item. De-escalation rules have
/// negative weights. The score is the sum of the counted weights; the severity is the highest
/// threshold it reaches.
///
/// `assess` and `explain` run the same evaluation; only `explain` records why (the `recording`
/// flag), so the fast path builds no strings and keeps no per-modifier lists.
struct Evaluator {
    let ruleSet: RuleSet

    /// A signal rule's category, weight and state, without touching `RuleSet`.
    struct Rule: BitwiseCopyable {
        var category: Int
        var weight: Double
        var enabled: Bool
    }

    /// A signal match and what the modifiers did to it.
    struct Hit: BitwiseCopyable {
        var rule: Int
        var start: Int
        var end: Int
        var factor: Double
        /// The modifier match (index in `scope.mods`) that cancelled it, or -1.
        var cancelledBy: Int
    }

    private struct Mention: BitwiseCopyable {
        var start: Int
        var end: Int
        var country: Int
    }

    /// A counted rule: its hit and its contribution after the cap.
    /// A byte range of the normalised text.
    struct Span: BitwiseCopyable {
        var start: Int
        var end: Int
    }

    struct Counted: BitwiseCopyable {
        var hit: Int
        var weight: Double
    }

    /// Why a rule's best hit did not count (recorded only when explaining).
    struct Dropped: BitwiseCopyable {
        var hit: Int
        var overlapping: Int    // the counted hit it overlaps, or -1: over the category cap
    }

    let rules: ScratchBuffer<Rule>
    private let caps: ScratchBuffer<Double>
    /// Signal matches in the order found, and per rule the index of its best surviving hit (-1: none).
    private(set) var hits = ScratchBuffer<Hit>(capacity: 64)
    let best: ScratchBuffer<Int>
    private(set) var matchedRules = ScratchBuffer<Int>(capacity: 64)
    private(set) var counted = ScratchBuffer<Counted>(capacity: 64)
    private(set) var dropped = ScratchBuffer<Dropped>(capacity: 16)
    private(set) var scope: ModifierScope
    /// Country mentions, in the order found.
    private var mentions = ScratchBuffer<Mention>(capacity: 64)
    /// Mention weight per country, and which countries have any.
    private let weights: ScratchBuffer<Double>
    private var mentioned = ScratchBuffer<Int>(capacity: 16)
    /// Sentences that hold a counted signal, as normalised byte ranges.
    private var signalSentences = ScratchBuffer<Span>(capacity: 16)
    private var regions: RegionResolver

    init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        var rules = ScratchBuffer<Rule>(capacity: ruleSet.signalRules.count)
        for rule in ruleSet.signalRules { rules.append(Rule(category: rule.category, weight: rule.weight, enabled: rule.enabled)) }
        self.rules = rules
        var caps = ScratchBuffer<Double>(capacity: ruleSet.categories.count)
        for category in ruleSet.categories { caps.append(category.cap) }
        self.caps = caps
        best = ScratchBuffer(repeating: -1, count: ruleSet.signalRules.count)
        weights = ScratchBuffer(repeating: 0, count: ruleSet.countries.count)
        scope = ModifierScope(ruleSet: ruleSet)
        regions = RegionResolver(ruleSet: ruleSet)
    }

    func deallocate() {
        rules.deallocate()
        caps.deallocate()
        hits.deallocate()
        best.deallocate()
        matchedRules.deallocate()
        counted.deallocate()
        dropped.deallocate()
        scope.deallocate()
        mentions.deallocate()
        weights.deallocate()
        mentioned.deallocate()
        signalSentences.deallocate()
        regions.deallocate()
    }

    mutating func assess(_ found: UnsafeBufferPointer<PhraseMatcher.Found>, in text: ScoredText) -> Assessment {
        let assessment = evaluate(found, in: text, recording: false)
        reset()
        return assessment
    }

    /// Evaluates one item, leaving the per-item state for `explain` to read; the caller resets.
    mutating func evaluate(_ found: UnsafeBufferPointer<PhraseMatcher.Found>, in text: ScoredText, recording: Bool) -> Assessment {
        let ruleCount = rules.count
        scope.titleEnd = text.titleEnd
        for match in found {
            let raw = Int(match.target.raw)
            if raw < 0 {
                mentions.append(Mention(start: match.start, end: match.end, country: ~raw))
            } else if raw < ruleCount {
                // Disabled rules never count; their matches are only kept to be explained.
                guard recording || rules[raw].enabled else { continue }
                hits.append(Hit(rule: raw, start: match.start, end: match.end, factor: 1, cancelledBy: -1))
            } else {
                scope.add(pattern: raw - ruleCount, start: match.start, end: match.end)
            }
        }
        if !hits.isEmpty {
            scope.prepare()
            let bytes = text.normalizedBytes
            for index in 0..<hits.count { scope.apply(to: &hits[index], hit: index, in: bytes, recording: recording) }
            pickBestHits()
            countSignals(recording: recording)
        }
        var sum = 0.0
        for index in 0..<counted.count { sum += counted[index].weight }
        let score = (sum * 1e6).rounded() / 1e6
        let severity = ruleSet.severity(forScore: score)
        let signals = materialize(in: text)
        countMentions(titleEnd: text.titleEnd, in: text.normalizedBytes)
        let region = regions.resolve(weights, mentioned: mentioned)
        return Assessment(region: region, severity: severity, score: score, signals: signals,
                          alert: severity >= ruleSet.alertThreshold)
    }

    mutating func reset() {
        for index in 0..<matchedRules.count { best[matchedRules[index]] = -1 }
        matchedRules.removeAll()
        hits.removeAll()
        scope.reset()
        for index in 0..<mentioned.count { weights[mentioned[index]] = 0 }
        mentioned.removeAll()
        mentions.removeAll()
        signalSentences.removeAll()
        counted.removeAll()
        dropped.removeAll()
    }

    /// A hit's weight after modifiers.
    @inline(__always)
    func effectiveWeight(_ hit: Hit) -> Double { rules[hit.rule].weight * hit.factor }

    /// Per rule, the surviving hit with the largest weight after modifiers, then the earliest,
    /// then the longest (ties by order found), so the choice does not depend on match order.
    private mutating func pickBestHits() {
        for index in 0..<hits.count {
            let hit = hits[index]
            guard hit.cancelledBy < 0, rules[hit.rule].enabled else { continue }
            let current = best[hit.rule]
            if current < 0 {
                best[hit.rule] = index
                matchedRules.append(hit.rule)
                continue
            }
            let other = hits[current]
            let a = abs(effectiveWeight(hit)), b = abs(effectiveWeight(other))
            if a > b || (a == b && (hit.start < other.start || (hit.start == other.start && hit.end > other.end))) {
                best[hit.rule] = index
            }
        }
    }

    /// Applies the category caps: fills `counted` with counted hits and their contributions, in
    /// text order.
    private mutating func countSignals(recording: Bool) {
        let rules = rules, best = best, hits = hits
        // Strongest first within a category, then earliest, so the cap keeps the best evidence.
        matchedRules.stableSort { a, b in
            let ra = rules[a], rb = rules[b]
            if ra.category != rb.category { return ra.category < rb.category }
            let ha = hits[best[a]], hb = hits[best[b]]
            let wa = abs(ra.weight * ha.factor), wb = abs(rb.weight * hb.factor)
            if wa != wb { return wa > wb }
            return (ha.start, a) < (hb.start, b)
        }
        var total = 0.0, category = -1
        for index in 0..<matchedRules.count {
            let rule = matchedRules[index]
            let hitIndex = best[rule]
            let hit = hits[hitIndex]
            if rules[rule].category != category { category = rules[rule].category; total = 0 }
            var overlapping = -1
            for c in 0..<counted.count {
                let other = hits[counted[c].hit]
                if rules[other.rule].category == category, other.start < hit.end, hit.start < other.end {
                    overlapping = counted[c].hit
                    break
                }
            }
            let cap = caps[category]
            let capped = min(max(total + effectiveWeight(hit), -cap), cap)
            let contribution = capped - total
            guard overlapping < 0, contribution != 0 else {
                if recording { dropped.append(Dropped(hit: hitIndex, overlapping: overlapping)) }
                continue
            }
            total = capped
            counted.append(Counted(hit: hitIndex, weight: contribution))
        }
        counted.stableSort { a, b in
            let ha = hits[a.hit], hb = hits[b.hit]
            return (ha.start, ha.end, ha.rule) < (hb.start, hb.end, hb.rule)
        }
    }

    /// Maps the counted hits' normalised byte offsets to original scalar offsets and cuts the evidence.
    private func materialize(in text: ScoredText) -> [Signal] {
        guard !counted.isEmpty else { return [] }
        var offsets = ScalarOffsets(text: text)
        let signalRules = ruleSet.signalRules, categories = ruleSet.categories
        var signals: [Signal] = []
        signals.reserveCapacity(counted.count)
        for index in 0..<counted.count {
            let entry = counted[index]
            let hit = hits[entry.hit]
            let rule = signalRules[hit.rule]
            let span = offsets.span(hit.start, hit.end)
            signals.append(Signal(
                category: categories[rule.category].name, rule: rule.id,
                weight: (entry.weight * 1e6).rounded() / 1e6,
                evidence: span.evidence, start: span.start, end: span.end))
        }
        return signals
    }

    /// Mention weight per country. A mention inside a longer mention ("Sudan" in "South Sudan") does
    /// not count; a mention in the title counts double, since titles name the parties.
    /// Weighs each country by its mentions: 2 in the title, 1 in the body, and 1 more in a sentence
    /// that holds a counted signal, so the region is the pair most involved in the signals rather
    /// than the one most written about in the background.
    private mutating func countMentions(titleEnd: Int, in text: UnsafeBufferPointer<UInt8>) {
        for index in 0..<counted.count {
            let hit = hits[counted[index].hit]
            var start = hit.start, end = hit.end
            while start > 0, !Sentences.isBreak(at: start - 1, in: text) { start -= 1 }
            while end < text.count, !Sentences.isBreak(at: end, in: text) { end += 1 }
            signalSentences.append(Span(start: start, end: end))
        }
        mentions.stableSort { ($0.start, -$0.end) < ($1.start, -$1.end) }
        var coveredUntil = -1
        for index in 0..<mentions.count {
            let mention = mentions[index]
            if mention.end <= coveredUntil { continue }
            coveredUntil = max(coveredUntil, mention.end)
            if weights[mention.country] == 0 { mentioned.append(mention.country) }
            var weight: Double = mention.start < titleEnd ? 2 : 1
            for sentence in 0..<signalSentences.count where signalSentences[sentence].start <= mention.start && mention.start < signalSentences[sentence].end {
                weight += 1
                break
            }
            weights[mention.country] += weight
        }
    }
}

/// Maps normalised byte ranges to the original text: evidence and Unicode-scalar offsets. It keeps
/// a cursor that moves either way, since ranges come nearly in order (about one pass over the text).
struct ScalarOffsets {
    let text: ScoredText
    private var cursorByte = 0, cursorScalars = 0

    init(text: ScoredText) { self.text = text }

    /// Scalars before an original byte offset.
    mutating func scalars(before byte: Int) -> Int {
        guard text.hasNonASCII else { return byte }
        let original = text.original
        while cursorByte < byte {
            if original[cursorByte] & 0xC0 != 0x80 { cursorScalars += 1 }
            cursorByte += 1
        }
        while cursorByte > byte {
            cursorByte -= 1
            if original[cursorByte] & 0xC0 != 0x80 { cursorScalars -= 1 }
        }
        return cursorScalars
    }

    /// The original text and scalar offsets of a normalised range.
    mutating func span(_ start: Int, _ end: Int) -> (evidence: String, start: Int, end: Int) {
        let range = text.originalRange(start, end)
        let evidence = String(decoding: UnsafeBufferPointer(start: text.original + range.lowerBound, count: range.count), as: UTF8.self)
        return (evidence, scalars(before: range.lowerBound), scalars(before: range.upperBound))
    }
}
