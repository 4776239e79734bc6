import Yams

/// Reads one rule file's YAML into `RuleDefinitions`, collecting every problem with its position
/// rather than stopping at the first, so `tocsin check` can list them all.
///
/// Top-level keys (each optional, any file may hold any of them; several files merge):
/// `signals` (list of rules), `lists` (name -> phrases), `modifiers` (list of modifiers),
/// `countries` (slug -> names), `regions` (slug -> country slugs), `scoring` (`thresholds` and
/// `categories`). Signals, lists and modifiers are read in `RuleFileReader+Signals.swift`.
struct RuleFileReader {
    let path: String
    var problems: [FileProblem] = []
    /// False when the file is not valid YAML.
    private(set) var parsed = false
    /// The file's lines, to find where a phrase's text starts inside its YAML scalar.
    private var lines: [Substring] = []

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
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let root else { return }   // an empty file contributes nothing
        guard let top = mapping(root, "the top level of a rule file") else { return }
        for (key, value) in top {
            switch key.string ?? "" {
            case "signals": readSignals(value, into: &defs)
            case "lists": readLists(value, into: &defs)
            case "modifiers": readModifiers(value, into: &defs)
            case "countries": readCountries(value, into: &defs)
            case "regions": readRegions(value, into: &defs)
            case "scoring": readScoring(value, into: &defs)
            default:
                report(key, "unknown top-level key '\(key.string ?? "?")'; expected signals, lists, modifiers, countries, regions or scoring")
            }
        }
    }

    // MARK: - Sections

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
                guard cap >= 0 else { report(capNode, "'cap' must be 0 or more (0 mutes the category)"); continue }
                defs.categories.append(CategoryDefinition(name: name, cap: cap, location: location(key), capLocation: location(capNode)))
            }
        }
    }

    // MARK: - Node helpers

    func location(_ node: Node) -> SourceLocation {
        SourceLocation(path: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    mutating func report(_ node: Node, _ message: String) {
        problems.append(location(node).problem(message))
    }

    mutating func mapping(_ node: Node, _ what: String) -> Node.Mapping? {
        if case let .mapping(m) = node { return m }
        report(node, "expected a mapping (key: value) for \(what)")
        return nil
    }

    mutating func checkKeys(_ map: Node.Mapping, allowed: [String], in what: String) {
        for key in map.keys where !allowed.contains(key.string ?? "") {
            report(key, "unknown key '\(key.string ?? "?")' in \(what); expected one of: \(allowed.joined(separator: ", "))")
        }
    }

    mutating func requiredString(_ map: Node.Mapping, _ key: String, in node: Node, what: String) -> (String, SourceLocation)? {
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

    mutating func number(_ node: Node, _ what: String) -> Double? {
        if case let .scalar(s) = node, let value = Double(s.string), value.isFinite { return value }
        report(node, "\(what) must be a number")
        return nil
    }

    /// A string or a list of strings, each with its position.
    mutating func stringList(_ node: Node, _ what: String) -> [(String, SourceLocation)] {
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

    /// A string or a list of strings as patterns (phrases unless `isRegex`).
    mutating func patterns(_ node: Node, _ what: String, isRegex: Bool = false) -> [PatternDefinition] {
        var out: [PatternDefinition] = []
        func add(_ scalar: Node.Scalar, _ node: Node) {
            let at = location(node)
            out.append(PatternDefinition(text: scalar.string, isRegex: isRegex, location: at,
                                         textColumn: isRegex ? nil : textColumn(of: scalar, at: at)))
        }
        switch node {
        case let .scalar(s) where !s.string.isEmpty:
            add(s, node)
        case let .sequence(list):
            for item in list {
                if case let .scalar(s) = item, !s.string.isEmpty {
                    add(s, item)
                } else {
                    report(item, "each entry of \(what) must be a non-empty string")
                }
            }
        default:
            report(node, "\(what) must be a string or a list of strings")
        }
        return out
    }

    /// The column where a scalar's text starts, if the source holds it there as written on one
    /// line (plain, or quoted without escapes); nil otherwise.
    private func textColumn(of scalar: Node.Scalar, at location: SourceLocation) -> Int? {
        guard scalar.string.contains("@"), location.line <= lines.count else { return nil }
        let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
        guard quoted || scalar.style == .plain || scalar.style == .any else { return nil }
        let column = location.column + (quoted ? 1 : 0)
        let line = lines[location.line - 1].unicodeScalars
        guard column >= 1, column - 1 <= line.count else { return nil }
        let rest = line.dropFirst(column - 1)
        return rest.starts(with: scalar.string.unicodeScalars) ? column : nil
    }

    private mutating func slug(_ node: Node, _ what: String) -> String? {
        guard let s = node.string, isIdentifier(s, allowing: "-") else {
            report(node, "\(what) slugs use lower-case letters, digits and '-' (e.g. north-korea)")
            return nil
        }
        return s
    }

    func isIdentifier(_ s: String, allowing separator: Character) -> Bool {
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
            // YAML reserves '@' at the start of a value, so a phrase opening with a list reference
            // needs quotes; say so rather than leave the reader with a scanner message.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if mark.line >= 1, mark.line <= lines.count,
               lines[mark.line - 1].unicodeScalars.dropFirst(max(mark.column - 1, 0)).first == "@" {
                return at(mark, "a phrase that starts with a list reference must be quoted, e.g. \"@military_units ~3 deployed\"")
            }
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
