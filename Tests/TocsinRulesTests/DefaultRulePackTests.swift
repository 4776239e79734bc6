import Foundation
import Testing
@testable import TocsinRules

/// The shipped rule pack (Config/rules) on the seed article and on a few generic stories.
@Suite struct DefaultRulePackTests {
    static let rules = try! RuleSet.load(paths: [Paths.defaultRules])

    func assess(_ item: NewsItem) throws -> Assessment { try Scorer(ruleSet: Self.rules).assess(item) }

    @Test func seedArticleIsAnIndiaPakistanAlert() throws {
        let item = try NewsItem.decode(line: Fixtures.seedArticleJSON, maxBytes: 1 << 20)
        let a = try assess(item)
        #expect(a.alert)
        #expect(a.region == "india-pakistan")
        #expect(a.severity >= .high)
        let categories = Set(a.signals.map(\.category))
        #expect(categories.isSuperset(of: ["troop_deployment", "air_activity", "un_statement"]))
        let text = scoredText(item)
        for signal in a.signals {
            #expect(scalarSlice(text, signal.start, signal.end) == signal.evidence)
        }
        let record = AssessmentRecord(item: item, assessment: a, rulesVersion: Self.rules.version, input: nil)
        #expect(record.jsonLine().contains(#""region":"india-pakistan""#))
    }

    @Test(arguments: [
        ("Machinists walk off the job", "Thousands of factory workers went on strike on Friday after rejecting a contract offer."),
        ("Museum open day", "Visitors can climb into fighter aircraft cockpits at the Air Force Base museum on Saturday."),
        ("Cricket", "India beat Pakistan by six wickets; Kohli struck an unbeaten century in the clash in Dubai."),
        ("Climate", "UN chief warns the era of global boiling has arrived as heat records tumble."),
    ])
    func everydayStoriesAreNotAlerts(title: String, body: String) throws {
        let a = try assess(NewsItem(id: "n", title: title, body: body))
        #expect(!a.alert, "\(a.signals.map(\.rule))")
    }

    @Test func aGenericEscalationStoryIsAnAlert() throws {
        let a = try assess(NewsItem(id: "e", title: "Artillery fire along the border as troops mass",
                                    body: "Armenia said Azerbaijani forces shelled border villages overnight and moved additional troops to the frontier. The UN Security Council will meet on Tuesday."))
        #expect(a.alert)
        #expect(a.region == "armenia-azerbaijan")
    }

    @Test func aCeasefireStoryIsNotAnAlert() throws {
        let a = try assess(NewsItem(id: "c", title: "Armenia and Azerbaijan agree ceasefire",
                                    body: "The two sides agreed to a ceasefire and signed a peace agreement after talks."))
        #expect(!a.alert)
        #expect(a.score <= 0)
    }

    #if DEBUG
    static let iterations = 500       // debug builds are ~15x slower; just exercise the path
    #else
    static let iterations = 20_000
    #endif

    /// Prints throughput; it asserts nothing, since timing depends on the machine and build mode
    /// (`swift test -c release` for representative numbers).
    @Test func throughput() throws {
        let seedLine = Array(Fixtures.seedArticleJSON.utf8)
        let seedItem = try NewsItem.decode(seedLine, maxBytes: 1 << 20)
        // A ~1.5 KB item: the seed's first paragraphs.
        let shortBody = String(seedItem.body!.prefix(1400))
        let shortLine = Array(AssessmentRecord.jsonString(shortBody, id: "short").utf8)
        let scorer = try Scorer(ruleSet: Self.rules)
        for (name, line) in [("1.5 KB item", shortLine), ("5.5 KB seed article", seedLine)] {
            for _ in 0..<200 { _ = scorer.assess(try NewsItem.decode(line, maxBytes: 1 << 20)) }   // warm up
            var count = 0
            let clock = ContinuousClock()
            let elapsed = try clock.measure {
                while count < Self.iterations {
                    let item = try NewsItem.decode(line, maxBytes: 1 << 20)
                    _ = scorer.assess(item)
                    count += 1
                }
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print("decode + assess, \(name): \(Int(Double(count) / seconds)) items/s (\(String(format: "%.1f", seconds / Double(count) * 1e6)) µs/item)")
        }
    }
}

extension AssessmentRecord {
    /// A minimal news-item JSON line with a body (test helper).
    static func jsonString(_ body: String, id: String) -> String {
        var w = JSONWriter()
        w.begin()
        w.key("id"); w.string(id)
        w.key("body"); w.string(body)
        w.end()
        return w.result()
    }
}
