/// Checks on lists and modifiers, and the warnings `tocsin check` prints: things that load but
/// are probably mistakes, because they can never change a score.
extension RuleSetBuilder {
    /// Errors: duplicate list names and modifier ids, unknown `@list` references (at the reference
    /// itself), list items that are not valid phrases. Warnings: unused and empty lists,
    /// modifiers without effect, rules that can never add to a score, categories without rules.
    mutating func validateListsAndModifiers() {
        var seenLists: [String: SourceLocation] = [:]
        for list in defs.lists {
            if let first = seenLists[list.name] {
                problems.append(list.location.problem("list '\(list.name)' is defined twice (first at \(first.description)); merge the two"))
            }
            seenLists[list.name] = seenLists[list.name] ?? list.location
        }
        var used = Set<String>()
        func checkReferences(_ pattern: PatternDefinition) -> Bool {
            guard !pattern.isRegex else { return true }
            var known = true
            for ref in PhraseCompiler.listReferences(in: pattern.text) {
                used.insert(ref.name)
                guard lists[ref.name] == nil else { continue }
                known = false
                let names = lists.keys.sorted().map { "@" + $0 }.joined(separator: ", ")
                problems.append(pattern.location(atOffset: ref.offset).problem(
                    "unknown list '@\(ref.name)'; define it under 'lists:' in a rule file, or use one of: \(names.isEmpty ? "(no lists defined)" : names)"))
            }
            return known
        }
        for list in defs.lists {
            if list.items.isEmpty {
                warnings.append(list.location.problem("list '\(list.name)' is empty: phrases that use it can never match; add items"))
            }
            for item in list.items where checkReferences(item) {
                if item.text.contains("~") {
                    problems.append(item.location.problem("list items cannot use '~N' ('\(item.text)'); put the gap in the phrase that uses the list"))
                } else if case let .failure(error) = PhraseCompiler.compile(item.text, lists: lists) {
                    problems.append(item.location.problem("invalid phrase '\(item.text)' in list '\(list.name)': \(error.message)"))
                }
            }
        }
        for rule in defs.signals { for pattern in rule.patterns { _ = checkReferences(pattern) } }
        for modifier in defs.modifiers { for pattern in modifier.patterns { _ = checkReferences(pattern) } }
        for country in defs.countries { for name in country.names { _ = checkReferences(name) } }
        for list in defs.lists where !used.contains(list.name) {
            warnings.append(list.location.problem("list '\(list.name)' is never used; refer to it as @\(list.name) in a phrase, or remove it"))
        }

        var seenModifiers: [String: SourceLocation] = [:]
        for modifier in defs.modifiers {
            if let first = seenModifiers[modifier.id] {
                problems.append(modifier.location.problem("duplicate modifier id '\(modifier.id)' (first defined at \(first.description)); rename one"))
            }
            seenModifiers[modifier.id] = seenModifiers[modifier.id] ?? modifier.location
            if modifier.effect == .multiply(1), modifier.kind != .boundary {
                warnings.append(modifier.effectLocation.problem("modifier '\(modifier.id)' has no effect (it multiplies by 1); use 'cancel' or another factor"))
            }
        }

        let caps = Dictionary(defs.categories.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var categoriesWithRules = Set<String>()
        for rule in defs.signals {
            categoriesWithRules.insert(rule.category)
            if let category = caps[rule.category], category.cap == 0, rule.enabled {
                warnings.append(rule.categoryLocation.problem("rule '\(rule.id)' can never add to a score: category '\(rule.category)' has cap 0 (at \(category.capLocation.description))"))
            }
        }
        for category in defs.categories where !categoriesWithRules.contains(category.name) {
            warnings.append(category.location.problem("category '\(category.name)' has no signal rules; add rules or remove it"))
        }
    }

    /// Warns about a rule none of whose patterns can match, and about phrases that repeat another
    /// phrase of the same rule (every string they match is matched already, so they add nothing).
    mutating func warnAboutPatterns(of rule: SignalRuleDefinition, plans: [PhrasePlan?]) {
        let usable = zip(rule.patterns, plans).filter { pattern, plan in
            pattern.isRegex || (plan.map { !$0.segments.contains(where: \.isEmpty) } ?? true)
        }
        if usable.isEmpty {
            let why = rule.patterns.isEmpty ? "its 'match' and 'regex' lists are empty" : "every phrase uses an empty list"
            warnings.append(rule.location.problem("rule '\(rule.id)' can never match: \(why)"))
            return
        }
        for (pattern, plan) in zip(rule.patterns, plans) { warnAboutShortParts(pattern, plan) }
        var earlier: [(Set<PhrasePlan.Literal>, Bool, PatternDefinition)] = []
        for (pattern, plan) in zip(rule.patterns, plans) {
            guard let plan, plan.segments.count == 1, !plan.segments[0].isEmpty else { continue }
            let literals = Set(plan.segments[0])
            if let covering = earlier.first(where: { $0.1 == plan.caseSensitive && literals.isSubset(of: $0.0) }) {
                warnings.append(pattern.location.problem("phrase '\(pattern.text)' adds nothing to rule '\(rule.id)': '\(covering.2.text)' (at \(covering.2.location.description)) already matches every variant; remove it"))
            } else {
                earlier.append((literals, plan.caseSensitive, pattern))
            }
        }
    }

    /// Hyperscan finds each part of a `~N` phrase on its own, as a substring: a part that can be
    /// two letters ("on", "to") is found inside a great many words, and each find costs the scan.
    /// A single-part phrase is left alone: there a short word is the whole point ("no").
    mutating func warnAboutShortParts(_ pattern: PatternDefinition, _ plan: PhrasePlan?) {
        guard let plan, plan.segments.count > 1 else { return }
        for segment in plan.segments {
            // Acronyms ("UN") are matched case-sensitively, so they are rarely found by accident.
            let short = segment.map(\.text).filter { $0.utf8.count <= 2 && $0.contains(where: \.isLowercase) }
            guard let shortest = short.min() else { continue }
            warnings.append(pattern.location.problem("phrase '\(pattern.text)': the part that can be just '\(shortest)' is found inside many words and slows every scan; join it to a neighbouring word without '~N' (e.g. 'on (a |the )?high alert')"))
            return
        }
    }
}
