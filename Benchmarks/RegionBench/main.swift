import BenchCorpus
import Foundation
import TocsinRegions
import TocsinRules

// The region stage's hot path, per signal, on one core: building a signal (SimHash of the text),
// its JSON, decoding that JSON, and the engine's ingest. Items are scored once, untimed.
// Usage: tocsin-region-bench [items] [rounds]

let arguments = CommandLine.arguments
let itemCount = arguments.count > 1 ? Int(arguments[1]) ?? 20_000 : 20_000
let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5

let scorer = try Scorer(ruleSet: RuleSet.load(paths: ["Config/rules"]))
var generator = CorpusGenerator(seed: 1, escalationShare: 0.5)
let start = Date(timeIntervalSince1970: 1_746_600_000)
var scored: [(item: NewsItem, assessment: Assessment, time: Date)] = []
for index in 0..<itemCount {
    let item = generator.item(index: index)
    let assessment = scorer.assess(item)
    // Twenty seconds apart: a day of items at a busy feed's pace, so windows fill and prune.
    scored.append((item, assessment, start.addingTimeInterval(Double(index) * 20)))
}

/// Seconds of `body`, the best of `rounds` runs (the first warms caches and allocators).
func best(_ body: () -> Void) -> Double {
    var fastest = Double.infinity
    for _ in 0..<rounds {
        let began = ContinuousClock.now
        body()
        let elapsed = began.duration(to: .now)
        fastest = min(fastest, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
    return fastest
}

var signals: [RegionSignal] = []
let build = best {
    signals = scored.compactMap { RegionSignal(item: $0.item, assessment: $0.assessment, eventTime: $0.time) }
}
var encoded: [[UInt8]] = []
let encode = best { encoded = signals.map { $0.jsonBytes() } }
var decoded: [RegionSignal] = []
let decode = best { decoded = encoded.map { try! RegionSignal(json: $0) } }
precondition(decoded == signals, "decoding the encoded signals must give them back")
var alerts = 0
let ingest = best {
    var engine = try! RegionEngine(rulesVersion: "bench")
    alerts = 0
    for signal in signals { alerts += engine.ingest(signal).count }
}

let n = Double(signals.count)
let bytes = encoded.reduce(0) { $0 + $1.count }
print("\(itemCount) items, \(signals.count) signals (\(bytes / max(signals.count, 1)) B of JSON each), \(alerts) alerts; best of \(rounds)")
func show(_ label: String, _ seconds: Double) {
    print(label.padding(toLength: 40, withPad: " ", startingAt: 0) + String(format: "%8.3f µs/signal", seconds / n * 1e6))
}
show("(a) RegionSignal(item:assessment:)", build)
show("(b) jsonBytes()", encode)
show("(c) RegionSignal(json:)", decode)
show("(d) RegionEngine.ingest", ingest)
