/// A position in a rule file, for error messages.
struct SourceLocation: Sendable, Equatable {
    var path: String
    var line: Int
    var column: Int

    func problem(_ message: String) -> FileProblem {
        FileProblem(path: path, line: line, column: column, message: message)
    }

    var description: String { "\(path):\(line):\(column)" }
}

/// One pattern as written: a phrase (see `PhraseCompiler`) or a raw Hyperscan regex.
struct PatternDefinition: Sendable {
    var text: String
    var isRegex: Bool
    var location: SourceLocation
    /// Column of the text's first character when it sits on one line (after an opening quote),
    /// so a problem inside the phrase, like an unknown `@list`, can point at itself.
    var textColumn: Int?

    init(text: String, isRegex: Bool, location: SourceLocation, textColumn: Int? = nil) {
        self.text = text
        self.isRegex = isRegex
        self.location = location
        self.textColumn = textColumn
    }

    /// Where the character `offset` Unicode scalars into the text is (the pattern's start when
    /// the text spans lines).
    func location(atOffset offset: Int) -> SourceLocation {
        guard let textColumn else { return location }
        var at = location
        at.column = textColumn + offset
        return at
    }
}

/// A signal rule as written in a `signals:` list.
struct SignalRuleDefinition: Sendable {
    var id: String
    var category: String
    var weight: Double
    var patterns: [PatternDefinition]
    var location: SourceLocation
    var categoryLocation: SourceLocation
    var description: String?
    var tags: [String] = []
    var enabled = true
}

/// A named list of phrases (`lists: {military_units: [troops, soldiers]}`), used as `@name`.
struct ListDefinition: Sendable {
    var name: String
    var items: [PatternDefinition]
    var location: SourceLocation
}

/// A modifier as written in a `modifiers:` list: phrases that change signal matches near them.
struct ModifierDefinition: Sendable {
    var id: String
    var kind: ModifierKind
    var patterns: [PatternDefinition]
    /// Words before the signal's evidence (and after it) that the modifier reaches, within the sentence.
    var before: Int
    var after: Int
    var effect: ModifierEffect
    var location: SourceLocation
    var effectLocation: SourceLocation
    var description: String?
}

/// A gazetteer entry: a country slug and the names that count as a mention of it.
struct CountryDefinition: Sendable {
    var slug: String
    var names: [PatternDefinition]
    var location: SourceLocation
}

/// A named region (`koreas: [north-korea, south-korea]`) or a known pair (`india-pakistan: [india, pakistan]`).
struct RegionDefinition: Sendable {
    var slug: String
    var members: [(slug: String, location: SourceLocation)]
    var location: SourceLocation
}

/// A score category and the cap on its total contribution (in absolute value; 0 mutes it).
struct CategoryDefinition: Sendable {
    var name: String
    var cap: Double
    var location: SourceLocation
    var capLocation: SourceLocation
}

/// The score at which each severity starts.
struct ThresholdDefinition: Sendable {
    var values: [(severity: Severity, score: Double)]   // low, medium, high, critical
    var location: SourceLocation
}

/// Everything read from all rule files, before validation across files and compilation.
struct RuleDefinitions: Sendable {
    var signals: [SignalRuleDefinition] = []
    var lists: [ListDefinition] = []
    var modifiers: [ModifierDefinition] = []
    var countries: [CountryDefinition] = []
    var regions: [RegionDefinition] = []
    var categories: [CategoryDefinition] = []
    var thresholds: [ThresholdDefinition] = []
}
