/// Counts for one yes/no decision (alert, or one signal category) and the metrics they give.
public struct ConfusionCounts: Sendable, Equatable {
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0

    public init(truePositives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
    }

    mutating func add(expected: Bool, predicted: Bool) {
        switch (expected, predicted) {
        case (true, true): truePositives += 1
        case (false, true): falsePositives += 1
        case (true, false): falseNegatives += 1
        case (false, false): break
        }
    }

    /// Items where the decision should be yes.
    public var support: Int { truePositives + falseNegatives }
    /// Items where it was yes.
    public var predicted: Int { truePositives + falsePositives }

    /// nil when nothing was predicted (undefined, not 0).
    public var precision: Double? { ratio(truePositives, predicted) }
    /// nil when nothing was expected.
    public var recall: Double? { ratio(truePositives, support) }
    /// `2TP / (2TP + FP + FN)`: 0 when only one of precision and recall is undefined, nil when both are.
    public var f1: Double? { ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives) }

    static func + (a: Self, b: Self) -> Self {
        Self(truePositives: a.truePositives + b.truePositives, falsePositives: a.falsePositives + b.falsePositives,
             falseNegatives: a.falseNegatives + b.falseNegatives)
    }
}

func ratio(_ part: Int, _ whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }

/// A labelled item whose alert decision was wrong: a miss or a false alarm.
public struct EvaluationDiscrepancy: Sendable, Equatable {
    public var id: String
    /// The item's title, or the start of its body when it has none.
    public var title: String
    public var expected: EvaluationLabels
    public var assessment: Assessment
}

/// How well the rules reproduce a labelled corpus; fed one item at a time, so a large file need not
/// be held in memory (only the wrong alert decisions are kept whole).
public struct EvaluationReport: Sendable {
    public private(set) var itemCount = 0
    /// Lines the caller could not decode and left out; reported so a metric is never silently partial.
    public var skipped = 0
    /// The rule set measured (`RuleSet.version`), so a saved report says what it describes.
    public var rulesVersion: String?
    public private(set) var alerts = ConfusionCounts()
    /// Per category; a category counts as predicted when any counted signal has it. Holds every
    /// category that was expected or predicted at least once.
    public private(set) var categories: [String: ConfusionCounts] = [:]
    public private(set) var severityExact = 0
    /// Predicted severity at most one tier away from the label (none < low < medium < high < critical).
    public private(set) var severityWithinOne = 0
    /// Expected alert, none raised.
    public private(set) var misses: [EvaluationDiscrepancy] = []
    /// Alert raised, none expected.
    public private(set) var falseAlarms: [EvaluationDiscrepancy] = []
    /// (expected, predicted) region -> items; region accuracy needs the whole file to resolve `other`.
    private var regionPairs: [RegionPair: Int] = [:]

    private struct RegionPair: Hashable, Sendable {
        var expected: String?
        var predicted: String?
    }

    public init() {}

    /// Adds one item: its labels and what the rules said about it.
    public mutating func add(item: NewsItem, labels: EvaluationLabels, assessment: Assessment) {
        itemCount += 1
        alerts.add(expected: labels.expectedAlert, predicted: assessment.alert)
        let expected = Set(labels.signals)
        let predicted = Set(assessment.signals.map(\.category))
        for category in expected.union(predicted) {
            categories[category, default: ConfusionCounts()].add(
                expected: expected.contains(category), predicted: predicted.contains(category))
        }
        let distance = abs(Self.rank(labels.severity) - Self.rank(assessment.severity))
        if distance == 0 { severityExact += 1 }
        if distance <= 1 { severityWithinOne += 1 }
        regionPairs[RegionPair(expected: labels.region, predicted: assessment.region), default: 0] += 1
        if labels.expectedAlert != assessment.alert {
            let title = item.title.flatMap { $0.isEmpty ? nil : $0 } ?? String((item.body ?? "").prefix(100))
            let discrepancy = EvaluationDiscrepancy(id: item.id, title: title, expected: labels, assessment: assessment)
            if labels.expectedAlert { misses.append(discrepancy) } else { falseAlarms.append(discrepancy) }
        }
    }

    private static func rank(_ severity: Severity) -> Int { Severity.allCases.firstIndex(of: severity) ?? 0 }

    /// All categories pooled: the counts behind micro-averaged precision, recall and F1.
    public var categoryTotals: ConfusionCounts { categories.values.reduce(ConfusionCounts(), +) }

    /// One F1 over every (item, category) decision, so frequent categories weigh more.
    public var microF1: Double? { categoryTotals.f1 }

    /// The mean of the per-category F1s (each category weighs the same, however rare).
    public var macroF1: Double? {
        let scores = categories.values.compactMap(\.f1)
        return scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
    }

    public var severityAccuracy: Double? { ratio(severityExact, itemCount) }
    public var severityWithinOneAccuracy: Double? { ratio(severityWithinOne, itemCount) }

    /// Items whose region matches its label: the same slug, or both null. A label of `other` matches
    /// any region that is not null and not named by another label in the file, since `other` stands
    /// for "a real region outside the labelled set" (e.g. `canada-india`).
    public var regionCorrect: Int {
        let named = Set(regionPairs.keys.compactMap(\.expected)).subtracting([EvaluationLabels.other])
        return regionPairs.reduce(0) { total, entry in
            let (pair, count) = entry
            let correct = pair.expected == EvaluationLabels.other
                ? pair.predicted.map { !named.contains($0) } ?? false
                : pair.expected == pair.predicted
            return total + (correct ? count : 0)
        }
    }

    public var regionAccuracy: Double? { ratio(regionCorrect, itemCount) }
}
