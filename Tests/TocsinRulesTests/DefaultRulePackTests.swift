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

    @Test func theShippedPackHasNoWarnings() {
        #expect(Self.rules.warnings.map(\.description) == [])
    }

    @Test(arguments: [
        ("No troop movement was observed near the border on Sunday.", false),
        ("Officials denied reports of shelling near the border.", false),
        ("Pakistan denied the strike, but India said 3 soldiers were killed and artillery fire continued.", true),
        ("In 1999, Pakistani troops crossed the Line of Control and artillery fire killed soldiers.", false),
        ("If China were to launch air strikes on Taiwan, the US would respond, the study found.", false),
        ("Artillery fire hit the town and soldiers were killed, officials said.", true),
    ])
    func modifiersInTheShippedPack(body: String, counts: Bool) throws {
        let a = try assess(NewsItem(id: "m", body: body))
        #expect(a.signals.contains { $0.category == "strike_or_shelling" || $0.category == "troop_deployment" } == counts,
                "\(a.signals.map(\.rule))")
    }

    /// The targets on the labelled dev corpus (`samples/dev-labelled.jsonl`, a copy of the shared
    /// corpus): alert F1 >= 0.95, severity within one tier >= 0.95, category micro-F1 >= 0.90,
    /// region accuracy >= 0.95.
    @Test func devCorpusTargets() throws {
        let path = Paths.root.appendingPathComponent("samples/dev-labelled.jsonl").path
        guard let data = FileManager.default.contents(atPath: path) else { return }
        let scorer = try Scorer(ruleSet: Self.rules)
        let tiers: [String] = Severity.allCases.map(\.rawValue)
        var alert = (tp: 0, fp: 0, fn: 0), category = (tp: 0, fp: 0, fn: 0)
        var withinOne = 0, region = 0, total = 0
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            let item = try NewsItem.decode(Array(line), maxBytes: 1 << 20)
            let labels = try #require((try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])?["labels"] as? [String: Any])
            let a = scorer.assess(item)
            total += 1
            let expected = labels["expected_alert"] as? Bool ?? false
            if expected && a.alert { alert.tp += 1 } else if a.alert { alert.fp += 1 } else if expected { alert.fn += 1 }
            let tier = tiers.firstIndex(of: labels["severity"] as? String ?? "none") ?? 0
            if abs(tier - tiers.firstIndex(of: a.severity.rawValue)!) <= 1 { withinOne += 1 }
            let want = Set(labels["signals"] as? [String] ?? []), got = Set(a.signals.map(\.category))
            category.tp += want.intersection(got).count
            category.fp += got.subtracting(want).count
            category.fn += want.subtracting(got).count
            // "none": no region; "other": a region the labels do not name.
            let named: Set<String> = ["india-pakistan", "russia-ukraine", "koreas", "israel-iran", "china-india", "china-taiwan", "armenia-azerbaijan"]
            switch labels["region"] as? String ?? "none" {
            case "none": if a.region == nil { region += 1 }
            case "other": if let r = a.region, !named.contains(r) { region += 1 }
            case let r: if a.region == r { region += 1 }
            }
        }
        func f1(_ c: (tp: Int, fp: Int, fn: Int)) -> Double { Double(2 * c.tp) / Double(max(2 * c.tp + c.fp + c.fn, 1)) }
        let figures = "alert F1 \(f1(alert)), severity within one \(Double(withinOne) / Double(total)), category micro-F1 \(f1(category)), region \(Double(region) / Double(total))"
        print("dev corpus: \(figures)")
        #expect(total == 60)
        #expect(f1(alert) >= 0.95, "\(figures)")
        #expect(Double(withinOne) / Double(total) >= 0.95, "\(figures)")
        #expect(f1(category) >= 0.90, "\(figures)")
        #expect(Double(region) / Double(total) >= 0.95, "\(figures)")
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
