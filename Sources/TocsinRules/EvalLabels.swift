import Foundation

/// What a labelled line says the rules should conclude about its item (`labels` in the corpus).
public struct EvaluationLabels: Sendable, Equatable, Decodable {
    /// Categories that should be signalled.
    public var signals: [String]
    /// The expected region slug; nil for "no region" (`null` or `"none"`); `EvaluationLabels.other`
    /// for a real region the labels do not name.
    public var region: String?
    public var expectedAlert: Bool
    public var severity: Severity

    /// The region label for "some region the labelling scheme does not name" (e.g. Canada–India).
    public static let other = "other"

    public init(signals: [String], region: String?, expectedAlert: Bool, severity: Severity) {
        self.signals = signals
        self.region = region
        self.expectedAlert = expectedAlert
        self.severity = severity
    }

    enum CodingKeys: String, CodingKey {
        case signals, region, severity
        case expectedAlert = "expected_alert"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        signals = try c.decode([String].self, forKey: .signals)
        // `region` must be present so a forgotten label is not read as "no region".
        guard c.contains(.region) else {
            throw DecodingError.keyNotFound(CodingKeys.region, .init(codingPath: c.codingPath, debugDescription: ""))
        }
        let region = try c.decodeIfPresent(String.self, forKey: .region)
        self.region = region == "none" ? nil : region
        expectedAlert = try c.decode(Bool.self, forKey: .expectedAlert)
        let tier = try c.decode(String.self, forKey: .severity)
        guard let severity = Severity(rawValue: tier) else {
            throw DecodingError.dataCorruptedError(forKey: .severity, in: c, debugDescription: "must be one of none, low, medium, high, critical, not \"\(tier)\"")
        }
        self.severity = severity
    }
}

/// One line of a labelled corpus: a news item plus its `labels`.
public struct LabelledItem: Sendable {
    public var item: NewsItem
    public var labels: EvaluationLabels

    public init(item: NewsItem, labels: EvaluationLabels) {
        self.item = item
        self.labels = labels
    }

    private struct Envelope: Decodable { var labels: EvaluationLabels? }

    /// Decodes a line; the item part exactly as the daemon would (`NewsItem.decode`).
    public static func decode(_ bytes: [UInt8], maxBytes: Int) throws(LabelledItemError) -> LabelledItem {
        let item: NewsItem
        do {
            item = try NewsItem.decode(bytes, maxBytes: maxBytes)
        } catch {
            throw .item(error)
        }
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw .labels(Self.explain(error))
        } catch {
            throw .labels("\(error)")
        }
        guard let labels = envelope.labels else {
            throw .labels("no \"labels\" object; add labels: {signals, region, expected_alert, severity}")
        }
        return LabelledItem(item: item, labels: labels)
    }

    /// A one-line reason naming the field, instead of DecodingError's nested dump.
    private static func explain(_ error: DecodingError) -> String {
        func field(_ path: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            ((path + (key.map { [$0] } ?? [])).map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined())
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case let .keyNotFound(key, context): return "\(field(context.codingPath, key)) is missing"
        case let .typeMismatch(type, context):
            let wanted = type == Bool.self ? "true or false" : type == String.self ? "a string"
                : "\(type)".hasPrefix("Array") ? "a list of strings" : "an object"
            return "\(field(context.codingPath)) must be \(wanted)"
        case let .valueNotFound(_, context): return "\(field(context.codingPath)) must not be null"
        case let .dataCorrupted(context): return "\(field(context.codingPath)) \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// Why a labelled line was skipped.
public enum LabelledItemError: Error, Sendable, CustomStringConvertible {
    /// The news-item part is invalid, as the daemon would see it.
    case item(NewsItemError)
    /// The `labels` are missing or malformed.
    case labels(String)

    public var description: String {
        switch self {
        case let .item(error): "not a valid news item: \(error)"
        case let .labels(detail): "bad labels: \(detail)"
        }
    }
}
