import Foundation
import Testing
@testable import TocsinRules

/// Metrics of `EvaluationReport` on inputs small enough to work out by hand, and label decoding.
@Suite struct EvaluationReportTests {
    func labels(_ signals: [String], region: String?, alert: Bool, _ severity: Severity) -> EvaluationLabels {
        EvaluationLabels(signals: signals, region: region, expectedAlert: alert, severity: severity)
    }

    func assessment(_ categories: [String], region: String?, alert: Bool, _ severity: Severity) -> Assessment {
        let signals = categories.map { Signal(category: $0, rule: "\($0)-rule", weight: 1, evidence: "x", start: 0, end: 1) }
        return Assessment(region: region, severity: severity, score: Double(signals.count), signals: signals, alert: alert)
    }

    @Test func confusionCountsMetrics() {
        let c = ConfusionCounts(truePositives: 2, falsePositives: 1, falseNegatives: 1)
        #expect(c.precision == 2.0 / 3)
        #expect(c.recall == 2.0 / 3)
        #expect(c.f1 == 2.0 / 3)
        #expect(c.support == 3 && c.predicted == 3)
        // Nothing predicted: precision is undefined, not 0; F1 is 0 because something was expected.
        let silent = ConfusionCounts(truePositives: 0, falsePositives: 0, falseNegatives: 4)
        #expect(silent.precision == nil && silent.recall == 0 && silent.f1 == 0)
        let empty = ConfusionCounts()
        #expect(empty.precision == nil && empty.recall == nil && empty.f1 == nil)
    }

    /// Four items: a hit, a miss, a false alarm and a correct rejection.
    func sampleReport() -> EvaluationReport {
        var r = EvaluationReport()
        r.add(item: NewsItem(id: "hit", title: "Hit", body: "b"),
              labels: labels(["a", "b"], region: "koreas", alert: true, .high),
              assessment: assessment(["a"], region: "koreas", alert: true, .high))
        r.add(item: NewsItem(id: "miss", body: "Body only, so the title comes from here"),
              labels: labels(["a"], region: "india-pakistan", alert: true, .medium),
              assessment: assessment([], region: nil, alert: false, .none))
        r.add(item: NewsItem(id: "false-alarm", title: "FA"),
              labels: labels([], region: nil, alert: false, .none),
              assessment: assessment(["b", "c"], region: nil, alert: true, .medium))
        r.add(item: NewsItem(id: "quiet", title: "Q"),
              labels: labels(["c"], region: EvaluationLabels.other, alert: false, .low),
              assessment: assessment(["c"], region: "canada-india", alert: false, .low))
        return r
    }

    @Test func alertMetrics() {
        let r = sampleReport()
        #expect(r.itemCount == 4)
        #expect(r.alerts == ConfusionCounts(truePositives: 1, falsePositives: 1, falseNegatives: 1))
        #expect(r.alerts.precision == 0.5 && r.alerts.recall == 0.5 && r.alerts.f1 == 0.5)
        #expect(r.misses.map(\.id) == ["miss"])
        #expect(r.misses.first?.title == "Body only, so the title comes from here")
        #expect(r.falseAlarms.map(\.id) == ["false-alarm"])
        #expect(r.falseAlarms.first?.assessment.severity == .medium)
    }

    @Test func categoryMetrics() {
        let r = sampleReport()
        // a: expected in hit and miss, predicted in hit.
        #expect(r.categories["a"] == ConfusionCounts(truePositives: 1, falsePositives: 0, falseNegatives: 1))
        // b: expected in hit (missed), predicted in the false alarm.
        #expect(r.categories["b"] == ConfusionCounts(truePositives: 0, falsePositives: 1, falseNegatives: 1))
        // c: predicted in the false alarm and in quiet, expected only in quiet.
        #expect(r.categories["c"] == ConfusionCounts(truePositives: 1, falsePositives: 1, falseNegatives: 0))
        #expect(r.categories.count == 3)
        // Pooled: tp 2, fp 2, fn 2 -> F1 = 4 / 8.
        #expect(r.microF1 == 0.5)
        // F1 per category: a 2/3, b 0, c 2/3.
        #expect(abs((r.macroF1 ?? 0) - (4.0 / 9)) < 1e-12)
    }

    @Test func severityAndRegionAccuracy() {
        let r = sampleReport()
        // Exact: hit and quiet. The miss (medium vs none) and the false alarm (none vs medium) are two tiers off.
        #expect(r.severityExact == 2)
        #expect(r.severityWithinOne == 2)
        #expect(r.severityAccuracy == 0.5)
        // hit (koreas), false alarm (null == null) and quiet (`other` vs an unnamed region) match; miss does not.
        #expect(r.regionCorrect == 3)
        #expect(r.regionAccuracy == 0.75)
    }

    @Test func severityWithinOneTier() {
        var r = EvaluationReport()
        let item = NewsItem(id: "i", title: "t")
        r.add(item: item, labels: labels([], region: nil, alert: true, .high), assessment: assessment([], region: nil, alert: true, .critical))
        r.add(item: item, labels: labels([], region: nil, alert: true, .high), assessment: assessment([], region: nil, alert: true, .medium))
        r.add(item: item, labels: labels([], region: nil, alert: true, .high), assessment: assessment([], region: nil, alert: false, .low))
        #expect(r.severityExact == 0)
        #expect(r.severityWithinOne == 2)
    }

    @Test func otherMatchesOnlyRegionsTheLabelsDoNotName() {
        var r = EvaluationReport()
        let item = NewsItem(id: "i", title: "t")
        r.add(item: item, labels: labels([], region: "india-pakistan", alert: false, .none), assessment: assessment([], region: "india-pakistan", alert: false, .none))
        // A named slug is not "other"; null is not a region at all.
        r.add(item: item, labels: labels([], region: "other", alert: false, .none), assessment: assessment([], region: "india-pakistan", alert: false, .none))
        r.add(item: item, labels: labels([], region: "other", alert: false, .none), assessment: assessment([], region: nil, alert: false, .none))
        r.add(item: item, labels: labels([], region: "other", alert: false, .none), assessment: assessment([], region: "estonia-russia", alert: false, .none))
        #expect(r.regionCorrect == 2)
    }

    @Test func emptyReportHasNoMetrics() {
        let r = EvaluationReport()
        #expect(r.alerts.f1 == nil && r.microF1 == nil && r.macroF1 == nil && r.regionAccuracy == nil)
    }

    @Test func jsonReportUsesSnakeCaseAndNullForUndefined() throws {
        var r = sampleReport()
        r.rulesVersion = "sha-test"
        let data = try JSONEncoder().encode(r)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["rules_version", "items", "skipped", "alerts", "categories", "micro_f1", "macro_f1",
                                     "severity", "region", "misses", "false_alarms"])
        let alerts = try #require(object["alerts"] as? [String: Any])
        #expect(alerts["f1"] as? Double == 0.5)
        let misses = try #require(object["misses"] as? [[String: Any]])
        let got = try #require(misses.first?["got"] as? [String: Any])
        #expect(got["region"] is NSNull)
        let empty = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(EvaluationReport())) as? [String: Any])
        #expect(empty["micro_f1"] is NSNull)
    }

    // MARK: - Decoding labelled lines

    func decode(_ line: String) throws(LabelledItemError) -> LabelledItem {
        try LabelledItem.decode(Array(line.utf8), maxBytes: 1 << 20)
    }

    @Test func decodesALabelledLine() throws {
        let line = #"{"id":"x","title":"T","body":"B","labels":{"signals":["air_activity"],"region":"none","expected_alert":true,"severity":"high"}}"#
        let labelled = try decode(line)
        #expect(labelled.item.id == "x" && labelled.item.title == "T")
        #expect(labelled.labels == labels(["air_activity"], region: nil, alert: true, .high))
        let nullRegion = try decode(#"{"id":"y","body":"B","labels":{"signals":[],"region":null,"expected_alert":false,"severity":"none"}}"#)
        #expect(nullRegion.labels.region == nil)
    }

    @Test(arguments: [
        (#"{"id":"x","body":"B"}"#, "no \"labels\" object"),
        (#"{"id":"x","body":"B","labels":{"signals":[],"expected_alert":false,"severity":"none"}}"#, "labels.region is missing"),
        (#"{"id":"x","body":"B","labels":{"signals":[],"region":null,"expected_alert":false,"severity":"severe"}}"#, "labels.severity must be one of"),
        (#"{"id":"x","body":"B","labels":{"signals":"air","region":null,"expected_alert":false,"severity":"none"}}"#, "labels.signals must be a list of strings"),
        (#"{"id":"x","body":"B","labels":{"signals":[],"region":null,"expected_alert":"yes","severity":"none"}}"#, "labels.expected_alert must be true or false"),
        (#"{"body":"B","labels":{}}"#, "not a valid news item"),
    ])
    func rejectsBadLines(line: String, message: String) {
        #expect {
            _ = try decode(line)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func theSampleCorpusDecodesAndEvaluates() throws {
        let url = Paths.root.appendingPathComponent("samples/dev-labelled.jsonl")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        let scorer = try Scorer(ruleSet: try RuleSet.load(paths: [Paths.defaultRules]))
        var report = EvaluationReport()
        for line in lines {
            let labelled = try decode(String(line))
            report.add(item: labelled.item, labels: labelled.labels, assessment: scorer.assess(labelled.item))
        }
        #expect(report.itemCount == 60)
        #expect(report.categories.keys.contains("troop_deployment"))
        #expect(report.alerts.support == lines.filter { $0.contains(#""expected_alert": true"#) }.count)
    }
}
