/// The machine-readable report (`tocsin eval --json`): snake_case keys; a metric that is undefined
/// (e.g. precision with nothing predicted) is `null`, never 0.
extension EvaluationReport: Encodable {
    private enum Key: String, CodingKey {
        case items, skipped, rulesVersion = "rules_version", alerts, categories, severity, region, misses
        case microF1 = "micro_f1", macroF1 = "macro_f1", falseAlarms = "false_alarms"
        case exact, withinOne = "within_one", accuracy, withinOneAccuracy = "within_one_accuracy", correct
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(rulesVersion, forKey: .rulesVersion)
        try c.encode(itemCount, forKey: .items)
        try c.encode(skipped, forKey: .skipped)
        try c.encode(alerts, forKey: .alerts)
        try c.encode(categories, forKey: .categories)
        try c.encode(microF1, forKey: .microF1)
        try c.encode(macroF1, forKey: .macroF1)
        var severity = c.nestedContainer(keyedBy: Key.self, forKey: .severity)
        try severity.encode(severityExact, forKey: .exact)
        try severity.encode(severityWithinOne, forKey: .withinOne)
        try severity.encode(severityAccuracy, forKey: .accuracy)
        try severity.encode(severityWithinOneAccuracy, forKey: .withinOneAccuracy)
        var region = c.nestedContainer(keyedBy: Key.self, forKey: .region)
        try region.encode(regionCorrect, forKey: .correct)
        try region.encode(regionAccuracy, forKey: .accuracy)
        try c.encode(misses, forKey: .misses)
        try c.encode(falseAlarms, forKey: .falseAlarms)
    }
}

extension ConfusionCounts: Encodable {
    private enum Key: String, CodingKey {
        case tp, fp, fn, support, predicted, precision, recall, f1
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(truePositives, forKey: .tp)
        try c.encode(falsePositives, forKey: .fp)
        try c.encode(falseNegatives, forKey: .fn)
        try c.encode(support, forKey: .support)
        try c.encode(predicted, forKey: .predicted)
        try c.encode(precision, forKey: .precision)
        try c.encode(recall, forKey: .recall)
        try c.encode(f1, forKey: .f1)
    }
}

extension EvaluationDiscrepancy: Encodable {
    private enum Key: String, CodingKey {
        case id, title, expected, got, signals, region, alert, severity, score
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        var expected = c.nestedContainer(keyedBy: Key.self, forKey: .expected)
        try expected.encode(self.expected.expectedAlert, forKey: .alert)
        try expected.encode(self.expected.severity, forKey: .severity)
        try expected.encode(self.expected.region, forKey: .region)
        try expected.encode(self.expected.signals, forKey: .signals)
        var got = c.nestedContainer(keyedBy: Key.self, forKey: .got)
        try got.encode(assessment.alert, forKey: .alert)
        try got.encode(assessment.severity, forKey: .severity)
        try got.encode(assessment.region, forKey: .region)
        try got.encode(assessment.score, forKey: .score)
        try got.encode(assessment.signals, forKey: .signals)
    }
}
