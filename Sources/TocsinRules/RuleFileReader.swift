import Yams

/// Reads one rule file's YAML into `RuleDefinitions`, collecting every problem with its position
/// rather than stopping at the first, so `tocsin check` can list them all.
///
/// Top-level keys (each optional, any file may hold any of them; several files merge):
/// `signals` (list of rules), `countries` (slug -> names), `regions` (slug -> country slugs),
/// `scoring` (`thresholds` and `categories`).
struct RuleFileReader {
    let path: String
    private(set) var problems: [FileProblem] = []
    /// False when the file is not valid YAML.
    private(set) var parsed = false

    init(path: String) { self.path = path }

    mutating func read(_ text: String, into defs: inout RuleDefinitions) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            problems.append(yamlProblem(error, text: text))
            return
        } catch {
            problems.append(SourceLocation(path: path, line: 1, column: 1).problem("cannot parse YAML: \(error)"))
            return
        }
        parsed = true
        guard let root else { return }   // an empty file contributes nothing
        guard let top = mapping(root, "the top level of a rule file") else { return }
        for (key, value) in top {
            switch key.string ?? "" {
            case "signals": readSignals(value, into: &defs)
            case "countries": readCountries(value, into: &defs)
            case "regions": readRegions(value, into: &defs)
            case "scoring": readScoring(value, into: &defs)
            default:
                report(key, "unknown top-level key '\(key.string ?? "?")'; expected signals, countries, regions or scoring")
            }
        }
    }

    // MARK: - Sections

    private mutating func readSignals(_ node: Node, into defs: inout RuleDefinitions) {
        guard case let .sequence(list) = node else {
            report(node, "'signals' must be a list of rules (each starting with '- id: ...')")
            return
        }
        for item in list {
            guard let rule = mapping(item, "a signal rule") else { continue }
            checkKeys(rule, allowed: ["id", "category", "weight", "match", "regex", "description"], in: "a signal rule")
            let id = requiredString(rule, "id", in: item, what: "signal rule")
            let category = requiredString(rule, "category", in: item, what: "signal rule")
            var weight: Double?
            if let w = rule["weight"] {
                weight = number(w, "weight")
                if weight == 0 { report(w, "'weight' must not be 0; remove the rule instead") }
            } else {
                report(item, "signal rule is missing 'weight' (a number; negative for de-escalation)")
            }
            var patterns: [PatternDefinition] = []
            if let m = rule["match"] { patterns += stringList(m, "match").map { PatternDefinition(text: $0.0, isRegex: false, location: $0.1) } }
            if let r = rule["regex"] { patterns += stringList(r, "regex").map { PatternDefinition(text: $0.0, isRegex: true, location: $0.1) } }
            if rule["match"] == nil, rule["regex"] == nil {
                report(item, "signal rule has no 'match' (phrases) or 'regex' (patterns); add at least one")
            }
            guard let id, let category, let weight else { continue }
            defs.signals.append(SignalRuleDefinition(
                id: id.0, category: category.0, weight: weight, patterns: patterns,
                location: id.1, categoryLocation: category.1))
        }
    }

    private mutating func readCountries(_ node: Node, into defs: inout RuleDefinitions) {
        guard let map = mapping(node, "'countries' (country slug -> list of names)") else { return }
        for (key, value) in map {
            guard let slug = slug(key, "country") else { continue }
            let names = stringList(value, "the names of '\(slug)'")
            if names.isEmpty { report(value, "country '\(slug)' has no names; list at least one") }
            defs.countries.append(CountryDefinition(
                slug: slug, names: names.map { PatternDefinition(text: $0.0, isRegex: false, location: $0.1) },
                location: location(key)))
        }
    }

    private mutating func readRegions(_ node: Node, into defs: inout RuleDefinitions) {
        guard let map = mapping(node, "'regions' (region slug -> list of country slugs)") else { return }
        for (key, value) in map {
            guard let slug = slug(key, "region") else { continue }
            let members = stringList(value, "the countries of region '\(slug)'")
            if members.count < 2 { report(value, "region '\(slug)' needs at least two countries") }
            defs.regions.append(RegionDefinition(
                slug: slug, members: members.map { (slug: $0.0, location: $0.1) }, location: location(key)))
        }
    }

    private mutating func readScoring(_ node: Node, into defs: inout RuleDefinitions) {
        guard let map = mapping(node, "'scoring'") else { return }
        checkKeys(map, allowed: ["thresholds", "categories"], in: "'scoring'")
        if let t = map["thresholds"], let tmap = mapping(t, "'thresholds' (low/medium/high/critical -> score)") {
            let tiers: [Severity] = [.low, .medium, .high, .critical]
            checkKeys(tmap, allowed: tiers.map(\.rawValue), in: "'thresholds'")
            var values: [(severity: Severity, score: Double)] = []
            var previous: (Severity, Double)?
            for tier in tiers {
                guard let v = tmap[tier.rawValue] else {
                    report(t, "'thresholds' is missing '\(tier.rawValue)'; give all of low, medium, high and critical")
                    continue
                }
                guard let score = number(v, "threshold '\(tier.rawValue)'") else { continue }
                if score <= 0 {
                    report(v, "threshold '\(tier.rawValue)' must be above 0, so an item without signals stays 'none'")
                }
                if let previous, score <= previous.1 {
                    report(v, "threshold '\(tier.rawValue)' (\(score)) must be greater than '\(previous.0.rawValue)' (\(previous.1)); thresholds must ascend low < medium < high < critical")
                }
                previous = (tier, score)
                values.append((tier, score))
            }
            if values.count == tiers.count { defs.thresholds.append(ThresholdDefinition(values: values, location: location(t))) }
        }
        if let c = map["categories"], let cmap = mapping(c, "'categories' (name -> {cap: number})") {
            for (key, value) in cmap {
                guard let name = key.string, isIdentifier(name, allowing: "_") else {
                    report(key, "category names use lower-case letters, digits and '_' (e.g. troop_deployment)")
                    continue
                }
                guard let props = mapping(value, "category '\(name)' (e.g. {cap: 3})") else { continue }
                checkKeys(props, allowed: ["cap"], in: "category '\(name)'")
                guard let capNode = props["cap"] else {
                    report(value, "category '\(name)' is missing 'cap' (the most its rules together may add)")
                    continue
                }
                guard let cap = number(capNode, "cap") else { continue }
                guard cap > 0 else { report(capNode, "'cap' must be above 0"); continue }
                defs.categories.append(CategoryDefinition(name: name, cap: cap, location: location(key)))
            }
        }
    }

    // MARK: - Node helpers

    func location(_ node: Node) -> SourceLocation {
        SourceLocation(path: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    private mutating func report(_ node: Node, _ message: String) {
        problems.append(location(node).problem(message))
    }

    private mutating func mapping(_ node: Node, _ what: String) -> Node.Mapping? {
        if case let .mapping(m) = node { return m }
        report(node, "expected a mapping (key: value) for \(what)")
        return nil
    }

    private mutating func checkKeys(_ map: Node.Mapping, allowed: [String], in what: String) {
        for key in map.keys where !allowed.contains(key.string ?? "") {
            report(key, "unknown key '\(key.string ?? "?")' in \(what); expected one of: \(allowed.joined(separator: ", "))")
        }
    }

    private mutating func requiredString(_ map: Node.Mapping, _ key: String, in node: Node, what: String) -> (String, SourceLocation)? {
        guard let value = map[key] else {
            report(node, "\(what) is missing '\(key)'")
            return nil
        }
        guard case let .scalar(s) = value, !s.string.isEmpty else {
            report(value, "'\(key)' must be a non-empty string")
            return nil
        }
        return (s.string, location(value))
    }

    private mutating func number(_ node: Node, _ what: String) -> Double? {
        if case let .scalar(s) = node, let value = Double(s.string), value.isFinite { return value }
        report(node, "\(what) must be a number")
        return nil
    }

    /// A string or a list of strings, each with its position.
    private mutating func stringList(_ node: Node, _ what: String) -> [(String, SourceLocation)] {
        switch node {
        case let .scalar(s) where !s.string.isEmpty:
            return [(s.string, location(node))]
        case let .sequence(list):
            var out: [(String, SourceLocation)] = []
            for item in list {
                if case let .scalar(s) = item, !s.string.isEmpty {
                    out.append((s.string, location(item)))
                } else {
                    report(item, "each entry of \(what) must be a non-empty string")
                }
            }
            return out
        default:
            report(node, "\(what) must be a string or a list of strings")
            return []
        }
    }

    private mutating func slug(_ node: Node, _ what: String) -> String? {
        guard let s = node.string, isIdentifier(s, allowing: "-") else {
            report(node, "\(what) slugs use lower-case letters, digits and '-' (e.g. north-korea)")
            return nil
        }
        return s
    }

    private func isIdentifier(_ s: String, allowing separator: Character) -> Bool {
        guard let first = s.first, first.isASCII, first.isLetter, first.isLowercase else { return false }
        return s.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == separator }
    }

    /// Turns a Yams error into a positioned problem (Yams marks are 1-based).
    private func yamlProblem(_ error: YamlError, text: String) -> FileProblem {
        func at(_ mark: Mark, _ message: String) -> FileProblem {
            FileProblem(path: path, line: mark.line, column: mark.column, message: message)
        }
        let hint = "; fix the YAML syntax (indentation, quoting, ':' after keys)"
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let ctx = context.map { " (\($0.text) at \($0.mark.line):\($0.mark.column))" } ?? ""
            return at(mark, "invalid YAML: \(problem)\(ctx)\(hint)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return at(context.mark, "duplicate key(s) \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in one mapping; each key may appear once")
        case let .reader(problem, offset, _, _):
            // The reader reports a byte offset; turn it into a line and column.
            var line = 1, column = 1
            if let offset {
                for byte in text.utf8.prefix(offset) {
                    if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
                }
            }
            return FileProblem(path: path, line: line, column: column, message: "cannot read YAML: \(problem)")
        default:
            return FileProblem(path: path, line: 1, column: 1, message: "invalid YAML: \(error)")
        }
    }
}
