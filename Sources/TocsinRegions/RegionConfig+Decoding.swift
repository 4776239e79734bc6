import Foundation

/// One problem in the `regions:` config section: the key it concerns (nil for the section as a
/// whole, `thresholds.low` style for nested keys) and what to change.
public struct RegionConfigProblem: Sendable, Equatable, CustomStringConvertible {
    public var key: String?
    public var message: String

    public init(key: String?, message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { key.map { "regions.\($0): \(message)" } ?? "regions: \(message)" }
}

/// Every problem found in a `regions:` section; start-up should stop on it.
public struct RegionConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [RegionConfigProblem]
    public init(_ problems: [RegionConfigProblem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

extension RegionConfig {
    /// The keys of the `regions:` section (`thresholds` is a mapping of `thresholds.keys`).
    public static let keys: [String] = [
        "window", "half_life", "baseline_window", "surge_ratio", "baseline_floor", "surge_raises_tier",
        "thresholds", "hysteresis_margin", "suppression_interval", "dedup_window", "similarity_threshold",
        "min_sources_for_critical", "max_drivers",
    ]

    /// The keys of `regions.thresholds`.
    public static let thresholdKeys: [String] = ["low", "medium", "high", "critical"]

    /// Reads the section from a flat mapping of key to the YAML scalar's text (`thresholds` entries
    /// as `thresholds.low` ...), then validates it; throws every problem at once.
    ///
    /// The daemon's YAML reader can instead call `set(_:to:)` per node, to report each problem at
    /// its line and column, then `validate()` for problems between keys.
    public init(settings: [String: String]) throws(RegionConfigError) {
        self.init()
        var problems: [RegionConfigProblem] = []
        for (key, text) in settings.sorted(by: { $0.key < $1.key }) {
            do throws(RegionConfigError) { try set(key, to: text) } catch { problems += error.problems }
        }
        if problems.isEmpty { problems = validate().map { RegionConfigProblem(key: nil, message: $0) } }
        if !problems.isEmpty { throw RegionConfigError(problems) }
    }

    /// Sets one key from its scalar text: durations as seconds (`3600`) or with a unit (`90s`,
    /// `30m`, `6h`, `14d`), numbers, integers, booleans (`true`/`false`).
    public mutating func set(_ key: String, to text: String) throws(RegionConfigError) {
        let value = text.trimmingCharacters(in: .whitespaces)
        func fail(_ message: String) -> RegionConfigError { RegionConfigError([RegionConfigProblem(key: key, message: message)]) }
        func duration() throws(RegionConfigError) -> TimeInterval {
            guard let seconds = Self.parseDuration(value) else {
                throw fail("must be a duration: seconds, or a number with s, m, h or d (e.g. 6h); got '\(value)'")
            }
            return seconds
        }
        func number() throws(RegionConfigError) -> Double {
            guard let number = Double(value), number.isFinite else { throw fail("must be a number; got '\(value)'") }
            return number
        }
        func integer() throws(RegionConfigError) -> Int {
            guard let number = Int(value) else { throw fail("must be a whole number; got '\(value)'") }
            return number
        }
        switch key {
        case "window": window = try duration()
        case "half_life": halfLife = try duration()
        case "baseline_window": baselineWindow = try duration()
        case "dedup_window": dedupWindow = try duration()
        case "suppression_interval": suppressionInterval = try duration()
        case "surge_ratio": surgeRatio = try number()
        case "baseline_floor": baselineFloor = try number()
        case "hysteresis_margin": hysteresisMargin = try number()
        case "similarity_threshold": similarityThreshold = try number()
        case "min_sources_for_critical": minSourcesForCritical = try integer()
        case "max_drivers": maxDrivers = try integer()
        case "surge_raises_tier":
            switch value.lowercased() {
            case "true", "yes", "on": surgeRaisesTier = true
            case "false", "no", "off": surgeRaisesTier = false
            default: throw fail("must be true or false; got '\(value)'")
            }
        case "thresholds.low": thresholds.low = try number()
        case "thresholds.medium": thresholds.medium = try number()
        case "thresholds.high": thresholds.high = try number()
        case "thresholds.critical": thresholds.critical = try number()
        case "thresholds":
            throw fail("must be a mapping with keys \(Self.thresholdKeys.joined(separator: ", ")), e.g. {low: 3, medium: 8}")
        default:
            let known = key.hasPrefix("thresholds.") ? Self.thresholdKeys.map { "thresholds.\($0)" } : Self.keys
            throw fail("unknown key; expected one of: \(known.joined(separator: ", "))")
        }
    }

    /// Seconds in `3600`, `90s`, `30m`, `6h`, `1.5h`, `14d`; nil when it is none of these.
    public static func parseDuration(_ text: String) -> TimeInterval? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var digits = Substring(text.trimmingCharacters(in: .whitespaces))
        var scale = 1.0
        if let last = digits.last, let unit = units[last] {
            scale = unit
            digits = digits.dropLast()
        }
        guard let number = Double(digits), number.isFinite else { return nil }
        return number * scale
    }
}

extension RegionConfig: Decodable {
    /// Decodes the `regions:` section through any `Decoder` (Yams' `YAMLDecoder`, `JSONDecoder`):
    /// the same keys and value forms as `set(_:to:)`, unknown keys rejected, then `validate()`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        var settings: [String: String] = [:]
        var problems: [RegionConfigProblem] = []
        for key in container.allKeys {
            if key.stringValue == "thresholds", let nested = try? container.nestedContainer(keyedBy: AnyKey.self, forKey: key) {
                for inner in nested.allKeys {
                    if let text = Self.scalarText(nested, inner) {
                        settings["thresholds.\(inner.stringValue)"] = text
                    } else {
                        problems.append(RegionConfigProblem(key: "thresholds.\(inner.stringValue)", message: "must be a number"))
                    }
                }
            } else if let text = Self.scalarText(container, key) {
                settings[key.stringValue] = text
            } else {
                problems.append(RegionConfigProblem(key: key.stringValue, message: "must be a single value, not a list or mapping"))
            }
        }
        do throws(RegionConfigError) {
            self = try RegionConfig(settings: settings)
        } catch {
            throw RegionConfigError(problems + error.problems)
        }
        if !problems.isEmpty { throw RegionConfigError(problems) }
    }

    private static func scalarText(_ container: KeyedDecodingContainer<AnyKey>, _ key: AnyKey) -> String? {
        if let text = try? container.decode(String.self, forKey: key) { return text }
        if let flag = try? container.decode(Bool.self, forKey: key) { return String(flag) }
        if let whole = try? container.decode(Int.self, forKey: key) { return String(whole) }
        if let number = try? container.decode(Double.self, forKey: key) { return String(number) }
        return nil
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
