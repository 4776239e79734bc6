/// How each rule of a rule set reads, as comparable text: what `RuleSetDiff` compares to tell
/// added, removed and modified rules apart. Positions are left out, so moving a rule is no change.
struct RuleDigest: Sendable {
    /// Signal rule id → its fields and patterns.
    var signals: [String: String] = [:]
    /// Modifier id → its fields and patterns.
    var modifiers: [String: String] = [:]
    /// Section name (lists, gazetteer, regions, scoring) → its whole content.
    var sections: [String: String] = [:]

    init() {}

    init(_ defs: RuleDefinitions) {
        func patterns(_ list: [PatternDefinition]) -> String {
            list.map { ($0.isRegex ? "re:" : "ph:") + $0.text }.joined(separator: "\u{1}")
        }
        for rule in defs.signals {
            signals[rule.id] = [
                rule.category, "\(rule.weight)", "\(rule.enabled)", rule.tags.joined(separator: ","),
                rule.description ?? "", patterns(rule.patterns),
            ].joined(separator: "\u{2}")
        }
        for modifier in defs.modifiers {
            modifiers[modifier.id] = [
                modifier.kind.rawValue, "\(modifier.before)", "\(modifier.after)", "\(modifier.effect)",
                modifier.description ?? "", patterns(modifier.patterns),
            ].joined(separator: "\u{2}")
        }
        sections["lists"] = defs.lists.map { "\($0.name)=\(patterns($0.items))" }.sorted().joined(separator: "\n")
        sections["gazetteer"] = defs.countries.map { "\($0.slug)=\(patterns($0.names))" }.sorted().joined(separator: "\n")
        sections["regions"] = defs.regions.map { "\($0.slug)=\($0.members.map(\.slug).joined(separator: ","))" }
            .sorted().joined(separator: "\n")
        sections["scoring"] = (defs.categories.map { "\($0.name)=\($0.cap)" }.sorted()
            + defs.thresholds.flatMap { $0.values.map { "\($0.severity.rawValue)>=\($0.score)" } }).joined(separator: "\n")
    }
}

/// What changed from one rule set to another: signal rules and modifiers by id, the other
/// sections as a whole, and the alert threshold. Logged on every reload.
public struct RuleSetDiff: Sendable, Equatable, CustomStringConvertible {
    /// Ids added, removed and modified, each sorted.
    public struct Changes: Sendable, Equatable {
        public var added: [String] = []
        public var removed: [String] = []
        public var modified: [String] = []
        public var isEmpty: Bool { added.isEmpty && removed.isEmpty && modified.isEmpty }

        init(_ old: [String: String], _ new: [String: String]) {
            added = new.keys.filter { old[$0] == nil }.sorted()
            removed = old.keys.filter { new[$0] == nil }.sorted()
            modified = new.compactMap { id, text in old[id].map { $0 == text ? nil : id } ?? nil }.sorted()
        }
    }

    public var signals: Changes
    public var modifiers: Changes
    /// Other sections whose content changed: lists, gazetteer, regions, scoring.
    public var sections: [String]
    /// The alert threshold, when it changed.
    public var threshold: (old: Severity, new: Severity)?

    public init(from old: RuleSet, to new: RuleSet) {
        signals = Changes(old.digest.signals, new.digest.signals)
        modifiers = Changes(old.digest.modifiers, new.digest.modifiers)
        sections = new.digest.sections.keys.filter { old.digest.sections[$0] != new.digest.sections[$0] }.sorted()
        threshold = old.alertThreshold == new.alertThreshold ? nil : (old.alertThreshold, new.alertThreshold)
    }

    /// True when the two sets score every item alike (only comments or layout changed).
    public var isEmpty: Bool { signals.isEmpty && modifiers.isEmpty && sections.isEmpty && threshold == nil }

    public static func == (lhs: RuleSetDiff, rhs: RuleSetDiff) -> Bool {
        lhs.signals == rhs.signals && lhs.modifiers == rhs.modifiers && lhs.sections == rhs.sections
            && lhs.threshold?.old == rhs.threshold?.old && lhs.threshold?.new == rhs.threshold?.new
    }

    /// One line, e.g. `signal rules: added a, b; modified c; modifiers: removed m; also changed: lists`.
    public var description: String {
        var parts: [String] = []
        for (name, changes) in [("signal rules", signals), ("modifiers", modifiers)] where !changes.isEmpty {
            let lists = [("added", changes.added), ("removed", changes.removed), ("modified", changes.modified)]
                .filter { !$0.1.isEmpty }.map { "\($0.0) \($0.1.joined(separator: ", "))" }
            parts.append("\(name): " + lists.joined(separator: "; "))
        }
        if !sections.isEmpty { parts.append("also changed: " + sections.joined(separator: ", ")) }
        if let threshold { parts.append("alert threshold: \(threshold.old.rawValue) -> \(threshold.new.rawValue)") }
        return parts.isEmpty ? "no rule changed (comments or layout only)" : parts.joined(separator: "; ")
    }
}
