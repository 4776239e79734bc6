import ArgumentParser
import Foundation
import TocsinRules

/// `tocsin eval`: score a labelled JSONL corpus and report how well the rules agree with the labels.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the rules against labelled news JSONL (alert, category, severity and region metrics).",
        discussion: """
            Each line is a news item plus labels: {signals: [category...], region, expected_alert, \
            severity}; region "none" or null means no region, "other" any region the file's labels do \
            not name. Lines that cannot be read are skipped with a message on stderr and counted.
            """)

    @OptionGroup var configOptions: ConfigOptions
    @Option(help: "Rule file or folder (repeatable); replaces the config's rules.paths.") var rules: [String] = []
    @Flag(help: "Print the report as one JSON object.") var json = false
    @Argument(help: "Labelled JSONL files; stdin when none.") var files: [String] = []

    func run() throws {
        let config = try configOptions.load(required: rules.isEmpty)
        let ruleSet = try loadRules(paths: rules.isEmpty ? config.rulePaths : rules, threshold: config.alertThreshold)
        let scorer = try Scorer(ruleSet: ruleSet)
        var report = EvaluationReport()
        report.rulesVersion = ruleSet.version
        var progress = Progress()
        try forEachLine(in: files) { name, number, bytes in
            do {
                let labelled = try LabelledItem.decode(bytes, maxBytes: config.maxMessageBytes)
                report.add(item: labelled.item, labels: labelled.labels, assessment: scorer.assess(labelled.item))
            } catch {
                report.skipped += 1
                progress.clear()
                printProblems("\(name):\(number): skipped: \(error)")
            }
            progress.tick(report.itemCount)
        }
        progress.clear()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(report) + Data("\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data(EvalText(report: report).render().utf8))
        }
    }
}

/// Progress on stderr for long files: a `\r` counter on a terminal, a line every few seconds otherwise
/// (so logs of a CI job show it is alive without filling up).
struct Progress {
    private let terminal = isatty(STDERR_FILENO) == 1
    private let clock = ContinuousClock()
    private var last: ContinuousClock.Instant
    private var shown = false

    init() { last = clock.now }

    mutating func tick(_ count: Int) {
        if terminal {
            guard count % 250 == 0 else { return }
            printRaw("\rscored \(count) items")
            shown = true
        } else if count % 100 == 0, clock.now - last >= .seconds(5) {
            last = clock.now
            printRaw("eval: scored \(count) items\n")
        }
    }

    /// Erases the counter so the next message or the report starts on a clean line.
    mutating func clear() {
        guard shown else { return }
        printRaw("\r\u{1B}[K")
        shown = false
    }

    private func printRaw(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
