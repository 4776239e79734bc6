/// A distinct literal string in the database.
private struct LiteralKey: Hashable {
    var text: String
    var caseSensitive: Bool
}

/// Letters and digits need word boundaries around them; punctuation at a phrase's edge does not.
func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber }

/// Checks rule definitions merged from all files against each other and compiles their patterns.
struct RuleSetBuilder {
    let defs: RuleDefinitions
    let firstPath: String
    var problems: [FileProblem] = []
    /// Things that load but are probably mistakes (see `RuleSet.warnings`).
    var warnings: [FileProblem] = []
    /// Named lists: name -> items as written.
    let lists: [String: [String]]

    init(defs: RuleDefinitions, firstPath: String) {
        self.defs = defs
        self.firstPath = firstPath
        lists = Dictionary(defs.lists.map { ($0.name, $0.items.map(\.text)) }, uniquingKeysWith: { a, _ in a })
    }

    struct Compiled {
        var signalRules: [RuleSet.SignalRule] = []
        var modifiers: [RuleSet.Modifier] = []
        var modifierPatterns: [RuleSet.ModifierPattern] = []
        var categories: [RuleSet.Category] = []
        var countries: [String] = []
        var regions: [RuleSet.Region] = []
        var thresholds: [(severity: Severity, score: Double)] = []
        var matchTable = MatchTable()
        var database: HyperscanDatabase?
    }

    /// Cross-file checks: unique names, declared categories, known countries, one set of thresholds.
    mutating func validate() {
        var seenCategories: [String: SourceLocation] = [:]
        for c in defs.categories {
            if let first = seenCategories[c.name] {
                problems.append(c.location.problem("category '\(c.name)' is declared twice (first at \(first.description)); keep one declaration"))
            }
            seenCategories[c.name] = seenCategories[c.name] ?? c.location
        }
        validateListsAndModifiers()
        var seenRules: [String: SourceLocation] = [:]
        for rule in defs.signals {
            if let first = seenRules[rule.id] {
                problems.append(rule.location.problem("duplicate rule id '\(rule.id)' (first defined at \(first.description)); rule ids must be unique across all rule files, so rename one"))
            }
            seenRules[rule.id] = seenRules[rule.id] ?? rule.location
            if seenCategories[rule.category] == nil {
                let known = defs.categories.map(\.name).joined(separator: ", ")
                problems.append(rule.categoryLocation.problem("unknown category '\(rule.category)'; declare it under scoring.categories with a cap, or use one of: \(known.isEmpty ? "(none declared)" : known)"))
            }
        }
        var seenCountries: [String: SourceLocation] = [:]
        for country in defs.countries {
            if let first = seenCountries[country.slug] {
                problems.append(country.location.problem("country '\(country.slug)' is defined twice (first at \(first.description)); merge the name lists"))
            }
            seenCountries[country.slug] = seenCountries[country.slug] ?? country.location
        }
        var seenRegions: [String: SourceLocation] = [:]
        for region in defs.regions {
            if let first = seenRegions[region.slug] {
                problems.append(region.location.problem("region '\(region.slug)' is defined twice (first at \(first.description)); keep one"))
            }
            seenRegions[region.slug] = seenRegions[region.slug] ?? region.location
            for member in region.members where seenCountries[member.slug] == nil {
                problems.append(member.location.problem("region '\(region.slug)' names unknown country '\(member.slug)'; add it under 'countries' or fix the slug"))
            }
        }
        if defs.thresholds.isEmpty {
            problems.append(FileProblem(path: firstPath, line: 1, column: 1, message: "no scoring thresholds in any rule file; add 'scoring: {thresholds: {low: 1, medium: 3, high: 6, critical: 9}}'"))
        }
        for extra in defs.thresholds.dropFirst() {
            problems.append(extra.location.problem("scoring thresholds are defined more than once (first at \(defs.thresholds[0].location.description)); keep one"))
        }
    }

    /// Compiles every phrase and regex into one Hyperscan database; records problems for patterns
    /// that fail.
    mutating func compile() -> Compiled {
        var out = Compiled()
        out.categories = defs.categories.map { RuleSet.Category(name: $0.name, cap: $0.cap) }
        let categoryIndex = Dictionary(out.categories.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        out.countries = defs.countries.map(\.slug)
        let countryIndex = Dictionary(out.countries.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        out.regions = defs.regions.map { region in
            RuleSet.Region(slug: region.slug, members: region.members.compactMap { countryIndex[$0.slug] })
        }
        out.thresholds = defs.thresholds.first?.values ?? []

        var collector = PatternCollector(lists: lists)
        for rule in defs.signals {
            let index = out.signalRules.count
            out.signalRules.append(RuleSet.SignalRule(
                id: rule.id, category: categoryIndex[rule.category] ?? 0, weight: rule.weight, enabled: rule.enabled,
                tags: rule.tags, description: rule.description))
            let plans = rule.patterns.map { collector.add($0, .signal(index)) }
            warnAboutPatterns(of: rule, plans: plans)
        }
        // Modifier phrases follow the signal rules in the `.signal` target space (see PatternTarget).
        for (index, modifier) in defs.modifiers.enumerated() {
            out.modifiers.append(RuleSet.Modifier(id: modifier.id, kind: modifier.kind, effect: modifier.effect,
                                                  before: modifier.before, after: modifier.after))
            var usable = 0
            for pattern in modifier.patterns {
                let target = out.signalRules.count + out.modifierPatterns.count
                out.modifierPatterns.append(RuleSet.ModifierPattern(modifier: index, text: pattern.text))
                let plan = collector.add(pattern, .signal(target))
                warnAboutShortParts(pattern, plan)
                if let plan, plan.segments.contains(where: \.isEmpty) { continue }
                usable += 1
            }
            if usable == 0 {
                warnings.append(modifier.location.problem("modifier '\(modifier.id)' can never match: none of its phrases can match; add phrases or remove it"))
            }
        }
        for (index, country) in defs.countries.enumerated() {
            for name in country.names { collector.add(name, .country(index)) }
        }
        warnings += collector.warnings
        problems += collector.problems
        out.matchTable = collector.finishedTable()
        let (expressions, locations) = collector.expressions()
        guard problems.isEmpty, !expressions.isEmpty else { return out }
        switch HyperscanDatabase.compile(expressions) {
        case let .success(database):
            out.database = database
        case let .failure(failure):
            let location = failure.index.map { locations[$0] } ?? SourceLocation(path: firstPath, line: 1, column: 1)
            problems.append(location.problem("cannot compile pattern: \(failure.message); simplify it"))
        }
        return out
    }
}

/// Gathers phrases (as shared literal strings) and regexes, and builds the `MatchTable`.
private struct PatternCollector {
    let lists: [String: [String]]
    private(set) var problems: [FileProblem] = []
    /// Phrases that can never match (they use an empty list).
    private(set) var warnings: [FileProblem] = []
    private var table = MatchTable()
    private var literalIDs: [LiteralKey: Int] = [:]
    private var literals: [LiteralKey] = []
    private var literalLocations: [SourceLocation] = []
    private var literalRefs: [[MatchTable.LiteralRef]] = []
    private var regexes: [HyperscanExpression] = []
    private var regexLocations: [SourceLocation] = []

    init(lists: [String: [String]]) { self.lists = lists }

    /// Adds a phrase or regex; returns the phrase's plan (nil for regexes and phrases that fail).
    @discardableResult
    mutating func add(_ pattern: PatternDefinition, _ target: RuleSet.PatternTarget) -> PhrasePlan? {
        if pattern.isRegex {
            let expression = HyperscanExpression(regex: pattern.text, caseSensitive: false, literal: false)
            if let message = HyperscanDatabase.check(expression) {
                problems.append(pattern.location.problem("invalid regex '\(pattern.text)': \(message)"))
                return nil
            }
            regexes.append(expression)
            regexLocations.append(pattern.location)
            table.regexTargets.append(MatchTarget(target))
            return nil
        }
        let plan: PhrasePlan
        switch PhraseCompiler.compile(pattern.text, lists: lists) {
        case let .success(p): plan = p
        case let .failure(error):
            problems.append(pattern.location.problem("invalid phrase '\(pattern.text)': \(error.message)"))
            return nil
        }
        if plan.segments.contains(where: \.isEmpty) {
            warnings.append(pattern.location.problem("phrase '\(pattern.text)' can never match: it uses an empty list"))
            return plan
        }
        let phrase = table.phrases.count
        table.phrases.append(MatchTable.Phrase(
            target: target, firstSegment: table.segmentPhrase.count,
            segmentCount: plan.segments.count, firstGap: table.gaps.count))
        table.gaps += plan.gaps
        for variants in plan.segments {
            let segment = table.segmentPhrase.count
            table.segmentPhrase.append(phrase)
            for literal in variants {
                // A variant in capitals only (US, UN, ICBM) is case-sensitive even inside a
                // case-insensitive phrase, so acronyms do not match inside ordinary words.
                let acronym = !literal.text.contains(where: \.isLowercase) && literal.text.contains(where: \.isUppercase)
                let key = LiteralKey(text: literal.text, caseSensitive: plan.caseSensitive || acronym)
                let id: Int
                if let existing = literalIDs[key] {
                    id = existing
                } else {
                    id = literals.count
                    literalIDs[key] = id
                    literals.append(key)
                    literalLocations.append(pattern.location)
                    literalRefs.append([])
                }
                literalRefs[id].append(MatchTable.LiteralRef(segment: segment, openEnd: literal.openEnd))
            }
        }
        return plan
    }

    /// The finished table: literal entries with their users laid out contiguously.
    func finishedTable() -> MatchTable {
        var result = table
        for (key, refs) in zip(literals, literalRefs) {
            result.literals.append(MatchTable.LiteralEntry(
                length: key.text.utf8.count, checkStart: isWordCharacter(key.text.first!),
                checkEnd: isWordCharacter(key.text.last!), firstRef: result.refs.count, refCount: refs.count))
            result.refs += refs
        }
        result.resolveRefs()
        return result
    }

    /// Hyperscan expressions in id order (literals, then regexes) and where each was written.
    func expressions() -> ([HyperscanExpression], [SourceLocation]) {
        let literalExpressions = literals.map {
            HyperscanExpression(regex: Self.escape($0.text), caseSensitive: $0.caseSensitive, literal: true)
        }
        return (literalExpressions + regexes, literalLocations + regexLocations)
    }

    /// A literal as a Hyperscan expression: ASCII letters and digits as they are, every other byte
    /// as `\xHH` (literals are compiled without HS_FLAG_UTF8, so escapes are bytes).
    private static func escape(_ literal: String) -> String {
        var out = ""
        for byte in literal.utf8 {
            if (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) {
                out.append(Character(Unicode.Scalar(byte)))
            } else {
                out += "\\x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
            }
        }
        return out
    }
}
