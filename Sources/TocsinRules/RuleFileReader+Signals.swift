import Yams

/// The `signals:`, `lists:` and `modifiers:` sections.
extension RuleFileReader {
    mutating func readSignals(_ node: Node, into defs: inout RuleDefinitions) {
        guard case let .sequence(list) = node else {
            report(node, "'signals' must be a list of rules (each starting with '- id: ...')")
            return
        }
        for item in list {
            guard let rule = mapping(item, "a signal rule") else { continue }
            checkKeys(rule, allowed: ["id", "category", "weight", "match", "regex", "description", "tags", "enabled"], in: "a signal rule")
            let id = requiredString(rule, "id", in: item, what: "signal rule")
            let category = requiredString(rule, "category", in: item, what: "signal rule")
            var weight: Double?
            if let w = rule["weight"] {
                weight = number(w, "weight")
                if weight == 0 { report(w, "'weight' must not be 0; remove the rule or set 'enabled: false'") }
            } else {
                report(item, "signal rule is missing 'weight' (a number; negative for de-escalation)")
            }
            let patterns = readPatterns(rule, in: item, what: "signal rule")
            let tags = rule["tags"].map { stringList($0, "tags").map(\.0) } ?? []
            let enabled = rule["enabled"].map { bool($0, "enabled") } ?? true
            guard let id, let category, let weight else { continue }
            defs.signals.append(SignalRuleDefinition(
                id: id.0, category: category.0, weight: weight, patterns: patterns,
                location: id.1, categoryLocation: category.1, description: rule["description"]?.string,
                tags: tags, enabled: enabled))
        }
    }

    mutating func readLists(_ node: Node, into defs: inout RuleDefinitions) {
        guard let map = mapping(node, "'lists' (list name -> phrases, e.g. military_units: [troops, soldiers])") else { return }
        for (key, value) in map {
            guard let name = key.string, isIdentifier(name, allowing: "_") else {
                report(key, "list names use lower-case letters, digits and '_' (e.g. military_units)")
                continue
            }
            // An empty list is allowed (a placeholder); the builder warns that it matches nothing.
            let items: [PatternDefinition]
            if case let .sequence(entries) = value, entries.isEmpty {
                items = []
            } else {
                items = patterns(value, "list '\(name)'")
            }
            defs.lists.append(ListDefinition(name: name, items: items, location: location(key)))
        }
    }

    mutating func readModifiers(_ node: Node, into defs: inout RuleDefinitions) {
        guard case let .sequence(list) = node else {
            report(node, "'modifiers' must be a list (each starting with '- id: ...')")
            return
        }
        let kinds = ModifierKind.allCases.map(\.rawValue).joined(separator: ", ")
        for item in list {
            guard let map = mapping(item, "a modifier") else { continue }
            checkKeys(map, allowed: ["id", "kind", "match", "regex", "scope", "effect", "description"], in: "a modifier")
            let id = requiredString(map, "id", in: item, what: "modifier")
            var kind: ModifierKind?
            if let k = requiredString(map, "kind", in: item, what: "modifier") {
                kind = ModifierKind(rawValue: k.0)
                if kind == nil { problems.append(k.1.problem("unknown modifier kind '\(k.0)'; use one of: \(kinds)")) }
            }
            let patterns = readPatterns(map, in: item, what: "modifier")
            var scope: (before: Int, after: Int)?
            if kind == .boundary {
                for key in ["scope", "effect"] {
                    if let n = map[key] { report(n, "a boundary modifier has no '\(key)': it only ends the reach of the others") }
                }
                scope = (0, 0)
            } else if let s = map["scope"] {
                scope = readScope(s)
            } else if kind != nil {
                report(item, "modifier is missing 'scope': the words it reaches before and after a signal, e.g. 'scope: {before: 4, after: 2}', 'scope: sentence' or 'scope: title'")
            }
            var effect = kind?.defaultEffect
            if let e = map["effect"], kind != .boundary { effect = readEffect(e) }
            guard let id, let kind, let scope, let effect else { continue }
            defs.modifiers.append(ModifierDefinition(
                id: id.0, kind: kind, patterns: patterns, before: scope.before, after: scope.after, effect: effect,
                location: id.1, effectLocation: map["effect"].map(location) ?? id.1, description: map["description"]?.string))
        }
    }

    /// `match:` phrases and `regex:` patterns; at least one is required.
    private mutating func readPatterns(_ map: Node.Mapping, in node: Node, what: String) -> [PatternDefinition] {
        var out: [PatternDefinition] = []
        if let m = map["match"] { out += patterns(m, "match") }
        if let r = map["regex"] { out += patterns(r, "regex", isRegex: true) }
        if map["match"] == nil, map["regex"] == nil {
            report(node, "\(what) has no 'match' (phrases) or 'regex' (patterns); add at least one")
        }
        return out
    }

    /// Modifier scopes reach at most this many words; `sentence` means the whole sentence.
    static let sentenceScope = 1000
    /// `scope: title`: a match in the title reaches every signal in the item; matches in the body
    /// are ignored (headline framing: "Review:", "Opinion:", "museum", "typhoon").
    static let titleScope = -1

    private mutating func readScope(_ node: Node) -> (before: Int, after: Int)? {
        if node.string == "sentence" { return (Self.sentenceScope, Self.sentenceScope) }
        if node.string == "title" { return (Self.titleScope, Self.titleScope) }
        let hint = "'scope' is 'sentence', 'title' or {before: N, after: N} (words, 0 to 50)"
        guard case let .mapping(map) = node else { report(node, hint); return nil }
        checkKeys(map, allowed: ["before", "after"], in: "'scope'")
        var result = (before: 0, after: 0)
        for key in ["before", "after"] {
            guard let value = map[key] else { continue }
            var words: Int
            if value.string == "sentence" {
                words = Self.sentenceScope
            } else if let n = value.int, (0...50).contains(n) {
                words = n
            } else {
                report(value, hint)
                return nil
            }
            if key == "before" { result.before = words } else { result.after = words }
        }
        if map["before"] == nil, map["after"] == nil { report(node, hint); return nil }
        return result
    }

    private mutating func readEffect(_ node: Node) -> ModifierEffect? {
        if node.string == "cancel" { return .cancel }
        if let s = node.string, let factor = Double(s), factor.isFinite, factor > 0 { return .multiply(factor) }
        report(node, "'effect' is 'cancel' or a factor above 0 that multiplies the signal's weight (e.g. 0.5 or 1.5)")
        return nil
    }

    private mutating func bool(_ node: Node, _ what: String) -> Bool {
        if let value = node.bool { return value }
        report(node, "'\(what)' must be true or false")
        return true
    }
}
