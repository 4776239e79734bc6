import ArgumentParser
import TocsinPipeline
import TocsinRules

/// `tocsin check`: validate config and rules.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the config and rules; print one path:line:column: message per problem.",
        discussion: """
            Errors are printed as 'path:line:column: message' and make the exit status 1. Warnings \
            (unused lists, rules that can never match, ...) are printed as \
            'path:line:column: warning: message' and leave it 0.
            """)

    @OptionGroup var configOptions: ConfigOptions
    @Option(help: "Rule file or folder (repeatable); replaces the config's rules.paths.") var rules: [String] = []

    func run() throws {
        let config = try configOptions.load(required: rules.isEmpty)
        let paths = rules.isEmpty ? config.rulePaths : rules
        guard !paths.isEmpty else { return try _ = loadRules(paths: paths, threshold: config.alertThreshold) }
        do {
            let ruleSet = try RuleSet.load(paths: paths, alertThreshold: config.alertThreshold)
            printWarnings(ruleSet.warnings)
            let warnings = ruleSet.warnings.isEmpty ? "" : ", \(ruleSet.warnings.count) warning\(ruleSet.warnings.count == 1 ? "" : "s")"
            print("ok: config \(configOptions.path), rules \(ruleSet.version) (\(ruleSet.signalRuleCount) signal rules, \(ruleSet.modifierCount) modifiers\(warnings))")
        } catch {
            printWarnings(error.warnings)
            printProblems(error.description)
            throw ExitCode(1)
        }
    }

    private func printWarnings(_ warnings: [FileProblem]) {
        for warning in sortedByPosition(warnings) {
            printProblems("\(warning.path):\(warning.line):\(warning.column): warning: \(warning.message)")
        }
    }
}

/// Problems in file, line, column order.
func sortedByPosition(_ problems: [FileProblem]) -> [FileProblem] {
    problems.sorted { ($0.path, $0.line, $0.column) < ($1.path, $1.line, $1.column) }
}
