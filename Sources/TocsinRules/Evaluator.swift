/// Turns one item's phrase matches into an `Assessment`; owned by a `Scorer` and reused. Its
/// per-item state lives in manually managed memory; the `Scorer` calls `deallocate()`.
///
/// Scoring: a rule counts once per item, however often it matches (its evidence is the earliest
/// match). Within a category, rules add up to at most the category's `cap` in absolute value, taken
/// strongest first, and a rule whose evidence overlaps evidence already counted in the category
/// does not count again ("missile strikes" is one fact, even if two rules describe it). So one
/// repeated or paraphrased phrase cannot carry an item. De-escalation rules have negative weights.
/// The score is the sum of the counted weights; the severity is the highest threshold it reaches.
struct Evaluator {
    let ruleSet: RuleSet

    /// A signal rule's category and weight, for sorting and capping without touching `RuleSet`.
    private struct Rule: BitwiseCopyable {
        var category: Int
        var weight: Double
    }

    private struct Mention: BitwiseCopyable {
        var start: Int
        var end: Int
        var country: Int
    }

    /// A counted rule and its contribution.
    private struct Counted: BitwiseCopyable {
        var rule: Int
        var weight: Double
        var start: Int
        var end: Int
    }

    private let rules: ScratchBuffer<Rule>
    private let caps: ScratchBuffer<Double>
    /// Per signal rule: earliest match in normalised bytes (start -1: no match), and which rules matched.
    private let firstStart: ScratchBuffer<Int>
    private let firstEnd: ScratchBuffer<Int>
    private var matchedRules = ScratchBuffer<Int>(capacity: 64)
    private var counted = ScratchBuffer<Counted>(capacity: 64)
    /// Country mentions, in the order found.
    private var mentions = ScratchBuffer<Mention>(capacity: 64)
    /// Mention weight per country, and which countries have any.
    private let weights: ScratchBuffer<Double>
    private var mentioned = ScratchBuffer<Int>(capacity: 16)
    private var regions: RegionResolver

    init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        var rules = ScratchBuffer<Rule>(capacity: ruleSet.signalRules.count)
        for rule in ruleSet.signalRules { rules.append(Rule(category: rule.category, weight: rule.weight)) }
        self.rules = rules
        var caps = ScratchBuffer<Double>(capacity: ruleSet.categories.count)
        for category in ruleSet.categories { caps.append(category.cap) }
        self.caps = caps
        firstStart = ScratchBuffer(repeating: -1, count: ruleSet.signalRules.count)
        firstEnd = ScratchBuffer(repeating: 0, count: ruleSet.signalRules.count)
        weights = ScratchBuffer(repeating: 0, count: ruleSet.countries.count)
        regions = RegionResolver(ruleSet: ruleSet)
    }

    func deallocate() {
        rules.deallocate()
        caps.deallocate()
        firstStart.deallocate()
        firstEnd.deallocate()
        matchedRules.deallocate()
        counted.deallocate()
        mentions.deallocate()
        weights.deallocate()
        mentioned.deallocate()
        regions.deallocate()
    }

    mutating func assess(_ found: UnsafeBufferPointer<PhraseMatcher.Found>, in text: ScoredText) -> Assessment {
        for match in found {
            let raw = Int(match.target.raw)
            if raw >= 0 {
                let rule = raw
                if firstStart[rule] < 0 {
                    matchedRules.append(rule)
                } else if firstStart[rule] < match.start || (firstStart[rule] == match.start && firstEnd[rule] >= match.end) {
                    continue
                }
                firstStart[rule] = match.start
                firstEnd[rule] = match.end
            } else {
                mentions.append(Mention(start: match.start, end: match.end, country: ~raw))
            }
        }
        countSignals()
        var sum = 0.0
        for index in 0..<counted.count { sum += counted[index].weight }
        let score = (sum * 1e6).rounded() / 1e6
        let severity = ruleSet.severity(forScore: score)
        let signals = materialize(in: text)
        countMentions(titleEnd: text.titleEnd)
        let region = regions.resolve(weights, mentioned: mentioned)
        reset()
        return Assessment(region: region, severity: severity, score: score, signals: signals,
                          alert: severity >= ruleSet.alertThreshold)
    }

    private mutating func reset() {
        for index in 0..<matchedRules.count { firstStart[matchedRules[index]] = -1 }
        matchedRules.removeAll()
        for index in 0..<mentioned.count { weights[mentioned[index]] = 0 }
        mentioned.removeAll()
        mentions.removeAll()
        counted.removeAll()
    }

    /// Applies the category caps: fills `counted` with counted rules and their contributions, in
    /// text order.
    private mutating func countSignals() {
        let rules = rules, firstStart = firstStart, firstEnd = firstEnd
        // Strongest first within a category, then earliest, so the cap keeps the best evidence.
        matchedRules.stableSort { a, b in
            let ra = rules[a], rb = rules[b]
            if ra.category != rb.category { return ra.category < rb.category }
            if abs(ra.weight) != abs(rb.weight) { return abs(ra.weight) > abs(rb.weight) }
            return firstStart[a] < firstStart[b]
        }
        var total = 0.0, category = -1
        for index in 0..<matchedRules.count {
            let rule = matchedRules[index]
            let start = firstStart[rule], end = firstEnd[rule]
            if rules[rule].category != category { category = rules[rule].category; total = 0 }
            var overlaps = false
            for c in 0..<counted.count {
                let other = counted[c]
                if rules[other.rule].category == category, other.start < end, start < other.end {
                    overlaps = true
                    break
                }
            }
            if overlaps { continue }
            let cap = caps[category]
            let capped = min(max(total + rules[rule].weight, -cap), cap)
            let contribution = capped - total
            guard contribution != 0 else { continue }
            total = capped
            counted.append(Counted(rule: rule, weight: contribution, start: start, end: end))
        }
        counted.stableSort { ($0.start, $0.end, $0.rule) < ($1.start, $1.end, $1.rule) }
    }

    /// Maps the counted rules' normalised byte offsets to original scalar offsets and cuts the evidence.
    private func materialize(in text: ScoredText) -> [Signal] {
        guard !counted.isEmpty else { return [] }
        let original = text.original
        // Scalars before an original byte offset, from a cursor that moves either way (offsets
        // come nearly in order, so this is about one pass over the text).
        var cursorByte = 0, cursorScalars = 0
        func scalarOffset(_ byte: Int) -> Int {
            guard text.hasNonASCII else { return byte }
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
        let signalRules = ruleSet.signalRules, categories = ruleSet.categories
        var signals: [Signal] = []
        signals.reserveCapacity(counted.count)
        for index in 0..<counted.count {
            let hit = counted[index]
            let range = text.originalRange(hit.start, hit.end)
            let rule = signalRules[hit.rule]
            let start = scalarOffset(range.lowerBound)
            let end = scalarOffset(range.upperBound)
            signals.append(Signal(
                category: categories[rule.category].name, rule: rule.id,
                weight: (hit.weight * 1e6).rounded() / 1e6,
                evidence: String(decoding: UnsafeBufferPointer(start: original + range.lowerBound, count: range.count), as: UTF8.self),
                start: start, end: end))
        }
        return signals
    }

    /// Mention weight per country. A mention inside a longer mention ("Sudan" in "South Sudan") does
    /// not count; a mention in the title counts double, since titles name the parties.
    private mutating func countMentions(titleEnd: Int) {
        mentions.stableSort { ($0.start, -$0.end) < ($1.start, -$1.end) }
        var coveredUntil = -1
        for index in 0..<mentions.count {
            let mention = mentions[index]
            if mention.end <= coveredUntil { continue }
            coveredUntil = max(coveredUntil, mention.end)
            if weights[mention.country] == 0 { mentioned.append(mention.country) }
            weights[mention.country] += mention.start < titleEnd ? 2 : 1
        }
    }
}
