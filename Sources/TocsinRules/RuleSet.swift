import Foundation

/// A rule file's contents and the path to report problems against.
public struct RuleSource: Sendable {
    public var path: String
    public var text: String
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// A compiled, immutable rule set; safe to share between tasks (each task scores with its own `Scorer`).
public final class RuleSet: Sendable {
    /// `sha-<12 hex>` of the rule files' contents (in load order), so any rule change changes it.
    public let version: String
    /// Items at or above this severity are alerts.
    public let alertThreshold: Severity
    /// The rule files that were loaded, in load order.
    public let files: [String]
    /// Things that load but are probably mistakes (unused lists, rules that can never match...),
    /// as `path:line:column: message`; `tocsin check` prints them as warnings.
    public let warnings: [FileProblem]

    /// Each rule as comparable text, for `RuleSetDiff`.
    let digest: RuleDigest
    let signalRules: [SignalRule]
    let modifiers: [Modifier]
    let modifierPatterns: [ModifierPattern]
    let categories: [Category]
    let countries: [String]
    let regions: [Region]
    /// For each country, the regions it belongs to.
    let countryRegions: [[Int]]
    let thresholds: [(severity: Severity, score: Double)]   // ascending
    let matchTable: MatchTable
    let database: HyperscanDatabase?

    /// A compiled signal rule; `category` indexes `categories`.
    struct SignalRule: Sendable {
        var id: String
        var category: Int
        var weight: Double
        /// A disabled rule is compiled and matched (so explanations can show it) but never counts.
        var enabled = true
        var tags: [String] = []
        var description: String?
    }

    struct Category: Sendable {
        var name: String
        var cap: Double
    }

    /// A named region or known pair; `members` index `countries`.
    struct Region: Sendable {
        var slug: String
        var members: [Int]
    }

    /// What a phrase or regex stands for. `signal(i)` covers every target that is not a country:
    /// signal rule `i` when `i < signalRules.count`, else modifier pattern `i - signalRules.count`
    /// (one index space, so the match tables need no third kind).
    enum PatternTarget: Sendable {
        case signal(Int)
        case country(Int)
    }

    private init(
        version: String, alertThreshold: Severity, files: [String], warnings: [FileProblem], digest: RuleDigest,
        compiled: RuleSetBuilder.Compiled
    ) {
        self.version = version
        self.digest = digest
        self.alertThreshold = alertThreshold
        self.files = files
        self.warnings = warnings
        self.signalRules = compiled.signalRules
        self.modifiers = compiled.modifiers
        self.modifierPatterns = compiled.modifierPatterns
        let categories = compiled.categories, countries = compiled.countries, regions = compiled.regions
        self.categories = categories
        self.countries = countries
        self.regions = regions
        var countryRegions = [[Int]](repeating: [], count: countries.count)
        for (index, region) in regions.enumerated() { for member in Set(region.members) { countryRegions[member].append(index) } }
        self.countryRegions = countryRegions
        self.thresholds = compiled.thresholds
        self.matchTable = compiled.matchTable
        self.database = compiled.database
    }

    /// Number of signal rules, for logs.
    public var signalRuleCount: Int { signalRules.count }
    /// Number of modifiers, for logs.
    public var modifierCount: Int { modifiers.count }
    /// Number of gazetteer countries, for logs.
    public var countryCount: Int { countries.count }

    /// The severity a score reaches under this rule set's thresholds.
    public func severity(forScore score: Double) -> Severity {
        thresholds.last(where: { score >= $0.score })?.severity ?? .none
    }

    /// Loads rule files. Each path is a YAML file or a directory, whose `*.yaml` / `*.yml` files are
    /// loaded in name order; all files merge into one rule set. Every problem found is reported.
    public static func load(paths: [String], alertThreshold: Severity = .medium) throws(RuleLoadError) -> RuleSet {
        let (sources, problems) = YAMLSources.read(paths: paths, kind: "rule")
        guard problems.isEmpty else { throw RuleLoadError(problems: problems) }
        return try load(sources: sources, alertThreshold: alertThreshold)
    }

    /// Loads rules from in-memory sources (used by `load(paths:)`, tests and tools).
    public static func load(sources: [RuleSource], alertThreshold: Severity = .medium) throws(RuleLoadError) -> RuleSet {
        var defs = RuleDefinitions()
        var problems: [FileProblem] = []
        var unparsable = false
        var digest = SHA256()
        for source in sources {
            var reader = RuleFileReader(path: source.path)
            reader.read(source.text, into: &defs)
            problems += reader.problems
            unparsable = unparsable || !reader.parsed
            let bytes = Array(source.text.utf8)
            digest.update((0..<8).map { UInt8(truncatingIfNeeded: bytes.count >> (8 * $0)) })
            digest.update(bytes)
        }
        // Checks across files would only echo a file that is not YAML at all (every rule's category
        // is "unknown" when scoring.yaml does not parse), so they wait until all files parse.
        if unparsable { throw RuleLoadError(problems: problems) }
        var builder = RuleSetBuilder(defs: defs, firstPath: sources.first?.path ?? "<no rule files>")
        builder.validate()
        problems += builder.problems
        guard problems.isEmpty else { throw RuleLoadError(problems: problems, warnings: builder.warnings) }
        let compiled = builder.compile()
        guard builder.problems.isEmpty else { throw RuleLoadError(problems: builder.problems, warnings: builder.warnings) }
        return RuleSet(
            version: "sha-" + String(hexString(digest.finish()).prefix(12)), alertThreshold: alertThreshold,
            files: sources.map(\.path), warnings: builder.warnings, digest: RuleDigest(defs), compiled: compiled)
    }
}
