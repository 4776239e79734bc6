import ArgumentParser
import Foundation
import TocsinRules

/// `tocsin score`: offline scoring of a JSONL file.
struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score news JSONL from files or stdin and write assessments as JSONL to stdout.")

    @OptionGroup var configOptions: ConfigOptions
    @Option(help: "Rule file or folder (repeatable); replaces the config's rules.paths.") var rules: [String] = []
    @Flag(help: "Write an assessment for every item, in input order, not only alerts.") var all = false
    @Argument(help: "News JSONL files; stdin when none.") var files: [String] = []

    func run() throws {
        let config = try configOptions.load(required: rules.isEmpty)
        let ruleSet = try loadRules(paths: rules.isEmpty ? config.rulePaths : rules, threshold: config.alertThreshold)
        let scorer = try Scorer(ruleSet: ruleSet)
        var output = ""
        var invalid = 0
        try forEachLine(in: files) { name, number, bytes in
            do {
                let item = try NewsItem.decode(bytes, maxBytes: config.maxMessageBytes)
                let assessment = scorer.assess(item)
                guard all || assessment.alert else { return }
                output += AssessmentRecord(item: item, assessment: assessment, rulesVersion: ruleSet.version, input: nil).jsonLine()
                output += "\n"
                if output.utf8.count > 1 << 16 { flush(&output) }
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
