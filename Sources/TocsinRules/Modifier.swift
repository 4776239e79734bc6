/// What a modifier phrase says about a signal match in its scope.
public enum ModifierKind: String, Sendable, Codable, CaseIterable {
    /// "denied", "no ... was observed", "did not": the signal did not happen.
    case negation
    /// "reportedly", "unconfirmed", "anonymous source": the signal is not established.
    case hedge
    /// "thousands of", "massive", "additional": the signal is larger than usual.
    case magnitude
    /// "in 1999", "anniversary of", "recalling": the signal is about the past.
    case historical
    /// "if ... were to", "would", "war games simulating": the signal is imagined.
    case hypothetical
    /// "trade war", "workers went on strike", "Champions Trophy clash": military words used
    /// about something else.
    case figurative
    /// "but", "however": ends the reach of the other modifiers, so "X denied the strike, but Y said
    /// soldiers were killed" keeps the second clause.
    case boundary

    /// The effect a modifier of this kind has when its rule file does not say.
    var defaultEffect: ModifierEffect {
        switch self {
        case .negation, .historical, .hypothetical, .figurative: .cancel
        case .hedge: .multiply(0.5)
        case .magnitude: .multiply(1.5)
        case .boundary: .multiply(1)
        }
    }
}

/// What a modifier does to a signal match in its scope.
public enum ModifierEffect: Sendable, Equatable, CustomStringConvertible {
    /// The match does not count.
    case cancel
    /// The match's weight is multiplied (several modifiers multiply together; the category cap
    /// still applies).
    case multiply(Double)

    public var description: String {
        switch self {
        case .cancel: "cancel"
        case let .multiply(factor): "x\(formatWeight(factor))"
        }
    }
}

extension RuleSet {
    /// A compiled modifier.
    struct Modifier: Sendable {
        var id: String
        var kind: ModifierKind
        var effect: ModifierEffect
        var before: Int
        var after: Int
    }

    /// One modifier phrase or regex as written; each is its own match target so an explanation
    /// can say which phrase fired.
    struct ModifierPattern: Sendable {
        var modifier: Int
        var text: String
    }
}

/// A weight or factor without a trailing `.0` (`3`, `1.5`, `-2`).
func formatWeight(_ value: Double) -> String {
    let rounded = (value * 1e6).rounded() / 1e6
    if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int(rounded)) }
    return String(rounded)
}
