import ArgumentParser
import TocsinPipeline
import TocsinRules

/// `tocsin check`: validate config and rules.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the config and rules; print one path:line:column: message per problem.")

    @OptionGroup var configOptions: ConfigOptions
    @Option(help: "Rule file or folder (repeatable); replaces the config's rules.paths.") var rules: [String] = []

    func run() throws {
        let config = try configOptions.load(required: rules.isEmpty)
        let ruleSet = try loadRules(paths: rules.isEmpty ? config.rulePaths : rules, threshold: config.alertThreshold)
        print("ok: config \(configOptions.path), rules \(ruleSet.version)")
    }
}
