import ArgumentParser
import Foundation
import TocsinRules

/// The scorer alone, on one core: `Scorer.assess` against Hyperscan's raw scan of the same bytes
/// with the same compiled database (the ceiling).
@main
struct ScorerBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tocsin-scorer-bench",
        abstract: "Score a generated news corpus on one core; print items/s, MB/s, the raw Hyperscan scan rate and the ratio.")

    @Option(help: "Rule files or folders.") var rules = ["Config/rules"]
    @Option(help: "Size of the generated corpus, in MB of scored text (title + body).") var megabytes = 50.0
    @Option(help: "Timed rounds, after one warm-up round.") var rounds = 5
    @Option(help: "Corpus seed; the same seed gives the same corpus.") var seed: UInt64 = 1
    @Option(help: "Share of conflict-escalation stories in the corpus.") var escalation = 0.15
    @Flag(help: "Skip the daemon-path measurement (decode, assess, encode an alert).") var skipFull = false
    @Option(help: "Also write the corpus to this file as JSON lines, to inspect it or feed it elsewhere.") var dump: String?

    func run() throws {
        let ruleSet = try RuleSet.load(paths: rules)
        let buildStart = Clock.now()
        let corpus = Corpus(megabytes: megabytes, seed: seed, escalationShare: escalation)
        let scorer = try Scorer(ruleSet: ruleSet)
        var scanner = try RawScanner(ruleSet: ruleSet)
        if let dump {
            guard FileManager.default.createFile(atPath: dump, contents: Data(corpus.jsonLines.joined(separator: [0x0A]) + [0x0A])) else {
                throw ValidationError("cannot write \(dump)")
            }
        }
        let mb = Double(corpus.textBytes) / 1e6
        let normalizedMB = Double(corpus.normalized.count) / 1e6
        print(String(format: "corpus: %d items, %.1f MB of text (%.1f MB normalised), %.0f%% escalation stories, seed %d, built in %.1f s; rules %@",
                     corpus.items.count, mb, normalizedMB, escalation * 100, seed, Clock.now().wall - buildStart.wall, ruleSet.version))

        var raw: [Run] = [], assess: [Run] = [], full: [Run] = []
        for round in 0...rounds {
            // Interleaved, so a burst of load from elsewhere hits all of them about equally.
            let r = Self.rawScan(&scanner, corpus)
            let a = Self.assess(scorer, corpus)
            let f = skipFull ? nil : Self.decodeAssessEncode(scorer, ruleSet, corpus)
            if round == 0 {
                print(String(format: "warm-up: %d raw matches, %d alerts, %d signals", r.count, a.count, a.extra))
                continue
            }
            raw.append(r)
            assess.append(a)
            if let f { full.append(f) }
            var line = String(format: "round %d: raw scan %7.1f MB/s (%.3f s)   assess %8.0f items/s %6.1f MB/s (%.3f s)   ratio %.3f",
                              round, mb / r.wall, r.wall, Double(corpus.items.count) / a.wall, mb / a.wall, a.wall, r.wall / a.wall)
            if let f { line += String(format: "   daemon path %8.0f items/s %6.1f MB/s", Double(corpus.items.count) / f.wall, mb / f.wall) }
            print(line)
        }
        for (label, pick) in [("best", Run.best), ("median", Run.median)] {
            let r = pick(raw), a = pick(assess)
            var line = String(format: "%@: raw scan %.1f MB/s (%.0f items/s)   assess %.0f items/s %.1f MB/s   assess/raw %.3f (target >= 0.50)",
                              label, mb / r.wall, Double(corpus.items.count) / r.wall, Double(corpus.items.count) / a.wall, mb / a.wall, r.wall / a.wall)
            if !full.isEmpty {
                let f = pick(full)
                line += String(format: "   daemon path %.0f items/s %.1f MB/s", Double(corpus.items.count) / f.wall, mb / f.wall)
            }
            print(line)
        }
        let rc = Run.best(raw, by: \.cpu), ac = Run.best(assess, by: \.cpu)
        print(String(format: "best by thread CPU time: raw scan %.1f MB/s   assess %.1f MB/s   assess/raw %.3f",
                     mb / rc.cpu, mb / ac.cpu, rc.cpu / ac.cpu))
    }

    /// Hyperscan alone over each item's normalised bytes (what `assess` scans), counting matches.
    static func rawScan(_ scanner: inout RawScanner, _ corpus: Corpus) -> Run {
        let start = Clock.now()
        var matches = 0
        corpus.normalized.withUnsafeBufferPointer { all in
            for i in 0..<(corpus.offsets.count - 1) {
                let from = corpus.offsets[i], to = corpus.offsets[i + 1]
                matches += scanner.scan(UnsafeBufferPointer(rebasing: all[from..<to]))
            }
        }
        return Run(start: start, count: matches)
    }

    /// `Scorer.assess` on every item.
    static func assess(_ scorer: Scorer, _ corpus: Corpus) -> Run {
        let start = Clock.now()
        var alerts = 0, signals = 0
        for item in corpus.items {
            let assessment = scorer.assess(item)
            if assessment.alert { alerts += 1 }
            signals += assessment.signals.count
        }
        return Run(start: start, count: alerts, extra: signals)
    }

    /// What a daemon worker does per message: decode the JSON, assess, and encode an alert.
    static func decodeAssessEncode(_ scorer: Scorer, _ ruleSet: RuleSet, _ corpus: Corpus) -> Run {
        let start = Clock.now()
        var alerts = 0, bytes = 0
        for line in corpus.jsonLines {
            guard let item = try? NewsItem.decode(line, maxBytes: 1 << 20) else { fatalError("generated item does not decode") }
            let assessment = scorer.assess(item)
            guard assessment.alert else { continue }
            alerts += 1
            bytes += AssessmentRecord(item: item, assessment: assessment, rulesVersion: ruleSet.version, input: nil).jsonBytes().count
        }
        return Run(start: start, count: alerts, extra: bytes)
    }
}

/// Wall-clock and thread CPU time, in seconds.
struct Clock {
    var wall: Double
    var cpu: Double

    static func now() -> Clock {
        var w = timespec(), c = timespec()
        clock_gettime(CLOCK_MONOTONIC, &w)
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c)
        return Clock(wall: Double(w.tv_sec) + Double(w.tv_nsec) / 1e9, cpu: Double(c.tv_sec) + Double(c.tv_nsec) / 1e9)
    }
}

/// One timed pass over the corpus; `count` and `extra` keep the work observable (and are checks).
struct Run {
    var wall: Double
    var cpu: Double
    var count: Int
    var extra = 0

    init(start: Clock, count: Int, extra: Int = 0) {
        let end = Clock.now()
        wall = end.wall - start.wall
        cpu = end.cpu - start.cpu
        self.count = count
        self.extra = extra
    }

    static func best(_ runs: [Run]) -> Run { best(runs, by: \.wall) }
    static func best(_ runs: [Run], by key: KeyPath<Run, Double>) -> Run { runs.min { $0[keyPath: key] < $1[keyPath: key] }! }
    static func median(_ runs: [Run]) -> Run { runs.sorted { $0.wall < $1.wall }[runs.count / 2] }
}
