/// Builds an `Explanation` from the state one recording evaluation leaves behind, so it reports
/// exactly what `assess` decided. Not on the hot path: it allocates freely.
extension Evaluator {
    mutating func explain(_ found: UnsafeBufferPointer<PhraseMatcher.Found>, in text: ScoredText) -> Explanation {
        let assessment = evaluate(found, in: text, recording: true)
        defer { reset() }
        var offsets = ScalarOffsets(text: text)
        func span(_ start: Int, _ end: Int) -> TextSpan {
            let s = offsets.span(start, end)
            return TextSpan(evidence: s.evidence, start: s.start, end: s.end)
        }
        let signalRules = ruleSet.signalRules, categories = ruleSet.categories
        let mods = scope.mods, applied = scope.applied

        // Which modifiers reached each hit, and which hits each modifier match reached.
        var modsOfHit: [Int: [Int]] = [:], hitsOfMod: [Int: [Int]] = [:]
        for index in 0..<applied.count {
            modsOfHit[applied[index].hit, default: []].append(applied[index].mod)
            hitsOfMod[applied[index].mod, default: []].append(applied[index].hit)
        }

        var counted: [CountedSignal] = []
        var countedHits = Set<Int>()
        for index in 0..<self.counted.count {
            let entry = self.counted[index]
            let hit = hits[entry.hit]
            let rule = signalRules[hit.rule]
            countedHits.insert(entry.hit)
            counted.append(CountedSignal(
                signal: assessment.signals[index], ruleWeight: rule.weight, factor: (hit.factor * 1e6).rounded() / 1e6,
                modifiers: (modsOfHit[entry.hit] ?? []).map { ruleSet.modifiers[mods[$0].modifier].id },
                tags: rule.tags, capped: abs(entry.weight) < abs(effectiveWeight(hit)) - 1e-9))
        }

        var fired: [FiredModifier] = []
        for m in hitsOfMod.keys.sorted() {
            let mod = mods[m]
            let modifier = ruleSet.modifiers[mod.modifier]
            let affects = hitsOfMod[m]!.map { AffectedSignal(rule: signalRules[hits[$0].rule].id, span: span(hits[$0].start, hits[$0].end)) }
            fired.append(FiredModifier(
                id: modifier.id, kind: modifier.kind, phrase: ruleSet.modifierPatterns[mod.pattern].text,
                span: span(mod.start, mod.end), effect: modifier.effect, affects: affects))
        }

        var droppedReason: [Int: Int] = [:]   // hit -> overlapping hit, or -1 over cap
        for index in 0..<dropped.count { droppedReason[dropped[index].hit] = dropped[index].overlapping }
        var uncounted: [UncountedMatch] = []
        var order: [(Int, Int, Int)] = []
        for index in 0..<hits.count where !countedHits.contains(index) {
            order.append((hits[index].start, hits[index].end, index))
        }
        for (_, _, index) in order.sorted(by: { $0 < $1 }) {
            let hit = hits[index]
            let rule = signalRules[hit.rule]
            var entry = UncountedMatch(
                category: categories[rule.category].name, rule: rule.id,
                weight: (effectiveWeight(hit) * 1e6).rounded() / 1e6, span: span(hit.start, hit.end),
                reason: .repeated)
            if !rule.enabled {
                entry.reason = .disabled
            } else if hit.cancelledBy >= 0 {
                let mod = mods[hit.cancelledBy]
                let modifier = ruleSet.modifiers[mod.modifier]
                entry.reason = switch modifier.kind {
                case .negation: .negated
                case .historical: .historical
                case .hypothetical: .hypothetical
                case .figurative: .figurative
                default: .cancelled
                }
                entry.modifier = modifier.id
                entry.modifierSpan = span(mod.start, mod.end)
            } else if let overlapping = droppedReason[index] {
                entry.reason = overlapping >= 0 ? .overlapping : .overCap
                if overlapping >= 0 { entry.other = signalRules[hits[overlapping].rule].id }
            } else {
                entry.other = rule.id
            }
            uncounted.append(entry)
        }
        return Explanation(assessment: assessment, counted: counted, modifiers: fired, uncounted: uncounted)
    }
}
