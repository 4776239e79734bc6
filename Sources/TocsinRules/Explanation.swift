/// Why the rules assessed an item as they did (`Scorer.explain`): the counted signals with the
/// modifiers that changed them, the modifiers that fired, and the matches that did not count.
///
/// Offsets are Unicode scalars in the scored text, as in `Signal`.
public struct Explanation: Sendable, Equatable, Encodable {
    /// Exactly what `Scorer.assess` returns for the item.
    public var assessment: Assessment
    /// One entry per `assessment.signals` entry, in the same order.
    public var counted: [CountedSignal]
    /// Modifier matches that reached at least one signal match, in text order.
    public var modifiers: [FiredModifier]
    /// Signal matches that did not count, in text order.
    public var uncounted: [UncountedMatch]

    enum CodingKeys: String, CodingKey { case counted, modifiers, uncounted }
}

/// A piece of the scored text.
public struct TextSpan: Sendable, Equatable, Encodable {
    public var evidence: String
    public var start: Int
    public var end: Int
}

/// A counted signal and how its contribution came about.
public struct CountedSignal: Sendable, Equatable, Encodable {
    public var signal: Signal
    /// The rule's weight as written.
    public var ruleWeight: Double
    /// The product of the multiplying modifiers that reached it (1 when none did).
    public var factor: Double
    /// Ids of the modifiers that reached it.
    public var modifiers: [String]
    public var tags: [String]
    /// The category cap cut its contribution below `ruleWeight * factor`.
    public var capped: Bool

    enum CodingKeys: String, CodingKey {
        case signal, ruleWeight = "rule_weight", factor, modifiers, tags, capped
    }
}

/// A modifier match and the signal matches it reached.
public struct FiredModifier: Sendable, Equatable, Encodable {
    public var id: String
    public var kind: ModifierKind
    /// The phrase (or regex) as written in the rule file.
    public var phrase: String
    public var span: TextSpan
    public var effect: ModifierEffect
    public var affects: [AffectedSignal]
}

/// A signal match a modifier reached.
public struct AffectedSignal: Sendable, Equatable, Encodable {
    public var rule: String
    public var span: TextSpan
}

/// A signal match that did not count, and why.
public struct UncountedMatch: Sendable, Equatable, Encodable {
    public var category: String
    public var rule: String
    /// What it would have added: the rule's weight times the factors of the modifiers reaching it.
    public var weight: Double
    public var span: TextSpan
    public var reason: UncountedReason
    /// The cancelling modifier match (for `negated`, `historical`, `hypothetical`, `figurative`, `cancelled`).
    public var modifier: String?
    public var modifierSpan: TextSpan?
    /// The rule whose counted evidence it overlaps (`overlapping`), or whose counted match made
    /// this one a repeat (`repeated`: the rule itself).
    public var other: String?

    enum CodingKeys: String, CodingKey {
        case category, rule, weight, span, reason, modifier, modifierSpan = "modifier_span", other
    }
}

/// Why a signal match did not count.
public enum UncountedReason: String, Sendable, Codable, CaseIterable {
    /// The rule is disabled (`enabled: false`).
    case disabled
    /// A negation modifier cancelled it ("denied", "no ... was observed").
    case negated
    /// A historical modifier cancelled it ("in 1999", "anniversary of").
    case historical
    /// A hypothetical modifier cancelled it ("if ... were to", "war games simulating").
    case hypothetical
    /// A figurative modifier cancelled it ("trade war", "workers on strike").
    case figurative
    /// A modifier of another kind whose effect is `cancel`.
    case cancelled
    /// The rule counted another match (a rule counts once per item, with its best match).
    case repeated
    /// Its evidence overlaps evidence already counted in its category.
    case overlapping
    /// Its category had reached its cap.
    case overCap = "over_cap"
}

extension ModifierEffect: Encodable {
    /// `"cancel"` or the factor.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .cancel: try container.encode("cancel")
        case let .multiply(factor): try container.encode(factor)
        }
    }
}
