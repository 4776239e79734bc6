/// Turns one item's phrase matches into an `Assessment`; owned by a `Scorer` and reused.
///
/// Scoring: a rule counts once per item, however often it matches (its evidence is the earliest
/// match). Within a category, rules add up to at most the category's `cap` in absolute value, taken
/// strongest first, and a rule whose evidence overlaps evidence already counted in the category
/// does not count again ("missile strikes" is one fact, even if two rules describe it). So one
/// repeated or paraphrased phrase cannot carry an item. De-escalation rules have negative weights.
/// The score is the sum of the counted weights; the severity is the highest threshold it reaches.
struct Evaluator {
    let ruleSet: RuleSet
    /// Per signal rule: earliest match in normalised bytes (start -1: no match), and which rules matched.
    private var firstStart: [Int]
    private var firstEnd: [Int]
    private var matchedRules: [Int] = []
    /// Country mentions: (start, end, country index).
    private var mentions: [(start: Int, end: Int, country: Int)] = []
    /// Mention weight per country, and which countries have any.
    private var weights: [Double]
    private var mentioned: [Int] = []

    init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        firstStart = Array(repeating: -1, count: ruleSet.signalRules.count)
        firstEnd = Array(repeating: 0, count: ruleSet.signalRules.count)
        weights = Array(repeating: 0, count: ruleSet.countries.count)
    }

    mutating func assess(_ found: [PhraseMatcher.Found], in text: ScoredText) -> Assessment {
        for match in found {
            switch match.target {
            case let .signal(rule):
                if firstStart[rule] < 0 {
                    matchedRules.append(rule)
                } else if firstStart[rule] < match.start || (firstStart[rule] == match.start && firstEnd[rule] >= match.end) {
                    continue
                }
                firstStart[rule] = match.start
                firstEnd[rule] = match.end
            case let .country(country):
                mentions.append((match.start, match.end, country))
            }
        }
        let counted = countedSignals()
        let score = (counted.reduce(0) { $0 + $1.weight } * 1e6).rounded() / 1e6
        let severity = ruleSet.severity(forScore: score)
        let signals = materialize(counted, in: text)
        countMentions(titleEnd: text.titleEnd)
        let region = RegionResolver(ruleSet: ruleSet).resolve(weights, mentioned: mentioned)
        reset()
        return Assessment(region: region, severity: severity, score: score, signals: signals,
                          alert: severity >= ruleSet.alertThreshold)
    }

    private mutating func reset() {
        for rule in matchedRules { firstStart[rule] = -1 }
        matchedRules.removeAll(keepingCapacity: true)
        for country in mentioned { weights[country] = 0 }
        mentioned.removeAll(keepingCapacity: true)
        mentions.removeAll(keepingCapacity: true)
    }

    /// Applies the category caps. Returns counted rules with their contributions, in text order.
    private func countedSignals() -> [(rule: Int, weight: Double, start: Int, end: Int)] {
        let rules = ruleSet.signalRules
        // Strongest first within a category, then earliest, so the cap keeps the best evidence.
        let hits = matchedRules.sorted { a, b in
            let ra = rules[a], rb = rules[b]
            if ra.category != rb.category { return ra.category < rb.category }
            if abs(ra.weight) != abs(rb.weight) { return abs(ra.weight) > abs(rb.weight) }
            return firstStart[a] < firstStart[b]
        }
        var counted: [(rule: Int, weight: Double, start: Int, end: Int)] = []
        var total = 0.0, category = -1
        for rule in hits {
            let start = firstStart[rule], end = firstEnd[rule]
            if rules[rule].category != category { category = rules[rule].category; total = 0 }
            if counted.contains(where: { rules[$0.rule].category == category && $0.start < end && start < $0.end }) {
                continue
            }
            let cap = ruleSet.categories[category].cap
            let capped = min(max(total + rules[rule].weight, -cap), cap)
            let contribution = capped - total
            guard contribution != 0 else { continue }
            total = capped
            counted.append((rule, contribution, start, end))
        }
        return counted.sorted { ($0.start, $0.end, $0.rule) < ($1.start, $1.end, $1.rule) }
    }

    /// Maps normalised byte offsets to original scalar offsets and cuts the evidence.
    private func materialize(_ counted: [(rule: Int, weight: Double, start: Int, end: Int)], in text: ScoredText) -> [Signal] {
        let ranges = counted.map { text.originalRange($0.start, $0.end) }
        let offsets = text.scalarOffsets(ofOriginal: ranges.flatMap { [$0.lowerBound, $0.upperBound] })
        return counted.enumerated().map { i, hit in
            let rule = ruleSet.signalRules[hit.rule]
            return Signal(category: ruleSet.categories[rule.category].name, rule: rule.id,
                          weight: (hit.weight * 1e6).rounded() / 1e6,
                          evidence: String(decoding: text.original[ranges[i]], as: UTF8.self),
                          start: offsets[2 * i], end: offsets[2 * i + 1])
        }
    }

    /// Mention weight per country. A mention inside a longer mention ("Sudan" in "South Sudan") does
    /// not count; a mention in the title counts double, since titles name the parties.
    private mutating func countMentions(titleEnd: Int) {
        mentions.sort { ($0.start, -$0.end) < ($1.start, -$1.end) }
        var coveredUntil = -1
        for mention in mentions {
            if mention.end <= coveredUntil { continue }
            coveredUntil = max(coveredUntil, mention.end)
            if weights[mention.country] == 0 { mentioned.append(mention.country) }
            weights[mention.country] += mention.start < titleEnd ? 2 : 1
        }
    }
}
