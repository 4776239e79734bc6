import ArgumentParser
import Foundation
import TocsinRegions
import TocsinRules

/// `tocsin score`: offline scoring of a JSONL file.
struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score news JSONL from files or stdin and write assessments as JSONL to stdout.",
        discussion: """
            --explain says why for every item (it implies --all): the counted signals, the modifiers \
            that fired and the matches that did not count, with reasons; human-readable, or with \
            --json one line per item: the assessment record plus an "explanation" object.

            --regions feeds every item with a region and a counted signal, in input order, into the \
            region escalation engine (event time: published_at, else now) and writes its region \
            alerts (types escalation, de-escalation, resolved) as JSONL instead of item alerts; with \
            --all, every item's assessment is written too, each followed by the region alerts it \
            triggered. The engine uses the default region settings.
            """)

    @OptionGroup var configOptions: ConfigOptions
    @Option(help: "Rule file or folder (repeatable); replaces the config's rules.paths.") var rules: [String] = []
    @Flag(help: "Write an assessment for every item, in input order, not only alerts.") var all = false
    @Flag(help: "Explain every item: counted signals, modifiers, matches not counted and why.") var explain = false
    @Flag(help: "With --explain: JSONL (assessment record plus \"explanation\") instead of text.") var json = false
    @Flag(help: "Write region escalation alerts instead of item alerts (with --all: both, in input order).") var regions = false
    @Argument(help: "News JSONL files; stdin when none.") var files: [String] = []

    func validate() throws {
        if json && !explain { throw ValidationError("--json only applies with --explain; plain 'tocsin score' already writes JSONL") }
        if regions && explain { throw ValidationError("--regions and --explain do not combine; run them separately") }
    }

    func run() throws {
        let config = try configOptions.load(required: rules.isEmpty)
        let ruleSet = try loadRules(paths: rules.isEmpty ? config.rulePaths : rules, threshold: config.alertThreshold)
        let scorer = try Scorer(ruleSet: ruleSet)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var regionReplay = RegionReplay(engine: try RegionEngine(config: config.regions, rulesVersion: ruleSet.version), now: Date())
        var output = ""
        var invalid = 0
        var first = true
        try forEachLine(in: files) { name, number, bytes in
            do {
                let item = try NewsItem.decode(bytes, maxBytes: config.maxMessageBytes)
                if explain {
                    let explanation = scorer.explain(item)
                    let record = AssessmentRecord(item: item, assessment: explanation.assessment, rulesVersion: ruleSet.version, input: nil)
                    if json {
                        // The contract's record, with one more key: readers of assessments still work.
                        let line = record.jsonLine()
                        output += line.dropLast() + #","explanation":"# + String(decoding: try encoder.encode(explanation), as: UTF8.self) + "}\n"
                    } else {
                        output += (first ? "" : "\n") + explanation.report(for: item)
                        first = false
                    }
                } else {
                    let assessment = scorer.assess(item)
                    if all || (assessment.alert && !regions) {
                        output += AssessmentRecord(item: item, assessment: assessment, rulesVersion: ruleSet.version, input: nil).jsonLine()
                        output += "\n"
                    }
                    if regions {
                        for alert in regionReplay.add(item, assessment) { output += alert.jsonLine() + "\n" }
                    }
                }
                if output.utf8.count > 1 << 16 { flush(&output) }
            } catch let error as EncodingError {
                throw error
            } catch {
                invalid += 1
                printProblems("\(name):\(number): skipped, not a valid news item: \(error)")
            }
        }
        flush(&output)
        if invalid > 0 { printProblems("\(invalid) invalid lines skipped") }
    }

    private func flush(_ output: inout String) {
        FileHandle.standardOutput.write(Data(output.utf8))
        output = ""
    }
}
