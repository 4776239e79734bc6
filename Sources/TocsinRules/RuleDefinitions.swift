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
}

/// A signal rule as written in a `signals:` list.
struct SignalRuleDefinition: Sendable {
    var id: String
    var category: String
    var weight: Double
    var patterns: [PatternDefinition]
    var location: SourceLocation
    var categoryLocation: SourceLocation
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

/// A score category and the cap on its total contribution (in absolute value).
struct CategoryDefinition: Sendable {
    var name: String
    var cap: Double
    var location: SourceLocation
}

/// The score at which each severity starts.
struct ThresholdDefinition: Sendable {
    var values: [(severity: Severity, score: Double)]   // low, medium, high, critical
    var location: SourceLocation
}

/// Everything read from all rule files, before validation across files and compilation.
struct RuleDefinitions: Sendable {
    var signals: [SignalRuleDefinition] = []
    var countries: [CountryDefinition] = []
    var regions: [RegionDefinition] = []
    var categories: [CategoryDefinition] = []
    var thresholds: [ThresholdDefinition] = []
}
