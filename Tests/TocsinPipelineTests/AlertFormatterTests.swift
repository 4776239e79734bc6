import Testing
import TocsinRules

@testable import TocsinPipeline

@Suite("Alert lines")
struct AlertFormatterTests {
    func record(region: String?, severity: Severity = .high) -> AssessmentRecord {
        let item = NewsItem(id: "n1", title: "Troops massed at the border", body: "text", publishedAt: "2025-05-08T09:00:00Z")
        let signals = [
            Signal(category: "troop_deployment", rule: "massing", weight: 3, evidence: "troops massed", start: 0, end: 13),
            Signal(category: "un_statement", rule: "unsc", weight: 1, evidence: "Security Council", start: 20, end: 36),
        ]
        let assessment = Assessment(region: region, severity: severity, score: 4, signals: signals, alert: true)
        return AssessmentRecord(item: item, assessment: assessment, rulesVersion: "v", input: nil)
    }

    @Test func showsSeverityRegionScoreTitleAndStrongestSignalsFirst() {
        let line = AlertFormatter(colour: false, showTime: false).line(record(region: "india-pakistan"))
        #expect(line.hasPrefix("HIGH      india-pakistan  "))
        #expect(line.contains("4.0  Troops massed at the border"))
        #expect(line.hasSuffix(#"[troop_deployment: "troops massed"; un_statement: "Security Council"]"#))
    }

    @Test func longRegionsAreNotCut() {
        let line = AlertFormatter(colour: false, showTime: false).line(record(region: "kyrgyzstan-tajikistan"))
        #expect(line.contains("kyrgyzstan-tajikistan"))
    }

    @Test func tailShowsTimeAndColour() {
        let line = AlertFormatter(colour: true, showTime: true).line(record(region: nil, severity: .critical))
        #expect(line.contains("2025-05-08T09:00:00Z"))
        #expect(line.contains("\u{1B}[1;37;41mCRITICAL\u{1B}[0m"))
        #expect(line.contains(" - ") || line.contains("-  "))
    }
}
